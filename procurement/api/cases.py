"""/api/cases/: the queue and one case as JSON, and one POST per action.

The same queries and services as the pages (procurement.cases); the view only parses and shapes.
This module deliberately has no `from __future__ import annotations`: ninja reads annotations.
"""
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from agents.orchestrator.trail import workflow_trail
from procurement.cases import actions
from procurement.cases.queries import (
    QueueFilters,
    case_lines,
    case_queue,
    invoice_links,
    kind_label,
)
from procurement.models import Case
from procurement.routing import triage_cases

router = Router(tags=["cases"])

PAGE_SIZE = 50


class FindingOut(Schema):
    id: int
    kind: str
    label: str
    severity: str
    message: str = ""
    expected: str = ""
    actual: str = ""
    line_no: int | None = None
    accepted_by: str | None = None
    accepted_at: datetime | None = None
    accepted_reason: str = ""


class CaseSummary(Schema):
    id: int
    state: str
    reason: str
    vendor: str
    invoice_number: str
    po_number: str
    total: Decimal | None
    currency: str
    due_date: date | None
    received_at: datetime
    assignee: str | None
    version: int
    findings: list[FindingOut]


class CasePage(Schema):
    count: int
    page: int
    pages: int
    results: list[CaseSummary]


class LineOut(Schema):
    line_no: int | None
    po_line_no: int | None
    description: str
    ordered: Decimal | None
    received: Decimal | None
    invoiced_elsewhere: Decimal | None
    invoiced_now: Decimal | None
    po_price: Decimal | None
    invoiced_price: Decimal | None
    price_diff_pct: Decimal | None
    differs: list[str]


class TrailOut(Schema):
    at: datetime
    kind: str
    who: str
    what: str


class RouteOut(Schema):
    route: str
    scores: dict[str, float]
    triage: bool
    reason: str
    decided_by: str


class NotTakenOut(Schema):
    filename: str
    reason: str


class EmailOut(Schema):
    """The email the case's document came in (the sender is what the mail claims)."""

    sender: str
    sender_name: str
    subject: str
    message_id: str
    sent_at: datetime | None
    not_taken: list[NotTakenOut]


class LinkedOut(Schema):
    case_id: int | None
    kind: str
    invoice_number: str
    total: Decimal | None
    currency: str
    state: str


class CaseDetail(CaseSummary):
    document_id: int
    # invoice or credit_note; null when nothing was read as either.
    kind: str | None = None
    # A credit note: the invoice it corrects. An invoice: the credit notes against it.
    corrects: LinkedOut | None = None
    credit_notes: list[LinkedOut] = []
    email: EmailOut | None
    workflow_state: str | None
    # What kind of document the router (or a clerk) said it is; null for documents from before.
    route: RouteOut | None = None
    tolerances: dict[str, Decimal]
    lines: list[LineOut]
    trail: list[TrailOut]


class ListParams(Schema):
    """The queue page's filters, by the same names."""

    state: str = ""
    kind: str = ""
    vendor: str = ""
    assignee: str = ""
    age: int | None = Field(None, ge=1, le=3650)
    age_under: int | None = Field(None, ge=1, le=3650)
    received: date | None = None
    q: str = ""
    page: int = 1


def _finding(finding) -> dict:
    return {
        "id": finding.pk,
        "kind": finding.kind,
        "label": kind_label(finding.kind),
        "severity": finding.severity,
        "message": finding.message,
        "expected": finding.expected,
        "actual": finding.actual,
        "line_no": finding.invoice_line.line_no if finding.invoice_line_id else None,
        "accepted_by": finding.accepted_by.username if finding.accepted_by_id else None,
        "accepted_at": finding.accepted_at,
        "accepted_reason": finding.accepted_reason,
    }


def _email(message) -> dict | None:
    if message is None:
        return None
    return {
        "sender": message.sender,
        "sender_name": message.sender_name,
        "subject": message.subject,
        "message_id": message.message_id,
        "sent_at": message.sent_at,
        "not_taken": message.not_taken,
    }


def _summary(case: Case, findings: list) -> dict:
    return {
        "id": case.pk,
        "state": case.state,
        "reason": case.reason,
        "vendor": case.vendor_name,
        "invoice_number": case.invoice_number,
        "po_number": case.po_number,
        "total": case.total,
        "currency": case.currency,
        "due_date": case.due_date,
        "received_at": case.received_at,
        "assignee": case.assignee.username if case.assignee_id else None,
        "version": case.version,
        "findings": [_finding(f) for f in findings],
    }


