"""The sweeper: rebuilds every piece of pending work from the database.

Redis is transport, not truth. Whatever Redis lost (a restart, FLUSHALL, a crash between a commit
and its enqueue, a worker killed mid-step) is found here by looking at rows: events never
dispatched, running steps whose lease expired, and due pending steps with no queued job. Every
action it takes is compare-and-set, so running it twice, or on two machines at once, is harmless.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from agents.orchestrator.execution import step_expire_lease
from agents.orchestrator.models import Event, Step
from agents.orchestrator.queueing import _queue, live_job_ids, uses_redis
from agents.orchestrator.registry import alongside_agents
from agents.orchestrator.services import event_dispatch, step_enqueue

log = logging.getLogger(__name__)

# Each kind of work is read in pages of PAGE rows, at most PAGES pages per sweep; the next sweep
# goes on from where this one stopped (a cursor per kind), so a backlog larger than a sweep is
# covered in turns instead of the same first rows being read every time.
PAGE = 500
PAGES = 10
# A pending step's job counts as present while Redis will still run it. A "started" job counts
# only briefly: a worker that dequeued it claims the step within moments, so a pending step whose
# job started long ago lost its worker (and a duplicate job is harmless anyway). A due step whose
# job is still "scheduled" is late: rq's scheduler (one worker holds its lock) may have died
# with that worker, so it is queued now rather than waited for.
QUEUED = frozenset({"queued", "deferred"})
STARTED_GRACE_SECONDS = 30.0
CURSOR_KEY = "sweeper:cursor:{kind}"
_local_cursors: dict[str, int] = {}  # without Redis (in-process mode)


@dataclass
class SweepReport:
    events_dispatched: int = 0
    leases_expired: int = 0
    steps_enqueued: int = 0
    step_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def sweep() -> SweepReport:
    """One pass over every kind of due work, each kind with its own page budget, so a large
    backlog of one kind (throttled steps waiting in Redis, say) cannot hide another (a fresh
    step whose job was lost)."""
    report = SweepReport()
    now = timezone.now()

    grace = timedelta(seconds=settings.DISPATCH_GRACE_SECONDS)
    undispatched = Event.objects.filter(dispatched_at__isnull=True, created_at__lte=now - grace)
    for page in _pages("events", undispatched.values_list("pk", flat=True)):
        for event_id in page:
            if event_dispatch(event_id=event_id):
                report.events_dispatched += 1

    expired = Step.objects.filter(state=Step.State.RUNNING, lease_expires_at__lt=now)
    for page in _pages("leases", expired.values_list("pk", flat=True)):
        for step_id in page:
            if step_expire_lease(step_id=step_id) != "skipped":
                report.leases_expired += 1

    # Due pending steps of workflows still waiting for them: those that never ran first (their
    # job is lost only if Redis lost it), then retries whose time has come. A retry scheduled for
    # later is left alone: if its job is lost, it is found here once it is due.
    waiting = Step.objects.filter(
        Q(workflow__state=F("workflow_state")) | Q(agent__in=alongside_agents()),
        state=Step.State.PENDING,
    )
    for kind, due in (
        ("fresh", waiting.filter(run_after__isnull=True)),
        ("retries", waiting.filter(run_after__lte=now)),
    ):
        for page in _pages(kind, due.only("pk", "agent", "queue", "job_id")):
            queued = live_job_ids(
                [step.job_id for step in page],
                statuses=QUEUED,
                started_within=STARTED_GRACE_SECONDS,
            )
            for step in page:
                if step.job_id not in queued:
                    step_enqueue(step=step)
                    report.steps_enqueued += 1
                    report.step_ids.append(step.pk)

    if report.events_dispatched or report.leases_expired or report.steps_enqueued:
        log.info("sweeper: %s", report.as_dict())
    return report


def _pages(kind: str, rows: QuerySet) -> Iterator[list]:
    """Up to PAGES pages of `rows` in primary-key order, from this kind's cursor on; at the end
    of the rows the cursor goes back to the start, so the next sweep begins there."""
    cursor = _cursor(kind)
    for _ in range(PAGES):
        page = list(rows.filter(pk__gt=cursor).order_by("pk")[:PAGE])
        if not page and cursor:
            cursor = 0  # wrapped: rows before the cursor get their turn in this sweep
            page = list(rows.order_by("pk")[:PAGE])
        if not page:
            break
        yield page
        last = page[-1]
        cursor = last if isinstance(last, int) else last.pk
        if len(page) < PAGE:
            cursor = 0
            break
    _set_cursor(kind, cursor)


def _cursor(kind: str) -> int:
    if not uses_redis():
        return _local_cursors.get(kind, 0)
    try:
        value = _redis().get(CURSOR_KEY.format(kind=kind))
    except Exception:
        return 0  # a sweep from the start is always correct, only slower
    return int(value or 0)


def _set_cursor(kind: str, cursor: int) -> None:
    if not uses_redis():
        _local_cursors[kind] = cursor
        return
    try:
        _redis().set(CURSOR_KEY.format(kind=kind), cursor, ex=24 * 3600)
    except Exception:
        log.warning("sweeper: could not save the %s cursor; the next sweep starts over", kind)


def _redis():
    return _queue("maintenance").connection
