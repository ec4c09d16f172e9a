"""The outbox relay: each approved email sent once, as its own rq job (never inside an agent
step's transaction).

    approved --claim (compare-and-set, with a lease)--> sending --SMTP accepted--> sent
    sending  --4xx / connection lost--> approved (retried later, backoff)
    sending  --5xx--> approved with send_failed: not retried; the approver sees the refusal
    sending  --a guardrail fails now--> blocked

A job delivered twice finds nothing to claim the second time. A worker killed mid-send leaves the
email `sending` until its lease expires; the sweep then hands it to another worker, which sends
it again with the same stored Message-ID. If the first worker died after the SMTP server
accepted the message but before `sent` was saved, that is a second copy: plain SMTP cannot tell
us, and receiving systems drop the duplicate by its Message-ID (README: "Approvals").
"""
from __future__ import annotations

import logging
import random
import smtplib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from agents.orchestrator.queueing import enqueue
from approvals.models import EmailApproval, OutboundEmail
from approvals.services import (
    EmailRefused,
    _case_event,
    _record,
    _transition,
    email_check,
    emails_expire,
)

log = logging.getLogger(__name__)
S = OutboundEmail.State
SEND_JOB = "approvals.jobs.send_email"
BATCH = 500


def outbox_enqueue(*, email_id: int, at=None) -> None:
    """Have a worker try to send the email (after the current transaction commits)."""
    enqueue(SEND_JOB, email_id, queue="steps", at=at)


def email_send(*, email_id: int) -> str:
    """Claim, check again, send, record. Returns what happened (for the job's log)."""
    token = uuid.uuid4().hex
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimable = Q(state=S.APPROVED, send_failed=False) & due | Q(
        state=S.SENDING, lease_expires_at__lt=now
    )
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update(skip_locked=True).filter(
            claimable, pk=email_id
        ).first()
        if email is None:
            return "skipped: not approved, not due, or another worker holds it"
        previous = email.state
        OutboundEmail.objects.filter(pk=email.pk).update(
            state=S.SENDING, lease_token=token, lease_expires_at=now + lease,
            send_attempts=F("send_attempts") + 1, updated_at=now,
        )
        email.refresh_from_db()
        note = f"attempt {email.send_attempts}"
        if previous == S.SENDING:
            note += " (the previous worker's lease expired: it may have sent it already)"
        _record(email, previous, S.SENDING, "outbox", note)

    refusal = _refuse_before_sending(email)
    if refusal:
        return refusal
    try:
        _deliver(email)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded; none is lost
        return _failed(email, token, exc)
    with transaction.atomic():
        changed = OutboundEmail.objects.filter(
            pk=email.pk, state=S.SENDING, lease_token=token
        ).update(state=S.SENT, sent_at=timezone.now(), lease_token="", lease_expires_at=None,
                 send_error="", updated_at=timezone.now())
        if changed != 1:
            # Our lease expired and another worker took over: it records the outcome.
            log.warning("email %s was sent but its lease had passed to another worker", email.pk)
            return "sent, but the lease had expired"
        _record(email, S.SENDING, S.SENT, "outbox", f"accepted by the mail server as "
                f"{email.message_id}")
        _case_event(email, "EmailSent", {"email_id": email.pk, "invoice_id": email.invoice_id})
    return "sent"


def _refuse_before_sending(email: OutboundEmail) -> str:
    """Right before sending: the content is still what was approved, and still passes."""
    approved = EmailApproval.objects.filter(email=email, content_hash=email.content_hash).exists()
    if email.compute_hash() != email.content_hash or not approved:
        _release(email, S.VOIDED, note="the content is not what was approved",
                 reason="The content differs from what was approved.")
        return "voided: content differs from the approval"
    email_check(email=email)
    if email.blocking_verdicts:
        rules = "; ".join(f"{v['rule']}: {v['evidence']}" for v in email.blocking_verdicts)
        _release(email, S.BLOCKED, note=f"checked again before sending: {rules}")
        _case_event(email, "NeedsHuman", {
            "email_id": email.pk,
            "reason": f"The approved email was blocked when checked again before sending: {rules}",
        })
        return "blocked before sending"
    return ""


def _release(email: OutboundEmail, target: str, *, note: str, **fields) -> None:
    try:
        _transition(email, (S.SENDING,), target, actor="outbox", note=note, lease_token="",
                    lease_expires_at=None, **fields)
    except EmailRefused:
        log.warning("email %s left sending before it could be released to %s", email.pk, target)


def _deliver(email: OutboundEmail) -> None:
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_email],
        cc=list(email.cc),
        headers={"Message-ID": email.message_id},
    )
    # One connection per email: a relay that died mid-conversation leaves nothing half-open.
    with get_connection(fail_silently=False) as connection:
        connection.send_messages([message])


def _smtp_code(exc: Exception) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return max(codes) if codes else None
    return getattr(exc, "smtp_code", None)


def _failed(email: OutboundEmail, token: str, exc: Exception) -> str:
    code = _smtp_code(exc)
    text = f"{code} {exc}" if code else f"{type(exc).__name__}: {exc}"
    permanent = code is not None and 500 <= code < 600
    exhausted = email.send_attempts >= settings.OUTBOX_MAX_ATTEMPTS
    delay = min(
        settings.OUTBOX_RETRY_MAX_SECONDS,
        settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (email.send_attempts - 1),
    ) * random.uniform(0.5, 1.0)
    retry_at = timezone.now() + timedelta(seconds=delay)
    gives_up = permanent or exhausted
    with transaction.atomic():
        changed = OutboundEmail.objects.filter(
            pk=email.pk, state=S.SENDING, lease_token=token
        ).update(
            state=S.APPROVED, lease_token="", lease_expires_at=None, send_error=text[:2000],
            send_failed=gives_up, next_attempt_at=None if gives_up else retry_at,
            updated_at=timezone.now(),
        )
        if changed != 1:
            return f"failed ({text}); the lease had already passed on"
        if gives_up:
            why = "refused for good" if permanent else f"{email.send_attempts} attempts failed"
            _record(email, S.SENDING, S.APPROVED, "outbox", f"not sent, {why}: {text}")
            return f"failed for good: {text}"
        _record(email, S.SENDING, S.APPROVED, "outbox",
                f"temporary failure, retry at {retry_at:%H:%M:%S}: {text}")
        outbox_enqueue(email_id=email.pk, at=retry_at)
    return f"retry later: {text}"


def outbox_sweep() -> dict:
    """Rebuild the outbox's work from the database (Redis may have lost the jobs): approved
    emails that are due, and sends whose worker's lease expired. Also expires old drafts."""
    now = timezone.now()
    due = OutboundEmail.objects.filter(
        Q(state=S.APPROVED, send_failed=False)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        | Q(state=S.SENDING, lease_expires_at__lt=now)
    ).values_list("pk", flat=True)[:BATCH]
    ids = list(due)
    for email_id in ids:
        outbox_enqueue(email_id=email_id)
    return {"enqueued": len(ids), "expired": emails_expire()}
