"""The case page: findings in plain words with their actions at the top, the invoice page beside
the purchase order's lines, the story below; and the one POST view every action form posts to.

The view parses and renders; the services in procurement.cases.actions decide (role, state,
version). A refused action comes back as a message on the page, with what the person typed lost
nowhere but the form they can send again.
"""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from approvals.queries import case_emails
from procurement.cases import actions
from procurement.cases.queries import (
    case_assignees,
    case_lines,
    case_story,
    document_text,
    invoice_links,
    kind_label,
)
from procurement.models import Case, Invoice, Vendor
from procurement.roles import ADMIN, APPROVER, CLERK, has_role, role_required
from procurement.services import INVOICE_HEADER_FIELDS

REJECT_REASONS = ("Duplicate invoice", "Not ours", "Wrong vendor", "Already paid",
                  "Goods not received")


def _get_case_for_user(request: HttpRequest, pk: int) -> Case:
    # role_required has already turned away anyone without a role; every role may read a case.
    return get_object_or_404(
        Case.objects.select_related(
            "document", "document__workflow", "document__routing", "document__email",
            "assignee", "payment_approved_by", "invoice__corrects__case",
            "invoice__vendor", "invoice__purchase_order", "invoice__duplicate_of__case",
        ),
        pk=pk,
    )


@role_required(CLERK, APPROVER, ADMIN)
@require_GET
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    case = _get_case_for_user(request, pk)
    invoice: Invoice | None = case.invoice
    workflow = getattr(case.document, "workflow", None)
    findings = list(invoice.findings.select_related("invoice_line", "accepted_by")) \
        if invoice else []
    lines, tolerances = case_lines(invoice=invoice) if invoice else ([], {})
    wstate = workflow.state if workflow else ""
    can_act = has_role(request.user, CLERK, ADMIN) and case.is_open
    deciding = can_act and wstate in actions.WAITING_FOR_CLERK
    payable = can_act and wstate == "approved"
    unreadable = deciding and wstate == "needs_human" and (
        invoice is None or invoice.status == Invoice.Status.EXTRACTED
    ) and not findings
    open_kinds = {f.kind for f in findings if f.is_open}
    context = {
        "case": case,
        "invoice": invoice,
        "document": case.document,
        "workflow": workflow,
        "findings": [(f, kind_label(f.kind)) for f in findings],
        "open_count": sum(1 for f in findings if f.is_open),
        "lines": lines,
        "tolerances": tolerances,
        "story": case_story(workflow_id=workflow.pk) if workflow else [],
        "can_act": can_act,
        "deciding": deciding,
        "payable": payable,
        "unreadable": unreadable,
        "waiting_vendor": can_act and wstate in actions.WAITING_FOR_VENDOR,
        "vendor_unknown": deciding and invoice is not None and invoice.vendor_id is None,
        "duplicate_open": bool(open_kinds & set(actions.DUPLICATE_KINDS)),
        "vendors": Vendor.objects.filter(is_active=True).only("legal_name")[:500]
        if deciding and invoice is not None and invoice.vendor_id is None else [],
        "fields": [(name, str(Invoice._meta.get_field(name).verbose_name),
                    getattr(invoice, name) if invoice else "") for name in INVOICE_HEADER_FIELDS],
        "reject_reasons": REJECT_REASONS,
        "is_admin": has_role(request.user, ADMIN),
        "assignees": case_assignees() if can_act and has_role(request.user, ADMIN) else [],
        "key_in_lines": range(1, 6),
        "case_emails": case_emails(invoice_id=invoice.pk) if invoice else [],
        # Whoever pays this invoice must see the credit notes against it.
        "credit_notes": invoice_links(invoice=invoice)[1] if invoice else [],
        # A routed email body has no page to draw: the clerk reads its words instead.
        "document_text": document_text(document=case.document)
        if invoice is None and hasattr(case.document, "routing") else None,
        **_routing_context(case, wstate),
    }
    return render(request, "cases/case.html", context)


