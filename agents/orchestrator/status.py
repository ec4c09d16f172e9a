"""What operators ask about the workflows: how many in each state, how many pending, how many
stuck (pending, yet nothing will move them without the sweeper or a person)."""
from __future__ import annotations

from django.db.models import Count, F, Min
from django.utils import timezone

from agents.orchestrator.models import Event, Step, Workflow
from agents.orchestrator.queueing import live_job_ids
from agents.orchestrator.states import SETTLED, State


def workflows_summary() -> dict:
    now = timezone.now()
    counts = dict(Workflow.objects.values_list("state").annotate(n=Count("pk")).order_by())
    by_state = {state.value: counts.get(state.value, 0) for state in State}
    pending = Workflow.objects.exclude(state__in=SETTLED)
    oldest = pending.aggregate(oldest=Min("created_at"))["oldest"]
    return {
        "by_state": by_state,
        "pending": pending.count(),
        "stuck": len(stuck_workflow_ids()),
        "oldest_pending_seconds": round((now - oldest).total_seconds(), 1) if oldest else None,
    }


def stuck_workflow_ids() -> set[int]:
    """Pending workflows with no live job, no running step with a valid lease, no retry
    scheduled for later and no event waiting to be dispatched."""
    now = timezone.now()
    pending_ids = set(Workflow.objects.exclude(state__in=SETTLED).values_list("pk", flat=True))
    if not pending_ids:
        return set()
    moving: set[int] = set(
        Event.objects.filter(workflow_id__in=pending_ids, dispatched_at__isnull=True)
        .values_list("workflow_id", flat=True)
    )
    steps = Step.objects.filter(
        workflow_id__in=pending_ids,
        state__in=[Step.State.PENDING, Step.State.RUNNING],
        workflow__state=F("workflow_state"),
    ).values_list("workflow_id", "state", "run_after", "lease_expires_at", "job_id")
    due_jobs: dict[str, int] = {}
    for workflow_id, state, run_after, lease_expires_at, job_id in steps:
        if state == Step.State.RUNNING:
            if lease_expires_at and lease_expires_at > now:
                moving.add(workflow_id)
        elif run_after and run_after > now:
            moving.add(workflow_id)  # a scheduled retry (the sweeper re-creates a lost one)
        else:
            due_jobs[job_id] = workflow_id
    moving |= {due_jobs[job_id] for job_id in live_job_ids(list(due_jobs))}
    return pending_ids - moving
