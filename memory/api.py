"""/api/memory/: the AP admin's review of what the librarian remembers, as JSON: facts
(contradictions first), edit and delete them; tolerance proposals, approve or decline them. The
same services as the /memory/ page, so the same rules: AP admins only (403 for anyone else), a
contradiction is settled by making one fact active again, a proposal is decided once. A refused
action is a 4xx `{"error": reason}`.

This module deliberately has no `from __future__ import annotations`: ninja reads annotations.
"""
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from config.api import ApiError
from memory.models import Fact, ToleranceProposal
from memory.services import (
    MemoryRefused,
    fact_delete,
    fact_edit,
    facts_for_review,
    tolerance_proposal_approve,
    tolerance_proposal_decline,
)
from procurement.roles import ADMIN, has_role

router = Router(tags=["memory"])
LISTED = 300


class FactOut(Schema):
    id: int
    vendor: str | None
    kind: str
    subject: str
    value: str
    text: str
    origin: str
    status: str
    case_id: int | None
    decided_by: str
    seen: int
    evidence: list[dict[str, Any]]
    expires_at: datetime | None
    edited_by: str


class FactIn(Schema):
    text: str
    value: str = ""
    status: str
    expires_on: date | None = None  # the fact is withheld after this day; null: never


class ProposalOut(Schema):
    id: int
    vendor: str
    setting: str
    finding_kind: str
    current: Decimal
    proposed: Decimal
    evidence: list[dict[str, Any]]
    status: str
    decided_by: str | None
    decided_at: datetime | None
    note: str


class NoteIn(Schema):
    note: str = ""


class Deleted(Schema):
    deleted: int


def fact_out(fact: Fact) -> dict:
    return {
        "id": fact.pk, "vendor": fact.vendor.legal_name if fact.vendor_id else None,
        "kind": fact.kind, "subject": fact.subject, "value": fact.value, "text": fact.text,
        "origin": fact.origin, "status": fact.status, "case_id": fact.case_id,
        "decided_by": fact.decided_by, "seen": fact.seen, "evidence": fact.evidence,
        "expires_at": fact.expires_at, "edited_by": fact.edited_by,
    }


def proposal_out(proposal: ToleranceProposal) -> dict:
    return {
        "id": proposal.pk, "vendor": proposal.vendor.legal_name, "setting": proposal.setting,
        "finding_kind": proposal.finding_kind, "current": proposal.current,
        "proposed": proposal.proposed, "evidence": proposal.evidence, "status": proposal.status,
        "decided_by": proposal.decided_by.username if proposal.decided_by_id else None,
        "decided_at": proposal.decided_at, "note": proposal.decision_note,
    }


def _admin(request: HttpRequest) -> None:
    if not has_role(request.user, ADMIN):
        raise ApiError(403, "Only AP admins may review what the librarian remembers.")


def _refused(refused: MemoryRefused) -> ApiError:
    return ApiError(refused.status, refused.message)


@router.get("/facts", response=list[FactOut], summary="Facts, contradictions first")
def list_facts(request: HttpRequest, status: str = ""):
    """status: contradicted, active or expired; empty for all. At most 300."""
    _admin(request)
    if status and status not in Fact.Status.values:
        raise ApiError(422, f"{status!r} is not a status: {', '.join(Fact.Status.values)}.")
    facts = facts_for_review()
    if status:
        facts = facts.filter(status=status)
    return [fact_out(fact) for fact in facts[:LISTED]]


@router.post("/facts/{int:fact_id}/edit", response=FactOut, summary="Edit, settle or retire")
def edit_fact(request: HttpRequest, fact_id: int, payload: FactIn):
    """Rewrite a fact; status active settles a contradiction in its favour (retire or delete the
    other first), expired retires it."""
    _admin(request)
    expires_at = (
        timezone.make_aware(datetime.combine(payload.expires_on, time.max))
        if payload.expires_on else None
    )
    try:
        fact_edit(fact_id=fact_id, user=request.user, text=payload.text, value=payload.value,
                  status=payload.status, expires_at=expires_at)
    except MemoryRefused as refused:
        raise _refused(refused) from None
    return fact_out(Fact.objects.select_related("vendor").get(pk=fact_id))


@router.post("/facts/{int:fact_id}/delete", response=Deleted, summary="Delete a fact")
def delete_fact(request: HttpRequest, fact_id: int):
    _admin(request)
    try:
        fact_delete(fact_id=fact_id, user=request.user)
    except MemoryRefused as refused:
        raise _refused(refused) from None
    return {"deleted": fact_id}


@router.get("/proposals", response=list[ProposalOut], summary="Tolerance proposals")
def list_proposals(request: HttpRequest, status: str = ToleranceProposal.Status.PENDING):
    """status: pending (the default), approved or declined. Newest first, at most 300."""
    _admin(request)
    if status not in ToleranceProposal.Status.values:
        raise ApiError(422, f"{status!r} is not a status: "
                            f"{', '.join(ToleranceProposal.Status.values)}.")
    proposals = ToleranceProposal.objects.filter(status=status).select_related(
        "vendor", "decided_by").order_by("-created_at", "-pk")
    return [proposal_out(p) for p in proposals[:LISTED]]


@router.post("/proposals/{int:proposal_id}/{decision}", response=ProposalOut,
             summary="Approve (applies it to the vendor) or decline a proposal")
def decide_proposal(request: HttpRequest, proposal_id: int, decision: str,
                    payload: NoteIn | None = None):
    _admin(request)
    decide = {"approve": tolerance_proposal_approve, "decline": tolerance_proposal_decline}
    if decision not in decide:
        raise ApiError(404, "Decide with approve or decline.")
    try:
        proposal = decide[decision](proposal_id=proposal_id, user=request.user,
                                    note=payload.note if payload else "")
    except MemoryRefused as refused:
        raise _refused(refused) from None
    return proposal_out(proposal)