def _routing_context(case: Case, workflow_state: str) -> dict:
    """What the router (or a clerk) said this document is; the re-route form while it waits on
    the triage list."""
    from agents.router import LABELS, ROUTES

    routing = getattr(case.document, "routing", None)
    if routing is None:
        return {"routing": None}
    return {
        "routing": routing,
        "route_label": LABELS.get(routing.route, routing.route),
        "route_scores": [(LABELS.get(r, r), s) for r, s in routing.ranked_scores],
        "triage": workflow_state == "triage",
        "routes": [(route, LABELS[route]) for route in ROUTES],
    }


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def _key_in_lines(post) -> list[dict]:
    rows = []
    for n in range(1, 21):
        row = {name: post.get(f"line-{n}-{name}", "") for name in
               ("description", "quantity", "unit_price", "amount")}
        if any(value.strip() for value in row.values()):
            rows.append(row)
    return rows


# action slug -> (service, how its arguments are read from the form, what to say when done)
ACTIONS = {
    "accept-finding": (actions.case_accept_finding, lambda p: {
        "finding_id": int(p.get("finding_id") or 0), "reason": p.get("reason", "")},
        "Finding accepted."),
    "correct-field": (actions.case_correct_field, lambda p: {
        "field": p.get("field", ""), "value": p.get("value", ""), "reason": p.get("reason", "")},
        "Corrected; validation is running again."),
    "reject": (actions.case_reject, lambda p: {
        "reason": ": ".join(x for x in (p.get("reason_kind", "").strip(),
                                        p.get("reason", "").strip()) if x)},
        "Invoice rejected."),
    "request-email": (actions.case_request_email, lambda p: {"note": p.get("note", "")},
                      "The vendor email is being drafted; an approver signs it off."),
    "hold": (actions.case_hold, lambda p: {"reason": p.get("reason", "")}, "Put on hold."),
    "reopen": (actions.case_reopen, lambda p: {"reason": p.get("reason", "")}, "Reopened."),
    "approve-for-payment": (actions.case_approve_for_payment, lambda p: {},
                            "Payment approved."),
    "assign": (actions.case_assign, lambda p: {"username": p.get("username") or None},
               "Assignment saved."),
    "resolve-vendor": (actions.case_resolve_vendor, lambda p: {
        "vendor_id": int(p["vendor_id"]) if p.get("vendor_id", "").isdigit() else None,
        "new_legal_name": p.get("legal_name", ""), "new_tax_id": p.get("tax_id", "")},
        "Vendor resolved; validation is running again."),
    "key-in": (actions.case_key_in, lambda p: {
        "fields": {name: p.get(name, "") for name in INVOICE_HEADER_FIELDS},
        "lines": _key_in_lines(p)}, "Invoice keyed in; validation is checking it."),
    "mark-not-invoice": (actions.case_mark_not_invoice, lambda p: {"reason": p.get("reason", "")},
                         "Marked as not an invoice."),
    "link-duplicate": (actions.case_link_duplicate, lambda p: {
        "original_case_id": int(p.get("original_case_id") or 0), "reason": p.get("reason", "")},
        "Linked to its original and rejected."),
    "reroute": (actions.case_reroute, lambda p: {
        "route": p.get("route", ""), "reason": p.get("reason", "")}, "Re-routed."),
    "mark-paid": (actions.case_mark_paid, lambda p: {"reason": p.get("reason", "")},
                  "Marked as paid; the case is closed."),
    "file": (actions.case_file, lambda p: {"reason": p.get("reason", "")}, "Filed; case closed."),
    "confirm-not-duplicate": (actions.case_confirm_not_duplicate,
                              lambda p: {"reason": p.get("reason", "")},
                              "Confirmed: not a duplicate."),
}


@role_required(CLERK, APPROVER, ADMIN)
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(f"There is no action {action!r}.")
    service, read, done = ACTIONS[action]
    try:
        arguments = read(request.POST)
    except ValueError:
        messages.error(request, "The form was incomplete; try again.")
        return redirect(reverse("cases:detail", args=[pk]))
    try:
        service(case_id=pk, user=request.user, version=_version(request), **arguments)
    except actions.CaseActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done)
    return redirect(reverse("cases:detail", args=[pk]))
