"""Outbound actions. An email to a vendor is only ever a proposal here: guardrails and an
approver decide whether it leaves, and the outbox relay sends it once (README: "Approvals").
"""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models


class OutboundEmail(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed (guardrails running)"
        BLOCKED = "blocked", "Blocked by a guardrail"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        APPROVED = "approved", "Approved (waiting for the outbox)"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        REJECTED = "rejected", "Rejected"
        VOIDED = "voided", "Voided"
        EXPIRED = "expired", "Expired"

    invoice = models.ForeignKey(
        "procurement.Invoice", on_delete=models.PROTECT, related_name="outbound_emails"
    )
    workflow = models.ForeignKey(
        "orchestrator.Workflow",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbound_emails",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PROPOSED)
    # --- what goes out, exactly -----------------------------------------------------------------
    to_name = models.CharField(max_length=200, blank=True)
    to_email = models.EmailField()
    cc = models.JSONField(default=list, blank=True, help_text="Internal addresses only.")
    subject = models.CharField(max_length=300)
    body = models.TextField(help_text="Plain text; no HTML is ever sent.")
    message_id = models.CharField(
        max_length=255, blank=True,
        help_text="Generated once when approved, before the first send attempt; every attempt "
        "uses it, so a receiving system can drop a copy sent twice.",
    )
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="sha256 of to, cc, subject, body."
    )
    amount_at_stake = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True,
        help_text="The invoice total: the sign-off policy compares it with its threshold.",
    )
    currency = models.CharField(max_length=3, blank=True)
    # --- who --------------------------------------------------------------------------------------
    signed_by = models.ForeignKey(
        "procurement.StaffMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The vendor's account manager, in whose name the email is written.",
    )
    drafted_by = models.CharField(
        max_length=200, help_text="The agent with its provider/model, or the person."
    )
    drafted_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    draft_subject = models.CharField(
        max_length=300, blank=True, help_text="As first drafted: the inbox diffs edits with it."
    )
    draft_body = models.TextField(blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Who last edited it: never its only approver.",
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by",
        help_text="The approved email an edit voided; this one carries the edited content.",
    )
    # --- guardrails ------------------------------------------------------------------------------
    verdicts = models.JSONField(
        default=list, blank=True,
        help_text="The last guardrail run: [{rule, passed, evidence, offending}].",
    )
    checked_hash = models.CharField(
        max_length=64, blank=True, help_text="The content hash the verdicts are about."
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    # --- decisions and sending --------------------------------------------------------------------
    approved_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Who rejected, voided or discarded it.",
    )
    reason = models.TextField(blank=True, help_text="Why it was rejected, voided or expired.")
    send_attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    send_error = models.TextField(blank=True, help_text="The mail server's last refusal.")
    send_failed = models.BooleanField(
        default=False, help_text="A permanent refusal (5xx): not retried; an approver decides."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # A retried drafting step proposes the same email, not a second one. Per draft: a new draft
    # after a rejection carries a new key.
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # the approvals inbox and GET /api/approvals/?state= list emails by state, newest first
            models.Index(fields=["state", "-created_at"], name="outbound_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} -> {self.to_email} ({self.state})"

    def compute_hash(self) -> str:
        return content_hash(to=self.to_email, cc=self.cc, subject=self.subject, body=self.body)

    @property
    def blocking_verdicts(self) -> list[dict]:
        return [v for v in self.verdicts if not v.get("passed")]

    @property
    def is_edited(self) -> bool:
        return (self.subject, self.body) != (self.draft_subject, self.draft_body)


def content_hash(*, to: str, cc: list[str], subject: str, body: str) -> str:
    """What an approval is bound to: every byte a recipient would read, and who reads it."""
    canonical = "\x1f".join([to.strip().lower(), ",".join(sorted(cc)), subject, body])
    return hashlib.sha256(canonical.encode()).hexdigest()


class EmailApproval(models.Model):
    """One approver's sign-off on one exact content (hash); an edit leaves it behind."""

    email = models.ForeignKey(OutboundEmail, on_delete=models.CASCADE, related_name="approvals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # a double click (or two tabs) approves once
            models.UniqueConstraint(
                fields=["email", "user", "content_hash"], name="one_approval_per_person_and_content"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} approved email {self.email_id}"


class EmailEvent(models.Model):
    """Each state change of an email, for the case's trail: who, when, from what to what, why."""

    email = models.ForeignKey(OutboundEmail, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.CharField(max_length=200, help_text="A username, an agent, or 'outbox'.")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # the trail and the inbox read an email's events in order
            models.Index(fields=["email", "created_at"], name="email_event_idx"),
        ]

    def __str__(self) -> str:
        return f"email {self.email_id}: {self.from_state or '-'} -> {self.to_state}"


class ApprovalPolicy(models.Model):
    """The one row of sign-off settings an AP admin edits in the admin."""

    two_approvers_above = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True,
        help_text="Emails about an invoice whose total is above this need two different "
        "approvers. Empty: one approver is enough (four eyes still apply to edits).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "approval policy"
        verbose_name_plural = "approval policy"

    def __str__(self) -> str:
        if self.two_approvers_above is None:
            return "One approver per email"
        return f"Two approvers above {self.two_approvers_above}"

    @classmethod
    def current(cls) -> ApprovalPolicy:
        return cls.objects.order_by("pk").first() or cls()
