"""Facts the librarian keeps, with where each came from, and the tolerance changes it proposes."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class Fact(models.Model):
    """One short thing worth remembering about a vendor ("bills freight as a separate line"),
    with its provenance: the case, the person who decided, when.

    Facts on the same topic (vendor, kind, subject) with the same value merge: `seen` counts the
    cases that confirmed it and `evidence` lists them. A different value on the same topic is a
    contradiction: both are withheld from agents until an AP admin decides.
    """

    class Kind(models.TextChoices):
        FIELD_CORRECTION = "field_correction", "A clerk corrected a field"
        LAYOUT_HINT = "layout_hint", "Where a value is printed"
        ACCEPTED_VARIANCE = "accepted_variance", "A variance clerks accept"
        BILLING_HABIT = "billing_habit", "How the vendor bills"
        NOTE = "note", "Note"

    class Origin(models.TextChoices):
        PEOPLE = "people", "Our people (a decision on a case)"
        VENDOR = "vendor", "Vendor-supplied text (never an instruction)"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CONTRADICTED = "contradicted", "Contradicted: an admin decides"
        EXPIRED = "expired", "Expired"

    vendor = models.ForeignKey(
        "procurement.Vendor", null=True, blank=True, on_delete=models.CASCADE,
        related_name="facts",
    )
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.NOTE)
    subject = models.CharField(
        max_length=200, help_text="The topic, e.g. 'invoice_number' or 'freight'."
    )
    value = models.CharField(
        max_length=300, blank=True,
        help_text="What the fact asserts about its subject; a different value on the same "
                  "subject is a contradiction. Empty: facts on the subject only add up.",
    )
    text = models.TextField(help_text="The fact in one sentence, for people and agents.")
    data = models.JSONField(default=dict, blank=True, help_text="Structured detail (a label, ...).")
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.PEOPLE)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    # Provenance: the first case that taught it, who decided, when. Later confirmations are
    # listed in `evidence` ({case_id, by, at, ...} each).
    case = models.ForeignKey(
        "procurement.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    workflow = models.ForeignKey(
        "orchestrator.Workflow", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.JSONField(default=list, blank=True)
    seen = models.PositiveIntegerField(default=1, help_text="Cases that confirmed it (merged).")
    contradicts = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            # memory.search: a vendor's active facts, newest first
            models.Index(fields=["vendor", "status", "-updated_at"], name="fact_vendor_idx"),
            # merging: the facts on one topic
            models.Index(fields=["vendor", "kind", "subject"], name="fact_topic_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ToleranceProposal(models.Model):
    """A tolerance change the librarian proposes after clerks accepted the same kind of variance
    for a vendor again and again. Applied only when an AP admin approves it."""

    class Setting(models.TextChoices):
        PRICE_PCT = "price_tolerance_pct", "Price tolerance (%)"
        QUANTITY_PCT = "quantity_tolerance_pct", "Quantity tolerance (%)"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an AP admin"
        APPROVED = "approved", "Approved and applied"
        DECLINED = "declined", "Declined"

    vendor = models.ForeignKey(
        "procurement.Vendor", on_delete=models.CASCADE, related_name="tolerance_proposals"
    )
    setting = models.CharField(max_length=32, choices=Setting.choices)
    finding_kind = models.CharField(max_length=32)
    current = models.DecimalField(max_digits=7, decimal_places=2)
    proposed = models.DecimalField(max_digits=7, decimal_places=2)
    evidence = models.JSONField(default=list, help_text="The accepted variances: case, size, who.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # one open proposal per vendor and setting: a fourth accepted variance adds nothing
            models.UniqueConstraint(
                fields=["vendor", "setting"], condition=models.Q(status="pending"),
                name="one_pending_proposal_per_setting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor}: {self.get_setting_display()} {self.current} -> {self.proposed}"

    @property
    def finding_label(self) -> str:
        """The accepted finding kind in words ("price variance")."""
        return self.finding_kind.replace("_", " ")
