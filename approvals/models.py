"""Outbound actions. An email to a vendor is only ever a proposal here: guardrails and an
approver decide whether it leaves, and the outbox sends it once (idempotency key).
"""
from __future__ import annotations

from django.db import models


class OutboundEmail(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed (waiting for guardrails and sign-off)"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SENT = "sent", "Sent"
        VOIDED = "voided", "Voided"

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
    state = models.CharField(max_length=16, choices=State.choices, default=State.PROPOSED)
    to_name = models.CharField(max_length=200, blank=True)
    to_email = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    signed_by = models.ForeignKey(
        "procurement.StaffMember",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The vendor's account manager, in whose name the email is written.",
    )
    drafted_by = models.CharField(max_length=100, help_text="Agent and provider/model.")
    # A retried drafting step proposes the same email, not a second one.
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # the approver inbox lists proposals by state, newest first
            models.Index(fields=["state", "-created_at"], name="outbound_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} -> {self.to_email} ({self.state})"
