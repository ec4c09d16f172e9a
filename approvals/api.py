"""/api/approvals/: the approvals inbox as JSON, and approve / reject / edit, for approval
channels (a chat bot, a phone) acting with a person's token. The same services as the page, so
the same rules: role, four eyes, two approvers above the policy's amount, content hash. A refused
action is a 4xx `{"error": reason}`.

This module deliberately has no `from __future__ import annotations`: ninja reads annotations.
"""
from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from approvals.models import OutboundEmail
from approvals.queries import case_id_of, emails_in_state, emails_visible_to
from approvals.services import EmailRefused, email_approve, email_edit, email_reject
from config.api import ApiError

router = Router(tags=["approvals"])


class VerdictOut(Schema):
    rule: str
    passed: bool
    evidence: str
    offending: list[str] = []


class EmailOut(Schema):
    id: int
    state: str
    case_id: int | None
    to: str
    cc: list[str]
    subject: str
    body: str
    guardrails: list[VerdictOut]
    drafted_by: str
    edited_by: str | None
    approved_by: list[str]
    amount_at_stake: Decimal | None
    currency: str
    message_id: str
    send_error: str
    reason: str
    sent_at: datetime | None


class DecisionOut(Schema):
    message: str
    email: EmailOut


class RejectIn(Schema):
    reason: str


class EditIn(Schema):
    subject: str
    body: str


def email_out(email: OutboundEmail) -> dict:
    return {
        "id": email.pk,
        "state": email.state,
        "case_id": case_id_of(email),
        "to": email.to_email,
        "cc": email.cc,
        "subject": email.subject,
        "body": email.body,
        "guardrails": email.verdicts,
        "drafted_by": email.drafted_by,
        "edited_by": email.edited_by.username if email.edited_by_id else None,
        "approved_by": [
            a.user.username for a in email.approvals.all() if a.content_hash == email.content_hash
        ],
        "amount_at_stake": email.amount_at_stake,
        "currency": email.currency,
        "message_id": email.message_id,
        "send_error": email.send_error,
        "reason": email.reason,
        "sent_at": email.sent_at,
    }


def _refused(refused: EmailRefused) -> ApiError:
    return ApiError(refused.status, str(refused))


def _fresh(request: HttpRequest, email_id: int) -> dict:
    return email_out(emails_visible_to(request.user).get(pk=email_id))


@router.get("/", response=list[EmailOut], summary="Drafted emails in one state")
def list_emails(request: HttpRequest, state: str = "awaiting_approval"):
    """state: awaiting_approval (the default), blocked, approved, sending, sent, rejected,
    voided or expired. Newest first, at most 200."""
    try:
        return [email_out(email) for email in emails_in_state(user=request.user, state=state)[:200]]
    except EmailRefused as refused:
        raise _refused(refused) from None


@router.get("/{email_id}", response=EmailOut, summary="One drafted email")
def get_email(request: HttpRequest, email_id: int):
    try:
        found = emails_visible_to(request.user).filter(pk=email_id).first()
    except EmailRefused as refused:
        raise _refused(refused) from None
    if found is None:
        raise ApiError(404, f"There is no email {email_id}.")
    return email_out(found)


@router.post("/{email_id}/approve", response=DecisionOut, summary="Approve (Approvers only)")
def approve(request: HttpRequest, email_id: int):
    try:
        outcome = email_approve(email_id=email_id, user=request.user)
    except EmailRefused as refused:
        raise _refused(refused) from None
    return {"message": outcome.message, "email": _fresh(request, email_id)}


@router.post("/{email_id}/reject", response=DecisionOut, summary="Reject with a reason")
def reject(request: HttpRequest, email_id: int, payload: RejectIn):
    try:
        email_reject(email_id=email_id, user=request.user, reason=payload.reason)
    except EmailRefused as refused:
        raise _refused(refused) from None
    return {"message": "Rejected: the case is back with the clerk.",
            "email": _fresh(request, email_id)}


@router.post("/{email_id}/edit", response=DecisionOut, summary="Edit subject and body")
def edit(request: HttpRequest, email_id: int, payload: EditIn):
    """The guardrails run again. Editing an approved email voids it: the edit becomes a new
    email (its id is in the answer) that needs approving again."""
    try:
        email = email_edit(
            email_id=email_id, user=request.user, subject=payload.subject, body=payload.body
        )
    except EmailRefused as refused:
        raise _refused(refused) from None
    message = (
        "Blocked by a guardrail: see guardrails." if email.state == OutboundEmail.State.BLOCKED
        else "Saved; it waits for an approver."
    )
    return {"message": message, "email": _fresh(request, email.pk)}
