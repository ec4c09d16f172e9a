"""Workflow services: start a workflow, record events, move state, cancel, retry.

Every state change is a compare-and-set UPDATE that must change exactly one row. Events are
written in the same transaction as the state they describe, and dispatched there too: the event
that subscribes an agent creates its pending step in that transaction, and the step's job (ids
only) is pushed to Redis after commit. A push lost to a crash or to Redis is re-enqueued by the
sweeper, which also dispatches any event an earlier version left undispatched.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from agents.orchestrator.models import Event, Step, Workflow
from agents.orchestrator.pipeline import EVENT_STATES, SUBSCRIPTIONS, Subscription
from agents.orchestrator.queueing import enqueue
from agents.orchestrator.registry import UnknownAgent, get_agent
from agents.orchestrator.states import (
    CANCELLABLE,
    SETTLED,
    IllegalTransition,
    State,
    check_transition,
)
from config.rows import insert, update_where

log = logging.getLogger(__name__)

RUN_STEP = "agents.orchestrator.jobs.run_step"


class StateConflict(IllegalTransition):
    """The workflow was no longer in the state the caller expected (someone else moved it)."""


def workflow_transition(
    *, workflow_id: int, expected: str, target: str, reason: str | None = None
) -> None:
    """Move a workflow from `expected` to `target`, or raise; never anything in between."""
    _move(workflow_id=workflow_id, expected=expected, path=[target], reason=reason)


def _move(
    *, workflow_id: int, expected: str, path: list[str], reason: str | None = None,
    document_id: int | None = None, new: bool = False,
) -> None:
    """Move a workflow from `expected` along `path` (each edge must be allowed) to its last
    state, in one compare-and-set UPDATE, and bring its case in line once."""
    current = expected
    for target in path:
        try:
            check_transition(current, target)
        except IllegalTransition:
            log.error("refused transition of workflow %s: %s -> %s", workflow_id, current, target)
            raise
        current = target
    now = timezone.now()
    updates: dict[str, Any] = {
        "state": current,
        "updated_at": now,
        "settled_at": now if current in SETTLED else None,
    }
    if reason is not None:
        updates["reason"] = reason
    changed = update_where(Workflow, updates, id=workflow_id, state=expected)
    if changed != 1:
        log.warning("workflow %s was not %s; %s not applied", workflow_id, expected, current)
        raise StateConflict(f"workflow {workflow_id} is no longer {expected}")
    _sync_case(workflow_id=workflow_id, document_id=document_id, new=new)


def _sync_case(*, workflow_id: int, document_id: int | None = None, new: bool = False) -> None:
    """People see cases, not workflows: every move of the machinery updates the case (same
    transaction as the move). `new`: the workflow was created in this transaction, so its
    document most likely has no case yet.
    """
    from procurement.cases import case_sync

    if document_id is None:
        document_id = (
            Workflow.objects.filter(pk=workflow_id).values_list("document_id", flat=True).get()
        )
    case_sync(document_id=document_id, new=new)


def workflow_start(*, document) -> Workflow:
    """The workflow of a document, created with its DocumentReceived event the first time (which
    starts the intake step in the same transaction)."""
    with transaction.atomic():
        workflow = _workflow_insert(document_id=document.pk)
        if workflow is None:
            return Workflow.objects.get(document=document)  # it has one already
        _record_events(
            workflow, [("DocumentReceived", {"document_id": document.pk})], new=True
        )
    return workflow


def _workflow_insert(*, document_id: int) -> Workflow | None:
    """A new workflow of the document, or None if it has one, in one `INSERT ... ON CONFLICT DO
    NOTHING` (get_or_create took a SELECT and a savepoint around its INSERT). A concurrent start
    of the same document waits for this one's commit and then inserts nothing."""
    workflow = Workflow(document_id=document_id)
    return workflow if insert(workflow, unless_exists="document") else None


def workflow_emit(*, workflow_id: int, event_type: str, payload: dict | None = None) -> Event:
    """Record an event that did not come from a step (an approver sent the email, ...).

    Call it inside the transaction that changes what the event describes; the workflow moves
    (EVENT_STATES), and the step the event subscribes to is created, in that same transaction,
    or the whole transaction fails.
    """
    with transaction.atomic():
        workflow = Workflow.objects.select_for_update().get(pk=workflow_id)
        return _record_events(workflow, [(event_type, payload or {})]).events[-1]


