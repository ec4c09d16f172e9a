"""cases.decisions: what people decided on a case (who, what, when, why), for the librarian."""
from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field, StrictInt

from agents.orchestrator.models import Event
from agents.orchestrator.pipeline import Ev
from agents.tools.catalog.invoices import require_workflow_document
from agents.tools.errors import NotFound
from agents.tools.registry import ToolContext, ToolInput, registry
from procurement.models import Case, Finding

# Events that record a person's decision (procurement/cases/actions.py writes them with `by`).
PEOPLE_DECISIONS = (
    Ev.FIELD_CORRECTED, Ev.FIELDS_KEYED_IN, Ev.FINDING_ACCEPTED, Ev.VENDOR_RESOLVED,
    Ev.PAYMENT_FIRST_APPROVAL, Ev.PAYMENT_APPROVED, Ev.INVOICE_REJECTED, Ev.CASE_CLOSED,
    # the router's triage decisions (issue #14): a clerk re-routed or filed a document
    "DocumentRerouted", "RouteChanged", "DocumentFiled",
)


class CaseDecisionsIn(ToolInput):
    document_id: StrictInt = Field(description="The document of the case.")


class DecisionOut(BaseModel):
    type: str
    by: str
    at: dt.datetime
    details: dict[str, Any] = Field(description="The event's payload: field, old, new, reason...")


class AcceptedFindingOut(BaseModel):
    kind: str
    expected: str
    actual: str
    line_no: int | None
    by: str
    at: dt.datetime
    reason: str


class CaseDecisionsOut(BaseModel):
    case_id: int
    state: str
    invoice_id: int | None
    vendor_id: int | None
    decisions: list[DecisionOut] = Field(description="People's decisions, oldest first.")
    accepted_findings: list[AcceptedFindingOut]


@registry.register(
    name="cases.decisions",
    description=(
        "What people decided on a case, oldest first: fields corrected (old and new value), "
        "findings accepted and why, the vendor picked, approval or rejection, with who and when."
    ),
    scope="decisions:read",
    input_model=CaseDecisionsIn,
    output_model=CaseDecisionsOut,
)
def case_decisions(args: CaseDecisionsIn, ctx: ToolContext) -> CaseDecisionsOut:
    require_workflow_document(ctx, args.document_id, f"Document {args.document_id}")
    case = Case.objects.select_related("invoice").filter(document_id=args.document_id).first()
    if case is None:
        raise NotFound(f"There is no case for document {args.document_id}.")
    events = Event.objects.filter(
        workflow__document_id=args.document_id, type__in=PEOPLE_DECISIONS
    ).order_by("created_at", "pk")
    invoice = case.invoice
    accepted = (
        Finding.objects.filter(invoice=invoice, accepted_at__isnull=False)
        .select_related("accepted_by", "invoice_line").order_by("accepted_at", "pk")
        if invoice else []
    )
    return CaseDecisionsOut(
        case_id=case.pk,
        state=case.state,
        invoice_id=invoice.pk if invoice else None,
        vendor_id=invoice.vendor_id if invoice else None,
        decisions=[
            DecisionOut(type=e.type, by=str(e.payload.get("by", "")), at=e.created_at,
                        details={k: v for k, v in e.payload.items() if k != "by"})
            for e in events
        ],
        accepted_findings=[
            AcceptedFindingOut(
                kind=f.kind, expected=f.expected, actual=f.actual,
                line_no=f.invoice_line.line_no if f.invoice_line else None,
                by=f.accepted_by.username if f.accepted_by else "", at=f.accepted_at,
                reason=f.accepted_reason,
            )
            for f in accepted
        ],
    )
