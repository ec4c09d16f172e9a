"""The sweeper: rebuilds every piece of pending work from the database.

Redis is transport, not truth. Whatever Redis lost (a restart, FLUSHALL, a crash between a commit
and its enqueue, a worker killed mid-step) is found here by looking at rows: events never
dispatched, running steps whose lease expired, and pending steps with no live job. Every action
it takes is compare-and-set, so running it twice, or on two machines at once, is harmless.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from agents.orchestrator.execution import step_expire_lease
from agents.orchestrator.models import Event, Step
from agents.orchestrator.queueing import live_job_ids
from agents.orchestrator.services import event_dispatch, step_enqueue

log = logging.getLogger(__name__)

BATCH = 1000  # per kind and per sweep; the next sweep takes the rest
# A pending step's job counts as present while Redis will still run it. A "started" job counts
# only briefly: a worker that dequeued it claims the step within moments, so a pending step whose
# job started long ago lost its worker (and a duplicate job is harmless anyway).
PENDING_LIVE = frozenset({"queued", "scheduled", "deferred"})
QUEUED = frozenset({"queued", "deferred"})
STARTED_GRACE_SECONDS = 30.0


@dataclass
class SweepReport:
    events_dispatched: int = 0
    leases_expired: int = 0
    steps_enqueued: int = 0
    step_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def sweep() -> SweepReport:
    report = SweepReport()
    now = timezone.now()

    grace = timedelta(seconds=settings.DISPATCH_GRACE_SECONDS)
    for event_id in Event.objects.filter(
        dispatched_at__isnull=True, created_at__lte=now - grace
    ).values_list("pk", flat=True)[:BATCH]:
        if event_dispatch(event_id=event_id):
            report.events_dispatched += 1

    for step_id in Step.objects.filter(
        state=Step.State.RUNNING, lease_expires_at__lt=now
    ).values_list("pk", flat=True)[:BATCH]:
        if step_expire_lease(step_id=step_id) != "skipped":
            report.leases_expired += 1

    # Pending steps of workflows still waiting for them, including retries scheduled for later
    # (re-enqueued at their time, so a lost scheduled job is rebuilt too).
    pending = list(
        Step.objects.filter(state=Step.State.PENDING, workflow__state=F("workflow_state"))
        .order_by("run_after", "pk")[:BATCH]
    )
    job_ids = [step.job_id for step in pending]
    live = live_job_ids(job_ids, statuses=PENDING_LIVE, started_within=STARTED_GRACE_SECONDS)
    queued = live_job_ids(job_ids, statuses=QUEUED, started_within=STARTED_GRACE_SECONDS)
    for step in pending:
        due = step.run_after is None or step.run_after <= now
        # A due step whose job is still "scheduled" is late: rq's scheduler (one worker holds its
        # lock) may have died with that worker, so it is queued now rather than waited for.
        if step.job_id in (queued if due else live):
            continue
        step_enqueue(step=step, at=None if due else step.run_after)
        report.steps_enqueued += 1
        report.step_ids.append(step.pk)

    if report.events_dispatched or report.leases_expired or report.steps_enqueued:
        log.info("sweeper: %s", report.as_dict())
    return report