@dataclass(frozen=True)
class Recorded:
    state: str  # where the events put the workflow (before the step they start runs)
    events: list[Event]


def _record_events(
    workflow: Workflow, events: list[tuple[str, dict]], *, step: Step | None = None,
    new: bool = False,
) -> Recorded:
    """Write events, move the workflow as they say and start the step they subscribe to, all in
    the caller's transaction (which holds the workflow's row lock, or just created the row).

    Dispatching in the same transaction as the event (rather than after commit, from an outbox)
    costs no second transaction and no second pair of row locks, and cannot be lost: the event,
    the workflow's move and the new pending step commit together, and only the step's job is
    pushed after commit (a lost push is re-enqueued by the sweeper). The event starts its agent
    only if the workflow ends this transaction where the event put it: of two events, the later
    decides, as it did when each was dispatched after commit, and one that arrives while the
    step it starts is under way is recorded and moves nothing.
    """
    now = timezone.now()
    start = state = workflow.state
    path: list[str] = []
    reason = None
    for event_type, payload in events:
        target = EVENT_STATES.get(event_type)
        subscription = SUBSCRIPTIONS.get(event_type)
        if subscription is not None and state == subscription.runs_in:
            # The step this event starts is already under way (two requests for one email in
            # one transaction, say): it starts nothing twice, and moves nothing.
            continue
        if target is not None and target != state:
            path.append(target)
            state = target
            reason = str(payload.get("reason", ""))
    rows = [
        # Every event is dispatched by being written: the one that starts a step below, and the
        # rest as facts for the trail (or made moot by a later event).
        Event(workflow=workflow, step=step, type=event_type, payload=payload, dispatched_at=now)
        for event_type, payload in events
    ]
    if len(rows) == 1:
        insert(rows[0])
    elif connection.features.can_return_rows_from_bulk_insert:
        Event.objects.bulk_create(rows)
    else:
        for row in rows:
            insert(row)
    subscribed = [(row, SUBSCRIPTIONS[row.type]) for row in rows if row.type in SUBSCRIPTIONS]
    # Steps that run alongside (the librarian) start whatever state the workflow ends in and
    # move nothing.
    alongside = [(row, sub) for row, sub in subscribed if sub.runs_in is None]
    trigger, subscription = next(
        (
            (row, sub) for row, sub in subscribed
            if sub.runs_in is not None and EVENT_STATES.get(row.type) == state
        ),
        (None, None),
    )
    if subscription is not None:
        path.append(subscription.runs_in)
    if path:
        _move(
            workflow_id=workflow.pk, expected=start, path=path, reason=reason,
            document_id=workflow.document_id, new=new,
        )
    else:
        # Facts move nothing, but the case may show them (findings, a first approval, ...).
        _sync_case(workflow_id=workflow.pk, document_id=workflow.document_id, new=new)
    workflow.state = path[-1] if path else start
    if trigger is not None:
        _step_start(workflow, trigger, subscription)
    for row, sub in alongside:
        _step_start(workflow, row, sub)
    return Recorded(state=state, events=rows)


def _step_start(workflow: Workflow, event: Event, subscription: Subscription) -> Step:
    """The subscribed agent's pending step, triggered by `event`; its job is pushed after commit.
    The workflow is already in `subscription.runs_in` (or, for a step that runs alongside, in
    the state the step is recorded with)."""
    spec = get_agent(subscription.agent)
    step = Step(
        workflow=workflow,
        agent=spec.name,
        queue=spec.queue,
        workflow_state=subscription.runs_in or workflow.state,
        triggered_by=event,
        max_attempts=spec.max_attempts,
        input={"event": event.type, **event.payload, "document_id": workflow.document_id},
        # recorded with the row, so the sweeper can ask Redis whether the job still exists
        job_id=_job_id(workflow_id=workflow.pk, agent=spec.name),
    )
    insert(step)
    enqueue(RUN_STEP, step.pk, queue=step.queue, job_id=step.job_id, job_timeout=spec.job_timeout)
    return step


