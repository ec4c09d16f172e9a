"""Durable workflow state: one Workflow per document, a Step row per agent step (its attempts are
counted on the row and listed in `history`), and Events as a transactional outbox. PostgreSQL is
the source of truth; Redis only carries ids.
"""
from __future__ import annotations

from django.db import models

from agents.orchestrator.states import State


class Workflow(models.Model):
    State = State

    document = models.OneToOneField(
        "procurement.Document", on_delete=models.PROTECT, related_name="workflow"
    )
    state = models.CharField(max_length=32, choices=State.choices, default=State.RECEIVED)
    reason = models.TextField(
        blank=True, help_text="Why the workflow is in its state (for people)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # `workflows --json` and the sweeper count and scan by state
            models.Index(fields=["state", "updated_at"], name="workflow_state_idx"),
        ]

    def __str__(self) -> str:
        return f"Workflow {self.pk} ({self.state})"


class Step(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="steps")
    agent = models.CharField(max_length=64)
    queue = models.CharField(max_length=32, default="steps")
    # The workflow's state while this step runs; a step only starts, and its result only counts,
    # while the workflow is still there (a cancel or a person's decision discards it).
    workflow_state = models.CharField(max_length=32, choices=Workflow.State.choices)
    triggered_by = models.ForeignKey(
        "Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempt = models.PositiveIntegerField(
        default=0, help_text="Attempts started (throttling excluded)."
    )
    max_attempts = models.PositiveIntegerField(default=3)
    run_after = models.DateTimeField(null=True, blank=True)
    lease_token = models.UUIDField(null=True, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    job_id = models.CharField(max_length=64, blank=True, help_text="The rq job last enqueued.")
    input = models.JSONField(default=dict, blank=True)
    output = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    history = models.JSONField(
        default=list, blank=True, help_text="One entry per attempt: when, and how it ended."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workflow", "created_at", "pk"]
        constraints = [
            # an event re-dispatched (sweeper, duplicate job) never starts its agent twice
            models.UniqueConstraint(
                fields=["triggered_by", "agent"], name="one_step_per_event_and_agent"
            ),
        ]
        indexes = [
            # the sweeper looks for pending steps that are due and running ones whose lease expired
            models.Index(fields=["state", "run_after"], name="step_due_idx"),
            models.Index(fields=["state", "lease_expires_at"], name="step_lease_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agent} #{self.attempt} of workflow {self.workflow_id} ({self.state})"


class Event(models.Model):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="events")
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="events",
        help_text="The step that emitted it; empty for events from people and intake sources.",
    )
    type = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # the dashboard's median time to resolution: people's final decisions (one type)
            # in the last 30 days (procurement/dashboard.py: _median_resolution)
            models.Index(fields=["type", "created_at"], name="event_type_created_idx"),
            # the dispatcher and sweeper fetch events not yet dispatched, oldest first
            models.Index(
                fields=["created_at"],
                name="event_undispatched_idx",
                condition=models.Q(dispatched_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} (workflow {self.workflow_id})"
