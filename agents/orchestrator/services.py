"""Workflow services: start a workflow, record events, move state, cancel, retry.

Every state change is a compare-and-set UPDATE that must change exactly one row. Events are
written in the same transaction as the state they describe (a transactional outbox) and are
dispatched right after commit, in the process that wrote them; the sweeper dispatches any that a
crash left behind. Dispatching starts the subscribed agent's step and enqueues its job (ids only).
"""
from __future__ import annotations

import logging
import uuid
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from agents.orchestrator.models import Event, Step, Workflow
from agents.orchestrator.pipeline import EVENT_STATES, SUBSCRIPTIONS
from agents.orchestrator.queueing import enqueue
from agents.orchestrator.registry import UnknownAgent, get_agent
from agents.orchestrator.states import (
    CANCELLABLE,
    SETTLED,
    IllegalTransition,
    State,
    check_transition,
)

log = logging.getLogger(__name__)

RUN_STEP = "agents.orchestrator.jobs.run_step"


class StateConflict(IllegalTransition):
    """The workflow was no longer in the state the caller expected (someone else moved it)."""


def workflow_transition(
    *, workflow_id: int, expected: str, target: str, reason: str | None = None
) -> None:
    """Move a workflow from `expected` to `target`, or raise; never anything in between."""
    try:
        check_transition(expected, target)
    except IllegalTransition:
        log.error("refused transition of workflow %s: %s -> %s", workflow_id, expected, target)
        raise
    now = timezone.now()
    updates: dict[str, Any] = {
        "state": target,
        "updated_at": now,
        "settled_at": now if target in SETTLED else None,
    }
    if reason is not None:
        updates["reason"] = reason
    changed = Workflow.objects.filter(pk=workflow_id, state=expected).update(**updates)
    if changed != 1:
        log.warning("workflow %s was not %s; %s not applied", workflow_id, expected, target)
        raise StateConflict(f"workflow {workflow_id} is no longer {expected}")
    _sync_case(workflow_id=workflow_id)


def _sync_case(*, workflow_id: int) -> None:
    """People see cases, not workflows: every move of the machinery updates the case (same
    transaction as the move).
    """
    from procurement.cases import case_sync

    document_id = Workflow.objects.filter(pk=workflow_id).values_list("document_id", flat=True)
    case_sync(document_id=document_id.get())


def workflow_start(*, document) -> Workflow:
    """The workflow of a document, created with its DocumentReceived event the first time."""
    with transaction.atomic():
        workflow, created = Workflow.objects.get_or_create(document=document)
        if created:
            _record_events(workflow, [("DocumentReceived", {"document_id": document.pk})])
    return workflow


def workflow_emit(*, workflow_id: int, event_type: str, payload: dict | None = None) -> Event:
    """Record an event that did not come from a step (an approver sent the email, ...).

    Call it inside the transaction that changes what the event describes; the workflow moves
    (EVENT_STATES) in that same transaction, or the whole transaction fails.
    """
    with transaction.atomic():
        workflow = Workflow.objects.select_for_update().get(pk=workflow_id)
        _record_events(workflow, [(event_type, payload or {})])
        return workflow.events.order_by("-pk").first()


def _record_events(workflow: Workflow, events: list[tuple[str, dict]], *, step=None) -> str:
    """Write events, move the workflow as they say, and dispatch them after commit.

    The caller holds the workflow's row lock (or just created it). Returns the new state.
    """
    state = workflow.state
    now = timezone.now()
    for event_type, payload in events:
        subscribed = event_type in SUBSCRIPTIONS
        event = Event.objects.create(
            workflow=workflow,
            step=step,
            type=event_type,
            payload=payload,
            # an event nobody subscribes to is a fact for the trail, dispatched by being written
            dispatched_at=None if subscribed else now,
        )
        target = EVENT_STATES.get(event_type)
        if target is not None and target != state:
            workflow_transition(
                workflow_id=workflow.pk,
                expected=state,
                target=target,
                reason=str(payload.get("reason", "")),
            )
            state = target
        if subscribed:
            transaction.on_commit(partial(_dispatch_after_commit, event.pk))
    if state == workflow.state:
        # Facts move nothing, but the case may show them (findings, a first approval, ...).
        _sync_case(workflow_id=workflow.pk)
    workflow.state = state
    return state


def _dispatch_after_commit(event_id: int) -> None:
    # Dispatching is a short database transaction, so it runs right here after commit instead of
    # costing a job round trip; if this process dies first, the sweeper dispatches the event.
    try:
        event_dispatch(event_id=event_id)
    except Exception:
        log.exception("dispatching event %s failed; the sweeper will retry", event_id)


def event_dispatch(*, event_id: int) -> bool:
    """Start the agent an event subscribes to, once. False if someone else dispatched it."""
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
            runs_in = workflow.state if alongside else subscription.runs_in
            if not alongside:
                workflow_transition(workflow_id=workflow.pk, expected=workflow.state,
                                    target=runs_in)
            spec = get_agent(subscription.agent)
            step = Step.objects.create(
                workflow=workflow,
                agent=spec.name,
                queue=spec.queue,
                workflow_state=runs_in,
                triggered_by=event,
                max_attempts=spec.max_attempts,
                input={"event": event.type, **event.payload, "document_id": workflow.document_id},
            )
            step_enqueue(step=step)
        Event.objects.filter(pk=event.pk).update(dispatched_at=timezone.now())
    return True


def step_enqueue(*, step: Step, at: datetime | None = None) -> None:
    """Hand a pending step to a worker (after commit), under a fresh rq job id.

    The id is recorded on the row first, so the sweeper can ask Redis whether that job still
    exists; a duplicate job is harmless because claiming the step is compare-and-set.
    """
    job_id = f"step-{step.pk}-{uuid.uuid4().hex[:12]}"
    if not Step.objects.filter(pk=step.pk, state=Step.State.PENDING).update(job_id=job_id):
        return
    try:
        job_timeout = get_agent(step.agent).job_timeout
    except UnknownAgent:
        job_timeout = None  # the worker records the unknown agent as a permanent failure
    enqueue(RUN_STEP, step.pk, queue=step.queue, job_id=job_id, job_timeout=job_timeout, at=at)


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