@router.get("/", response=CasePage, summary="List cases, most urgent first")
def list_cases(request: HttpRequest, params: Query[ListParams]):
    """Filters: state (a case state, `open`, or any when empty), kind (an open finding's kind),
    vendor (id or part of the name), assignee (me, unassigned or a username), age (received at
    least this many days ago), age_under (less than this many days ago), received (on this day,
    YYYY-MM-DD), q (vendor, invoice or PO number)."""
    from procurement.cases.queries import open_findings

    cases = case_queue(
        filters=QueueFilters(
            state=params.state, kind=params.kind, vendor=params.vendor,
            assignee=params.assignee, min_age_days=params.age,
            max_age_days=params.age_under, received_on=params.received, q=params.q,
        ),
        user=request.user,
    )
    count = cases.count()
    page = max(1, params.page)
    rows = list(cases[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    findings: dict[int, list] = {}
    for finding in open_findings().filter(
        invoice_id__in=[c.invoice_id for c in rows if c.invoice_id]
    ).select_related("invoice_line", "accepted_by"):
        findings.setdefault(finding.invoice_id, []).append(finding)
    return {
        "count": count,
        "page": page,
        "pages": max(1, -(-count // PAGE_SIZE)),
        "results": [_summary(c, findings.get(c.invoice_id, [])) for c in rows],
    }


def case_detail(case_id: int) -> dict:
    case = get_object_or_404(
        Case.objects.select_related(
            "assignee", "document__workflow", "document__routing", "document__email",
            "invoice__vendor",
            "invoice__purchase_order",
        ),
        pk=case_id,
    )
    invoice = case.invoice
    findings = (
        list(invoice.findings.select_related("invoice_line", "accepted_by")) if invoice else []
    )
    lines, tolerances = case_lines(invoice=invoice) if invoice else ([], {})
    workflow = getattr(case.document, "workflow", None)
    trail = workflow_trail(workflow_id=workflow.pk) if workflow else []
    corrects, credit_notes = invoice_links(invoice=invoice) if invoice else (None, [])
    return {
        **_summary(case, findings),
        "document_id": case.document_id,
        "kind": invoice.kind if invoice else None,
        "corrects": asdict(corrects) if corrects else None,
        "credit_notes": [asdict(note) for note in credit_notes],
        "email": _email(case.document.email),
        "workflow_state": workflow.state if workflow else None,
        "route": _route(case),
        "tolerances": tolerances,
        "lines": [
            {
                "line_no": row.invoice_line.line_no if row.invoice_line else None,
                "po_line_no": row.po_line.line_no if row.po_line else None,
                "description": row.description,
                "ordered": row.ordered,
                "received": row.received,
                "invoiced_elsewhere": row.invoiced_elsewhere,
                "invoiced_now": row.invoiced_now,
                "po_price": row.po_price,
                "invoiced_price": row.invoiced_price,
                "price_diff_pct": row.price_diff_pct,
                "differs": sorted(row.differs),
            }
            for row in lines
        ],
        "trail": [
            {"at": entry.at, "kind": entry.kind, "who": entry.agent, "what": entry.title}
            for entry in trail
            if entry.kind in ("event", "decision", "step_finished", "step_failed")
        ],
    }


def _route(case: Case) -> dict | None:
    routing = getattr(case.document, "routing", None)
    if routing is None:
        return None
    return {"route": routing.route, "scores": routing.scores, "triage": routing.triage,
            "reason": routing.reason, "decided_by": routing.decided_by}


class TriageOut(Schema):
    id: int
    version: int
    filename: str
    received_at: datetime
    route: RouteOut | None
    email: EmailOut | None


@router.get("/triage", response=list[TriageOut], summary="The triage list, oldest first")
def list_triage(request: HttpRequest):
    """Documents the router did not send to intake, as on /triage/: re-route each
    (`POST /api/cases/<id>/reroute`) or file it (`POST /api/cases/<id>/file`). At most 200."""
    return [
        {"id": case.pk, "version": case.version, "filename": case.document.original_filename,
         "received_at": case.received_at, "route": _route(case),
         "email": _email(case.document.email)}
        for case in triage_cases()[:200]
    ]


@router.get("/{int:case_id}", response=CaseDetail, summary="One case: findings, lines, trail")
def get_case(request: HttpRequest, case_id: int):
    return case_detail(case_id)


# --- actions: one POST each, the same services as the case page --------------------------------


class Versioned(Schema):
    # The case's version as you read it (GET); when given, a case changed since is refused (409).
    version: int | None = None


class AcceptFindingIn(Versioned):
    finding_id: int
    reason: str


class CorrectFieldIn(Versioned):
    field: str
    value: str
    reason: str = ""


class ReasonIn(Versioned):
    reason: str


class OptionalReasonIn(Versioned):
    reason: str = ""


class AssignIn(Versioned):
    username: str | None


class RequestEmailIn(Versioned):
    note: str = ""


class ResolveVendorIn(Versioned):
    vendor_id: int | None = None
    legal_name: str = ""
    tax_id: str = ""


class RerouteIn(Versioned):
    route: str
    reason: str = ""


class KeyInLine(Schema):
    description: str = ""
    quantity: str = ""
    unit_price: str = ""
    amount: str = ""


class KeyInIn(Versioned):
    fields: dict[str, str]
    lines: list[KeyInLine] = []


class LinkDuplicateIn(Versioned):
    original_case_id: int
    reason: str = ""


def _done(case) -> dict:
    return case_detail(case.pk)


def _action(path: str, summary: str):
    return router.post(f"/{{int:case_id}}/{path}", response=CaseDetail, summary=summary)


@_action("accept-finding", "Accept a finding with a reason")
def accept_finding(request: HttpRequest, case_id: int, payload: AcceptFindingIn):
    return _done(actions.case_accept_finding(
        case_id=case_id, user=request.user, finding_id=payload.finding_id,
        reason=payload.reason, version=payload.version,
    ))


@_action("correct-field", "Correct an extracted field; validation runs again")
def correct_field(request: HttpRequest, case_id: int, payload: CorrectFieldIn):
    return _done(actions.case_correct_field(
        case_id=case_id, user=request.user, field=payload.field, value=payload.value,
        reason=payload.reason, version=payload.version,
    ))


@_action("reject", "Reject the invoice with a reason")
def reject(request: HttpRequest, case_id: int, payload: ReasonIn):
    return _done(actions.case_reject(
        case_id=case_id, user=request.user, reason=payload.reason, version=payload.version
    ))


@_action("hold", "Put on hold, waiting for the vendor")
def hold(request: HttpRequest, case_id: int, payload: OptionalReasonIn | None = None):
    payload = payload or OptionalReasonIn()
    return _done(actions.case_hold(
        case_id=case_id, user=request.user, reason=payload.reason, version=payload.version
    ))


@_action("reopen", "Reopen a case that waits for the vendor")
def reopen(request: HttpRequest, case_id: int, payload: OptionalReasonIn | None = None):
    payload = payload or OptionalReasonIn()
    return _done(actions.case_reopen(
        case_id=case_id, user=request.user, reason=payload.reason, version=payload.version
    ))


@_action("assign", "Assign (a clerk claims; an AP admin reassigns); null unassigns")
def assign(request: HttpRequest, case_id: int, payload: AssignIn):
    return _done(actions.case_assign(
        case_id=case_id, user=request.user, username=payload.username, version=payload.version
    ))


@_action("approve-for-payment", "Approve for payment (four eyes above the limit)")
def approve_for_payment(request: HttpRequest, case_id: int, payload: Versioned | None = None):
    payload = payload or Versioned()
    return _done(actions.case_approve_for_payment(
        case_id=case_id, user=request.user, version=payload.version
    ))


@_action("request-email", "Ask the exception agent for a vendor email")
def request_email(request: HttpRequest, case_id: int, payload: RequestEmailIn | None = None):
    payload = payload or RequestEmailIn()
    return _done(actions.case_request_email(
        case_id=case_id, user=request.user, note=payload.note, version=payload.version
    ))


@_action("resolve-vendor", "Pick (vendor_id) or add (legal_name) the vendor; validation reruns")
def resolve_vendor(request: HttpRequest, case_id: int, payload: ResolveVendorIn):
    return _done(actions.case_resolve_vendor(
        case_id=case_id, user=request.user, vendor_id=payload.vendor_id,
        new_legal_name=payload.legal_name, new_tax_id=payload.tax_id, version=payload.version,
    ))


@_action("key-in", "Key in an unreadable invoice; validation checks it")
def key_in(request: HttpRequest, case_id: int, payload: KeyInIn):
    return _done(actions.case_key_in(
        case_id=case_id, user=request.user, fields=payload.fields,
        lines=[line.dict() for line in payload.lines], version=payload.version,
    ))


@_action("mark-not-invoice", "Mark the document as not an invoice")
def mark_not_invoice(request: HttpRequest, case_id: int, payload: OptionalReasonIn | None = None):
    payload = payload or OptionalReasonIn()
    return _done(actions.case_mark_not_invoice(
        case_id=case_id, user=request.user, reason=payload.reason, version=payload.version
    ))


@_action("link-duplicate", "Link a duplicate to its original case, and reject it")
def link_duplicate(request: HttpRequest, case_id: int, payload: LinkDuplicateIn):
    return _done(actions.case_link_duplicate(
        case_id=case_id, user=request.user, original_case_id=payload.original_case_id,
        reason=payload.reason, version=payload.version,
    ))


@_action("confirm-not-duplicate", "Confirm a suspected duplicate is a different invoice")
def confirm_not_duplicate(request: HttpRequest, case_id: int, payload: ReasonIn):
    return _done(actions.case_confirm_not_duplicate(
        case_id=case_id, user=request.user, reason=payload.reason, version=payload.version
    ))


@_action("reroute", "Re-route a triaged document (invoice and credit_note go to intake)")
def reroute(request: HttpRequest, case_id: int, payload: RerouteIn):
    return _done(actions.case_reroute(
        case_id=case_id, user=request.user, route=payload.route, reason=payload.reason,
        version=payload.version,
    ))


@_action("file", "File a triaged document: nothing for accounts payable to do")
def file(request: HttpRequest, case_id: int, payload: OptionalReasonIn | None = None):
    payload = payload or OptionalReasonIn()
    return _done(actions.case_file(
        case_id=case_id, user=request.user, reason=payload.reason, version=payload.version
    ))


@_action("mark-paid", "Mark a ready-to-pay invoice as paid: the case closes")
def mark_paid(request: HttpRequest, case_id: int, payload: OptionalReasonIn | None = None):
    payload = payload or OptionalReasonIn()
    return _done(actions.case_mark_paid(
        case_id=case_id, user=request.user, reason=payload.reason, version=payload.version
    ))
