"""The LLM ledger (one row per request to a provider) and the budget alerts shown to AP admins."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models


class LlmCall(models.Model):
    class Outcome(models.TextChoices):
        OK = "ok", "OK"
        RETRIED = "retried", "OK after a re-ask"
        THROTTLED = "throttled", "Throttled by the provider"
        INVALID = "invalid", "Invalid output"
        ERROR = "error", "Error"
        # Written before a metered call is sent, at its most expensive estimate, and settled
        # with the real usage when it ends; one still reserved later lost its worker mid-call.
        RESERVED = "reserved", "Reserved (in flight, or its worker died)"

    workflow = models.ForeignKey(
        "orchestrator.Workflow", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.ForeignKey(
        "orchestrator.Step", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agent = models.CharField(max_length=64)
    task = models.CharField(max_length=100)
    provider = models.CharField(max_length=32)
    model = models.CharField(max_length=200)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    cost_usd = models.DecimalField(max_digits=12, decimal_places=6, default=Decimal("0"))
    latency_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    error = models.TextField(blank=True)
    prompt_hash = models.CharField(max_length=64, help_text="sha256 of the messages sent.")
    prompt_chars = models.PositiveIntegerField(default=0)
    prompt_tokens_estimated = models.PositiveIntegerField(
        default=0, help_text="Our estimate before sending, used by the rate limiter and budgets."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "LLM call"
        indexes = [
            # budgets sum a workflow's spend before every call
            models.Index(fields=["workflow"], name="llmcall_workflow_idx"),
            # the daily cap (a created_at range, services.day_bounds) and `llm_usage --days N`
            models.Index(fields=["created_at"], name="llmcall_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task} via {self.provider}/{self.model}: {self.outcome}"

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class BudgetAlert(models.Model):
    """A budget was hit; shown as a banner to AP admins until one acknowledges it."""

    class Scope(models.TextChoices):
        WORKFLOW = "workflow", "Workflow budget"
        DAILY = "daily", "Daily budget"

    scope = models.CharField(max_length=16, choices=Scope.choices)
    # One alert per workflow, or per day for the daily cap: the key makes a repeat a no-op.
    key = models.CharField(max_length=100, unique=True)
    workflow = models.ForeignKey(
        "orchestrator.Workflow", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField()
    acknowledged = models.BooleanField(default=False)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # the banner lists unacknowledged alerts on every page an AP admin opens
            models.Index(
                fields=["-created_at"],
                name="budgetalert_open_idx",
                condition=models.Q(acknowledged=False),
            ),
        ]

    def __str__(self) -> str:
        return self.message
