"""The triage list: documents the router did not send to intake (a statement, an order
confirmation, a vendor's inquiry, something else, or a document it was unsure of), with the
route, the scores, and the mail's sender and subject when it came by email. A clerk re-routes
each (an invoice or credit note goes to intake) or files it.

The view parses and renders; procurement.cases.actions (case_reroute, case_file) decide: role,
version (compare-and-set) and state. With htmx the row is answered alone, in its new state.
"""
from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from agents.router import AP_ROUTES, LABELS, ROUTES
from procurement.cases import actions
from procurement.models import Case
from procurement.roles import ADMIN, APPROVER, CLERK, has_role, role_required
from procurement.routing import triage_cases

ROUTE_CHOICES = [(route, LABELS[route]) for route in ROUTES]


def _row(case: Case) -> dict:
    document = case.document
    routing = getattr(document, "routing", None)
    return {
        "case": case,
        "document": document,
        "routing": routing,
        "label": LABELS.get(routing.route, routing.route) if routing else "",
        "scores": [(LABELS[r], s) for r, s in routing.ranked_scores] if routing else [],
        # When the document came by email (procurement.EmailMessage).
        "sender": _sender(document.email) if document.email_id else "",
        "subject": document.email.subject if document.email_id else "",
    }


def _sender(mail) -> str:
    if mail.sender_name and mail.sender:
        return f"{mail.sender_name} <{mail.sender}>"
    return mail.sender_name or mail.sender


def _context(request: HttpRequest) -> dict:
    return {"can_act": has_role(request.user, CLERK, ADMIN), "routes": ROUTE_CHOICES,
            "ap_routes": AP_ROUTES}


@role_required(CLERK, APPROVER, ADMIN)
@require_GET
def triage_page(request: HttpRequest) -> HttpResponse:
    rows = [_row(case) for case in triage_cases()[:200]]
    return render(request, "cases/triage.html",
                  {**_context(request), "rows": rows, "title": f"Triage ({len(rows)})"})


ACTIONS = {
    "reroute": lambda request, pk, version: actions.case_reroute(
        case_id=pk, user=request.user, route=request.POST.get("route", ""),
        reason=request.POST.get("reason", ""), version=version),
    "file": lambda request, pk, version: actions.case_file(
        case_id=pk, user=request.user, reason=request.POST.get("reason", ""), version=version),
}


@role_required(CLERK, APPROVER, ADMIN)
@require_POST
def triage_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404(f"There is no action {action!r}.")
    version = request.POST.get("version", "")
    error = done = ""
    try:
        case = ACTIONS[action](request, pk, int(version) if version.isdigit() else None)
    except actions.CaseActionRefused as refused:
        error = refused.message
    else:
        done = _done_message(case, action)
    if request.headers.get("HX-Request"):
        case = get_object_or_404(Case.objects.select_related(
            "document", "document__routing", "document__workflow", "document__email"), pk=pk)
        return render(request, "cases/_triage_row.html", {
            **_context(request), "row": _row(case), "error": error, "done": done,
            "still_triage": getattr(getattr(case.document, "workflow", None), "state", "")
            == "triage"})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(reverse("triage"))


def _done_message(case: Case, action: str) -> str:
    if action == "file":
        return "Filed; the case is closed."
    routing = getattr(case.document, "routing", None)
    route = routing.route if routing else ""
    if route in AP_ROUTES:
        return f"Re-routed as {LABELS[route]}: intake reads it now."
    return f"Re-routed as {LABELS.get(route, route)}; it stays on the triage list."