def event_dispatch(*, event_id: int) -> bool:
    """Start the agent an event subscribes to, once. False if someone else dispatched it.

    Events are dispatched as they are written (`_record_events`); this is for an event that an
    earlier version left to be dispatched after commit, and that its process did not live to
    dispatch (the sweeper finds it).
    """
    with transaction.atomic():
        event = (
            Event.objects.select_for_update(skip_locked=True)
            .filter(pk=event_id, dispatched_at__isnull=True)
            .first()
        )
        if event is None:
            return False
        subscription = SUBSCRIPTIONS.get(event.type)
        workflow = Workflow.objects.select_for_update().get(pk=event.workflow_id)
        # Only while the workflow is still where the event put it: a cancel, a person's decision
        # or a second event of the same kind has made this one moot. A step that runs alongside
        # (the librarian) moves nothing and runs whatever happened since: the decision stands.
        alongside = subscription is not None and subscription.runs_in is None
        if subscription and (alongside or workflow.state == EVENT_STATES.get(event.type)):
            if not alongside:
                workflow_transition(
                    workflow_id=workflow.pk, expected=workflow.state, target=subscription.runs_in
                )
                workflow.state = subscription.runs_in
            _step_start(workflow, event, subscription)
        Event.objects.filter(pk=event.pk).update(dispatched_at=timezone.now())
    return True


def step_enqueue(*, step: Step, at: datetime | None = None) -> None:
    """Hand a pending step to a worker (after commit), under a fresh rq job id.

    The id is recorded on the row first, so the sweeper can ask Redis whether that job still
    exists; a duplicate job is harmless because claiming the step is compare-and-set.
    """
    job_id = _job_id(workflow_id=step.workflow_id, agent=step.agent)
    if not Step.objects.filter(pk=step.pk, state=Step.State.PENDING).update(job_id=job_id):
        return
    try:
        job_timeout = get_agent(step.agent).job_timeout
    except UnknownAgent:
        job_timeout = None  # the worker records the unknown agent as a permanent failure
    enqueue(RUN_STEP, step.pk, queue=step.queue, job_id=job_id, job_timeout=job_timeout, at=at)


def _job_id(*, workflow_id: int, agent: str) -> str:
    """A fresh rq job id that says whose step it runs (the job's argument is the step's id)."""
    return f"step-w{workflow_id}-{agent[:24]}-{uuid.uuid4().hex[:12]}"


def workflow_cancel(*, workflow_id: int, reason: str = "", by: str = "") -> None:
    """The kill switch: no further step runs, and a running step's result is discarded."""
    with transaction.atomic():
        workflow = Workflow.objects.select_for_update().get(pk=workflow_id)
        if workflow.state not in CANCELLABLE:
            raise IllegalTransition(
                f"workflow {workflow_id} is {workflow.state}; it cannot be cancelled"
            )
        why = reason or "Cancelled"
        if by:
            why = f"{why} (by {by})"
        workflow_transition(
            workflow_id=workflow.pk, expected=workflow.state, target=State.CANCELLED, reason=why
        )
        now = timezone.now()
        # A running step's completion is a CAS on state=running and fails from here on.
        Step.objects.filter(
            workflow=workflow, state__in=[Step.State.PENDING, Step.State.RUNNING]
        ).update(
            state=Step.State.CANCELLED, finished_at=now, lease_token=None, lease_expires_at=None
        )
        Event.objects.create(
            workflow=workflow, type="WorkflowCancelled", payload={"reason": why}, dispatched_at=now
        )


def workflow_retry(*, workflow_id: int, by: str = "") -> Step:
    """Resume a stopped workflow (needs_human, budget_exceeded) at its failed step."""
    with transaction.atomic():
        workflow = Workflow.objects.select_for_update().get(pk=workflow_id)
        if workflow.state not in (State.NEEDS_HUMAN, State.BUDGET_EXCEEDED):
            raise IllegalTransition(
                f"workflow {workflow_id} is {workflow.state}; only needs_human or "
                "budget_exceeded workflows can be retried"
            )
        step = workflow.steps.filter(state=Step.State.FAILED).order_by("-created_at", "-pk").first()
        if step is None:
            raise IllegalTransition(
                f"workflow {workflow_id} has no failed step to resume: an agent asked for a "
                "person, so a person decides"
            )
        workflow_transition(
            workflow_id=workflow.pk, expected=workflow.state, target=step.workflow_state, reason=""
        )
        # A fresh set of attempts; the earlier ones stay listed in `history`.
        Step.objects.filter(pk=step.pk, state=Step.State.FAILED).update(
            state=Step.State.PENDING, attempt=0, run_after=None, finished_at=None
        )
        Event.objects.create(
            workflow=workflow,
            step=step,
            type="WorkflowRetried",
            payload={"by": by, "previous_error": step.error},
            dispatched_at=timezone.now(),
        )
        step.state = Step.State.PENDING
        step_enqueue(step=step)
    return step
