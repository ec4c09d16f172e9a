"""Workflows in the Django admin: read-only state, steps and events, plus the two controls an AP
admin needs (cancel, retry). State only ever changes through those services."""
from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet

from agents.orchestrator.models import Event, Step, Workflow
from agents.orchestrator.services import workflow_cancel, workflow_retry
from agents.orchestrator.states import IllegalTransition
from config.admin import ReadOnlyInline


class StepInline(ReadOnlyInline):
    model = Step
    fields = ("agent", "state", "attempt", "max_attempts", "queue", "run_after", "lease_expires_at",
              "started_at", "finished_at", "error", "input", "output", "history")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = Event
    fk_name = "workflow"
    fields = ("created_at", "type", "step", "payload", "dispatched_at")
    readonly_fields = fields


@admin.register(Workflow)
class WorkflowAdmin(admin.ModelAdmin):
    list_display = ("id", "document", "state", "short_reason", "created_at", "updated_at")
    list_filter = ("state",)
    search_fields = ("=id", "document__original_filename", "document__sha256", "reason")
    date_hierarchy = "created_at"
    readonly_fields = ("document", "state", "reason", "created_at", "updated_at", "settled_at")
    fields = readonly_fields
    inlines = [StepInline, EventInline]
    actions = ["cancel_workflows", "retry_workflows"]

    def has_add_permission(self, request) -> bool:
        return False  # workflows start when a document arrives

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the trail of a decision is evidence

    @admin.display(description="reason")
    def short_reason(self, obj: Workflow) -> str:
        return obj.reason[:120]

    @admin.action(description="Cancel the selected workflows (no further step runs)",
                  permissions=["change"])
    def cancel_workflows(self, request, queryset: QuerySet[Workflow]) -> None:
        self._apply(request, queryset, lambda wf: workflow_cancel(
            workflow_id=wf.pk, reason="Cancelled in the admin", by=request.user.get_username()
        ), done="cancelled")

    @admin.action(description="Retry the selected needs-human workflows from their failed step",
                  permissions=["change"])
    def retry_workflows(self, request, queryset: QuerySet[Workflow]) -> None:
        self._apply(request, queryset, lambda wf: workflow_retry(
            workflow_id=wf.pk, by=request.user.get_username()
        ), done="queued again")

    def _apply(self, request, queryset, action, *, done: str) -> None:
        succeeded = 0
        for workflow in queryset:
            try:
                action(workflow)
                succeeded += 1
            except IllegalTransition as exc:
                self.message_user(request, str(exc), messages.WARNING)
        if succeeded:
            self.message_user(request, f"{succeeded} workflow(s) {done}.", messages.SUCCESS)
