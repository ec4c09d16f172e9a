"""Approvals services: every action on an outbound email, for the page, the API, the agents'
tool and the tests alike. Role and state rules live here; every state change is compare-and-set
and leaves an EmailEvent for the case's trail.

    email_propose  a draft (agent or person) -> guardrails -> blocked | awaiting_approval
    email_edit     new content -> guardrails again; an approved email is voided, its edit is new
    email_approve  an Approver signs the exact content (hash); enough signatures -> approved
    email_reject   an Approver says no, with a reason -> rejected (back to the clerk)
    email_discard  a clerk or approver drops a draft -> voided
    emails_void_for_invoice  the case was resolved otherwise -> voided
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from approvals.guardrails import Draft, case_facts, run_guardrails
from approvals.models import ApprovalPolicy, EmailApproval, EmailEvent, OutboundEmail
from procurement.models import Invoice, StaffMember, VendorContact
from procurement.roles import ADMIN, APPROVER, CLERK, has_role

log = logging.getLogger(__name__)
S = OutboundEmail.State
# Where a draft can still be changed or dropped: nothing has been signed off for sending.
OPEN = (S.PROPOSED, S.BLOCKED, S.AWAITING_APPROVAL)


class EmailRefused(Exception):
    """An action the rules refuse, with the reason a person reads. `status` is the HTTP answer:
    403 (role), 404 (no such email), 409 (state), 422 (bad input)."""

    def __init__(self, message: str, *, status: int = 409):
        super().__init__(message)
        self.status = status


# --- proposing and checking ---------------------------------------------------------------------


def email_propose(
    *,
    invoice_id: int,
    workflow_id: int | None,
    to_email: str,
    to_name: str,
    subject: str,
    body: str,
    signed_by_id: int | None,
    drafted_by: str,
    idempotency_key: str,
    cc: list[str] | None = None,
    user=None,
) -> tuple[OutboundEmail, bool]:
    """Record a draft, run the guardrails on it; the same key twice returns the first draft.

    The same rules hold for an agent and a person: the invoice is in exception, and the email
    goes to a contact of the invoice's vendor on file.
    """
    existing = OutboundEmail.objects.filter(idempotency_key=idempotency_key).first()
    if existing:
        return existing, False
    invoice = Invoice.objects.filter(pk=invoice_id).first()
    if invoice is None:
        raise EmailRefused(f"There is no invoice {invoice_id}.", status=404)
    if invoice.status != Invoice.Status.EXCEPTION:
        raise EmailRefused(
            f"Invoice {invoice_id} is {invoice.status}, not in exception: an email to the vendor "
            "is proposed only about an invoice in exception."
        )
    if invoice.vendor_id is None:
        raise EmailRefused(
            f"Invoice {invoice_id} is not linked to a vendor on file, so there is no contact to "
            "write to."
        )
    if not VendorContact.objects.filter(
        vendor_id=invoice.vendor_id, email__iexact=to_email.strip()
    ).exists():
        raise EmailRefused(
            f"{to_email} is not a contact of the invoice's vendor: write only to one of the "
            "vendor's contacts on file."
        )
    if signed_by_id is not None and not StaffMember.objects.filter(pk=signed_by_id).exists():
        raise EmailRefused(f"There is no staff member {signed_by_id}.", status=404)
    try:
        with transaction.atomic():
            email = OutboundEmail(
                invoice=invoice,
                workflow_id=workflow_id,
                to_email=to_email.strip(),
                to_name=to_name[:200],
                cc=list(cc or []),
                subject=subject[:300],
                body=body,
                draft_subject=subject[:300],
                draft_body=body,
                signed_by_id=signed_by_id,
                drafted_by=drafted_by[:200],
                drafted_by_user=user,
                amount_at_stake=invoice.total,
                currency=invoice.currency,
                idempotency_key=idempotency_key,
            )
            email.content_hash = email.compute_hash()
            email.save()
            _record(email, "", S.PROPOSED, drafted_by, "drafted")
    except IntegrityError:
        return OutboundEmail.objects.get(idempotency_key=idempotency_key), False
    _check_and_route(email, actor="guardrails")
    return email, True


def email_check(*, email: OutboundEmail) -> list[dict]:
    """Run every guardrail on the email as it stands; store and return the verdicts."""
    draft = Draft(
        to=email.to_email, subject=email.subject, body=email.body, cc=tuple(email.cc),
        workflow_id=email.workflow_id,
    )
    facts = case_facts(invoice_id=email.invoice_id)
    verdicts = [verdict.as_dict() for verdict in run_guardrails(draft, facts)]
    email.verdicts, email.checked_hash = verdicts, email.content_hash
    email.checked_at = timezone.now()
    OutboundEmail.objects.filter(pk=email.pk, content_hash=email.content_hash).update(
        verdicts=verdicts, checked_hash=email.checked_hash, checked_at=email.checked_at
    )
    return verdicts


def _check_and_route(email: OutboundEmail, *, actor: str) -> None:
    """proposed -> blocked (a verdict failed) or awaiting_approval."""
    email_check(email=email)
    blocked = email.blocking_verdicts
    target = S.BLOCKED if blocked else S.AWAITING_APPROVAL
    note = "; ".join(f"{v['rule']}: {v['evidence']}" for v in blocked) or "every guardrail passed"
    _transition(email, (S.PROPOSED,), target, actor=actor, note=note)


# --- people's decisions ---------------------------------------------------------------------------


def email_edit(*, email_id: int, user, subject: str, body: str) -> OutboundEmail:
    """New subject and body, checked again. Returns the email that carries the new content: the
    same one, or (when it was already approved) a new one, the approved one being voided."""
    _require_role(user, CLERK, APPROVER, ADMIN, action="edit an email")
    subject, body = subject.strip(), body.strip() + "\n"
    if len(subject) < 5 or len(body) < 20:
        raise EmailRefused("A subject (5 characters or more) and a body are required.", status=422)
    if "\n" in subject or "\r" in subject:
        raise EmailRefused("The subject must be one line.", status=422)
    email = _get(email_id)
    if (subject, body) == (email.subject, email.body):
        return email
    actor = user.get_username()
    if email.state == S.APPROVED:
        return _edit_after_approval(email, user=user, subject=subject, body=body)
    if email.state not in (S.BLOCKED, S.AWAITING_APPROVAL):
        raise EmailRefused(f"This email is {email.get_state_display().lower()}: it can no longer "
                           "be edited.")
    old_hash = email.content_hash
    email.subject, email.body = subject, body
    email.content_hash = email.compute_hash()
    now = timezone.now()
    with transaction.atomic():
        changed = OutboundEmail.objects.filter(
            pk=email.pk, state=email.state, content_hash=old_hash
        ).update(
            subject=subject, body=body, content_hash=email.content_hash, edited_by=user,
            edited_at=now, state=S.PROPOSED, verdicts=[], checked_hash="", updated_at=now,
        )
        if changed != 1:
            raise EmailRefused("Someone else changed this email meanwhile; reload and try again.")
        _record(email, email.state, S.PROPOSED, actor, "edited")
        was_blocked = email.state == S.BLOCKED
        email.state, email.edited_by, email.edited_at = S.PROPOSED, user, now
        _check_and_route(email, actor="guardrails")
        if was_blocked and email.state == S.AWAITING_APPROVAL:
            # The blocked draft had sent the case back to the clerk; now an approver decides.
            _case_event(email, "EmailDrafted", {"email_id": email.pk, "edited_by": actor})
    return email


def _edit_after_approval(email: OutboundEmail, *, user, subject: str, body: str) -> OutboundEmail:
    """The approval was for other words: void it, and put the edited words up as a new email."""
    with transaction.atomic():
        _transition(email, (S.APPROVED,), S.VOIDED, actor=user.get_username(),
                    note="edited after approval: the approval no longer holds",
                    reason="Edited after approval.", decided_by=user)
        successor = OutboundEmail(
            invoice_id=email.invoice_id, workflow_id=email.workflow_id, to_name=email.to_name,
            to_email=email.to_email, cc=email.cc, subject=subject, body=body,
            draft_subject=email.draft_subject, draft_body=email.draft_body,
            signed_by_id=email.signed_by_id, drafted_by=email.drafted_by,
            drafted_by_user_id=email.drafted_by_user_id, edited_by=user, edited_at=timezone.now(),
            replaces=email, amount_at_stake=email.amount_at_stake, currency=email.currency,
            idempotency_key=f"{email.idempotency_key}:edit-of:{email.pk}",
        )
        successor.content_hash = successor.compute_hash()
        successor.save()
        _record(successor, "", S.PROPOSED, user.get_username(),
                f"edited from email {email.pk} after its approval")
        _check_and_route(successor, actor="guardrails")
    return successor


@dataclass(frozen=True)
class ApprovalOutcome:
    email: OutboundEmail
    message: str


def email_approve(*, email_id: int, user) -> ApprovalOutcome:
    """Sign off the email's current content. Approved (and handed to the outbox) once the policy
    is met: enough different approvers, and not only the person who last edited it."""
    _require_role(user, APPROVER, action="approve an email")
    with transaction.atomic():
        email = _get(email_id, lock=True)
        already = EmailApproval.objects.filter(
            email=email, user=user, content_hash=email.content_hash
        ).exists()
        if email.state != S.AWAITING_APPROVAL:
            if already:  # a double click, or the second tab: nothing more to do
                return ApprovalOutcome(email, "You have already approved this email.")
            raise EmailRefused(_why_not_awaiting(email))
        if email.checked_hash != email.content_hash or email.blocking_verdicts:
            raise EmailRefused("The guardrails have not passed this content; it cannot be "
                               "approved.")
        if already:
            return ApprovalOutcome(email, "You have already approved this email.")
        EmailApproval.objects.create(email=email, user=user, content_hash=email.content_hash)
        approvers = set(
            EmailApproval.objects.filter(email=email, content_hash=email.content_hash)
            .values_list("user_id", flat=True)
        )
        missing = _missing_approvals(email, approvers)
        actor = user.get_username()
        if missing:
            _record(email, email.state, email.state, actor, f"approved; {missing}")
            return ApprovalOutcome(email, f"Your approval is recorded; {missing}")
        _transition(
            email, (S.AWAITING_APPROVAL,), S.APPROVED, actor=actor,
            note=f"approved (content {email.content_hash[:12]})",
            approved_at=timezone.now(), next_attempt_at=None,
            # Generated once, before the first attempt: every retry sends the same Message-ID.
            message_id=email.message_id or make_msgid(domain=_message_id_domain()),
        )
        from approvals.outbox import outbox_enqueue

        outbox_enqueue(email_id=email.pk)
    return ApprovalOutcome(email, "Approved: the email is on its way.")


def _missing_approvals(email: OutboundEmail, approvers: set[int]) -> str:
    """What the policy still needs, in words, or '' when it is met."""
    policy = ApprovalPolicy.current()
    needed = 1
    if (
        policy.two_approvers_above is not None
        and email.amount_at_stake is not None
        and email.amount_at_stake > policy.two_approvers_above
    ):
        needed = 2
    if len(approvers) < needed:
        return (f"{email.amount_at_stake} {email.currency} is above "
                f"{policy.two_approvers_above}: a second approver must approve it too.")
    if email.edited_by_id is not None and not approvers - {email.edited_by_id}:
        return ("you edited it last, so another approver must approve it too (four eyes).")
    return ""


def email_reject(*, email_id: int, user, reason: str) -> OutboundEmail:
    """No: the email is not sent, and the case goes back to the clerk with the reason."""
    _require_role(user, APPROVER, action="reject an email")
    reason = (reason or "").strip()
    if not reason:
        raise EmailRefused("A rejection needs a reason: the clerk reads it.", status=422)
    with transaction.atomic():
        email = _get(email_id, lock=True)
        # Approved but not yet claimed by the outbox (or refused for good by the mail server):
        # an approver may still say no. Once sending, it is too late.
        if email.state not in (S.BLOCKED, S.AWAITING_APPROVAL, S.APPROVED):
            raise EmailRefused(_why_not_awaiting(email))
        _transition(email, (email.state,), S.REJECTED, actor=user.get_username(), note=reason,
                    reason=reason, decided_by=user)
        _case_event(email, "EmailRejected", {
            "email_id": email.pk, "reason": f"The approver rejected the email: {reason}",
        })
    return email


def email_discard(*, email_id: int, user, reason: str = "") -> OutboundEmail:
    """Drop a draft nobody has signed off (typically a blocked one) without sending it."""
    _require_role(user, CLERK, APPROVER, ADMIN, action="discard an email")
    email = _get(email_id)
    if email.state not in OPEN:
        raise EmailRefused(_why_not_awaiting(email))
    _transition(email, (email.state,), S.VOIDED, actor=user.get_username(),
                note=reason or "discarded", reason=reason or "Discarded.", decided_by=user)
    return email


def emails_void_for_invoice(*, invoice_id: int, reason: str, actor: str) -> int:
    """The case was resolved otherwise: whatever has not started sending will not be sent."""
    voided = 0
    for email in OutboundEmail.objects.filter(
        invoice_id=invoice_id, state__in=(*OPEN, S.APPROVED)
    ):
        try:
            _transition(email, (email.state,), S.VOIDED, actor=actor, note=reason, reason=reason)
            voided += 1
        except EmailRefused:
            continue  # it moved meanwhile (the outbox claimed it): it is the outbox's now
    return voided


def emails_expire() -> int:
    """Drafts left awaiting approval longer than APPROVALS_EXPIRE_DAYS expire."""
    cutoff = timezone.now() - timedelta(days=settings.APPROVALS_EXPIRE_DAYS)
    expired = 0
    for email in OutboundEmail.objects.filter(
        state__in=(S.AWAITING_APPROVAL, S.BLOCKED), created_at__lt=cutoff
    ):
        waited_for_approver = email.state == S.AWAITING_APPROVAL
        try:
            with transaction.atomic():
                _transition(email, (email.state,), S.EXPIRED, actor="outbox",
                            note=f"nobody decided within {settings.APPROVALS_EXPIRE_DAYS} days",
                            reason="Expired without a decision.")
                if waited_for_approver:  # the case goes back to the clerk
                    _case_event(email, "NeedsHuman", {
                        "email_id": email.pk,
                        "reason": "The drafted email expired: no approver decided within "
                        f"{settings.APPROVALS_EXPIRE_DAYS} days.",
                    })
            expired += 1
        except EmailRefused:
            continue
    return expired


# --- plumbing -------------------------------------------------------------------------------------


def _get(email_id: int, *, lock: bool = False) -> OutboundEmail:
    query = OutboundEmail.objects.select_for_update() if lock else OutboundEmail.objects
    email = query.filter(pk=email_id).first()
    if email is None:
        raise EmailRefused(f"There is no email {email_id}.", status=404)
    return email


def _require_role(user, *roles: str, action: str) -> None:
    if user is None or not has_role(user, *roles):
        raise EmailRefused(f"Your role may not {action}.", status=403)


def _why_not_awaiting(email: OutboundEmail) -> str:
    if email.state == S.BLOCKED:
        rules = ", ".join(v["rule"] for v in email.blocking_verdicts)
        return f"This email is blocked by a guardrail ({rules}): edit it or discard it."
    return f"This email is {email.get_state_display().lower()}, not awaiting approval."


def _transition(email: OutboundEmail, expected: tuple[str, ...], target: str, *, actor: str,
                note: str = "", **fields) -> None:
    """Compare-and-set the state; exactly one row must change, and the trail gets an event."""
    fields["updated_at"] = timezone.now()
    changed = OutboundEmail.objects.filter(pk=email.pk, state__in=expected).update(
        state=target, **fields
    )
    if changed != 1:
        current = OutboundEmail.objects.filter(pk=email.pk).values_list("state", flat=True).first()
        raise EmailRefused(f"This email is {current or 'gone'} now, not {'/'.join(expected)}; "
                           "someone else acted on it meanwhile.")
    previous = email.state
    for name, value in fields.items():
        setattr(email, name, value)
    email.state = target
    _record(email, previous, target, actor, note)


def _record(email: OutboundEmail, from_state: str, to_state: str, actor: str, note: str) -> None:
    EmailEvent.objects.create(
        email=email, from_state=from_state, to_state=to_state, actor=actor[:200], note=note
    )


def _case_event(email: OutboundEmail, event_type: str, payload: dict) -> None:
    """Tell the case's workflow (it moves as the pipeline says). A workflow that cannot take the
    event (it moved on) must not undo the email's own change, so a refusal is only logged."""
    if email.workflow_id is None:
        return
    from agents.orchestrator.services import workflow_emit
    from agents.orchestrator.states import IllegalTransition

    try:
        with transaction.atomic():
            workflow_emit(workflow_id=email.workflow_id, event_type=event_type, payload=payload)
    except IllegalTransition as exc:
        log.warning("email %s: workflow %s did not take %s: %s", email.pk, email.workflow_id,
                    event_type, exc)


def _message_id_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
