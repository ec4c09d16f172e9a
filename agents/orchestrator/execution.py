"""Running one step: claim it, run the agent under a deadline while a heartbeat keeps its lease,
then commit its writes and its completion in one short transaction, or retry, or stop.

A claimed step holds a short lease (settings.STEP_LEASE_SECONDS) that a heartbeat thread renews
while the step runs: a worker that dies stops renewing, and the sweeper takes the step back
within about a lease; a step that is slow but alive keeps it, up to its hard limit.

The agent runs outside any database transaction, so reading, parsing and LLM calls hold no locks
and no open transaction. Its first write opens the step's one transaction (agents/writes.py):
the workflow's row is locked and the step's lease checked (compare-and-set on its token) before
anything is written, and the writes commit together with the step's completion. A step that lost
its lease (another worker has it now, or the workflow was cancelled or decided) is refused at
that point, or its completion's compare-and-set fails and everything it wrote rolls back: a late
result changes nothing.
"""
from __future__ import annotations

import logging
import random
import signal
import threading
import time
import uuid
from contextlib import ExitStack, contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from agents import journal, writes
from agents.errors import AgentError, BudgetExceeded, Throttled, TransientError
from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.registry import (
    AgentSpec,
    StepContext,
    StepResult,
    UnknownAgent,
    alongside_agents,
    get_agent,
)
from agents.orchestrator.services import (
    _record_events,
    step_enqueue,
    update_where,
    workflow_transition,
)
from agents.orchestrator.states import IllegalTransition, State
from procurement.models import Invoice

log = logging.getLogger(__name__)


class LeaseLost(Exception):
    """This worker no longer owns the step; whatever it did is rolled back."""


class StepTimedOut(TransientError):
    pass


class LeaseExpired(TransientError):
    pass


def retry_delay(attempt: int) -> float:
    """Exponential backoff with jitter, so retries of many steps do not arrive in lockstep."""
    exponential = settings.STEP_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
    ceiling = min(settings.STEP_RETRY_MAX_SECONDS, exponential)
    return ceiling * random.uniform(0.5, 1.0)


def step_run(*, step_id: int) -> str:
    """Run a step if it is still pending and due. Returns what happened (for logs and tests)."""
    token = uuid.uuid4()
    claimed = _claim(step_id=step_id, token=token, now=timezone.now())
    if claimed is None:
        return "skipped"  # another worker has it, it is not due yet, or the workflow moved on
    step, document_id, vendor_id = claimed
    try:
        spec: AgentSpec | None = get_agent(step.agent)
    except UnknownAgent:
        spec = None
    if spec is None:
        return _step_failed(step, token, UnknownAgent(f"no agent is registered as {step.agent!r}"))

    phase = _WritePhase(step, token, alongside=spec.alongside)
    with _heartbeat(step, token, until=time.monotonic() + spec.job_timeout):
        try:
            try:
                ctx = _context_for(step, document_id=document_id, vendor_id=vendor_id)
                with writes.step_scope(phase), _deadline(spec.timeout):
                    result = spec.resolve()(ctx)
                    phase.open()  # a step that wrote nothing still completes in one
                    _step_complete(step, token, phase.workflow, ctx, result,
                                   alongside=spec.alongside)
            except BaseException as exc:
                phase.close(exc)
                raise
            phase.close()
        except LeaseLost as exc:
            log.info("step %s (%s) result discarded: %s", step.pk, step.agent, exc)
            return "discarded"
        except Exception as exc:
            return _step_failed(step, token, exc)
    return "succeeded"


def _claim(*, step_id: int, token: uuid.UUID, now) -> tuple[Step, int, int | None] | None:
    """Claim a pending, due step of a workflow still in the state the step runs in: one
    compare-and-set UPDATE that also returns the claimed row, its workflow's document and the
    vendor of the document's invoice (for the LLM budget). None if it was not claimable.

    Written as SQL once per process (PostgreSQL and SQLite both take UPDATE ... RETURNING):
    it runs for every step, and the ORM's UPDATE plus a SELECT with a join and a subquery cost
    more CPU to build than the database took to run them (bench/pipeline.py).
    """
    alongside = alongside_agents()  # their steps run whatever state the workflow is in
    params = [
        Step.State.RUNNING,
        _db_value("lease_token", token),
        _db_value("lease_expires_at", now + timedelta(seconds=settings.STEP_LEASE_SECONDS)),
        _db_value("started_at", now),
        step_id,
        Step.State.PENDING,
        _db_value("run_after", now),
        *alongside,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_claim_sql(alongside=len(alongside)), params)
        row = cursor.fetchone()
    if row is None:
        return None
    step = _instance(Step, row)
    document_id, vendor_id = row[len(Step._meta.concrete_fields):]
    return step, document_id, vendor_id


def _instance(model, row):
    """A model instance from a row that starts with its concrete columns, in field order,
    converted as the ORM converts them (JSON, UUIDs, datetimes on SQLite, ...)."""
    fields = model._meta.concrete_fields
    values = []
    for field, value in zip(fields, row, strict=False):
        column = field.get_col(model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + column.get_db_converters(
            connection
        ):
            value = convert(value, column, connection)
        values.append(value)
    return model.from_db(connection.alias, [field.attname for field in fields], values)


def _db_value(name: str, value):
    return Step._meta.get_field(name).get_db_prep_value(value, connection)


_LOCK_SQL: dict[tuple[str, bool], str] = {}


def _lock_sql(*, alongside: bool) -> str:
    """The workflow's row, locked, if it is still in the step's state (any state for a step that
    runs alongside) and the step still carries this worker's lease (one statement, written once
    per process as the claim is)."""
    sql = _LOCK_SQL.get((connection.vendor, alongside))
    if sql is None:
        q = connection.ops.quote_name
        workflow, step = q(Workflow._meta.db_table), q(Step._meta.db_table)
        columns = ", ".join(
            f"{workflow}.{q(field.column)}" for field in Workflow._meta.concrete_fields
        )
        sql = _LOCK_SQL[(connection.vendor, alongside)] = " ".join((
            # Only our own table and column names are put into the text; values are parameters.
            f"SELECT {columns} FROM {workflow} WHERE id = %s",  # noqa: S608
            "" if alongside else "AND state = %s",
            f"AND EXISTS (SELECT 1 FROM {step} s WHERE s.id = %s",  # noqa: S608
            f"AND s.workflow_id = {workflow}.id AND s.state = %s AND s.lease_token = %s)",
            "FOR UPDATE" if connection.features.has_select_for_update else "",
        ))
    return sql


_CLAIM_SQL: dict[tuple[str, int], str] = {}


def _claim_sql(*, alongside: int) -> str:
    """The claim's statement, with `alongside` placeholders for the agents that run alongside."""
    sql = _CLAIM_SQL.get((connection.vendor, alongside))
    if sql is None:
        q = connection.ops.quote_name
        step, workflow, invoice = (
            q(model._meta.db_table) for model in (Step, Workflow, Invoice)
        )
        columns = ", ".join(f"{step}.{q(field.column)}" for field in Step._meta.concrete_fields)
        # Only our own table and column names are put into the text; values are parameters.
        document = f"(SELECT w.document_id FROM {workflow} w WHERE w.id = {step}.workflow_id)"  # noqa: S608
        vendor = (
            f"(SELECT i.vendor_id FROM {invoice} i WHERE i.document_id = {document} "  # noqa: S608
            "ORDER BY i.id LIMIT 1)"
        )
        workflow_state = f"(SELECT w.state FROM {workflow} w WHERE w.id = {step}.workflow_id)"  # noqa: S608
        agents = ", ".join(["%s"] * alongside)
        sql = _CLAIM_SQL[(connection.vendor, alongside)] = " ".join((
            f"UPDATE {step} SET state = %s, attempt = attempt + 1, lease_token = %s,",  # noqa: S608
            "lease_expires_at = %s, started_at = %s, finished_at = NULL",
            "WHERE id = %s AND state = %s AND (run_after IS NULL OR run_after <= %s)",
            f"AND (workflow_state = {workflow_state}",
            f"OR agent IN ({agents}))" if alongside else ")",
            f"RETURNING {columns}, {document}, {vendor}",
        ))
    return sql


class _WritePhase:
    """The step's one short transaction: opened by its first write or by its completion.

    Opening it locks the workflow's row, which everything that takes a step away (the
    sweeper's lease expiry, a cancel, a retry, a person's decision) locks first too, and checks
    that the workflow is still where the step runs and the step still carries this worker's
    lease token. From then on nobody can take the step away until this transaction ends.
    """

    def __init__(self, step: Step, token: uuid.UUID, *, alongside: bool = False):
        self.step = step
        self.token = token
        self.alongside = alongside
        self.workflow: Workflow | None = None
        self._stack: ExitStack | None = None
        self._kept: list = []

    @property
    def is_open(self) -> bool:
        return self._stack is not None

    def open(self) -> None:
        if self._stack is not None:
            return
        stack = ExitStack()
        # Rows that record what the step did (tool audits) are written again if this rolls back.
        self._kept = stack.enter_context(journal.recording())
        stack.enter_context(transaction.atomic())
        self._stack = stack
        step = self.step
        # A step that runs alongside (the librarian) holds whatever state the workflow is in.
        state = [] if self.alongside else [step.workflow_state]
        with connection.cursor() as cursor:
            cursor.execute(
                _lock_sql(alongside=self.alongside),
                [
                    step.workflow_id, *state, step.pk, Step.State.RUNNING,
                    _db_value("lease_token", self.token),
                ],
            )
            row = cursor.fetchone()
        self.workflow = _instance(Workflow, row) if row is not None else None
        if self.workflow is None:
            lost = LeaseLost(
                "its lease expired and another worker took it over, or the workflow moved on"
            )
            self.close(lost)
            raise lost

    def close(self, exc: BaseException | None = None) -> None:
        """Commit (no `exc`) or roll back; after a rollback the journal's rows are kept."""
        stack, self._stack = self._stack, None
        if stack is None:
            return
        try:
            if exc is None:
                stack.close()
            else:
                stack.__exit__(type(exc), exc, exc.__traceback__)
        except BaseException:
            journal.restore(self._kept)
            raise
        if exc is not None:
            journal.restore(self._kept)


@contextmanager
def _heartbeat(step: Step, token: uuid.UUID, *, until: float):
    """Renew the step's lease every third of a lease while the block runs, until `until`
    (monotonic): rq's job timeout, after which the step is not alive but hung, and its lease
    is left to run out.

    Not when the claim itself is not committed yet (the caller's transaction encloses the step,
    as in-process in a test): nobody else can see the lease then, and a second connection
    renewing it would wait for this one's lock.
    """
    if connection.in_atomic_block:
        yield
        return
    stop = threading.Event()
    lease = settings.STEP_LEASE_SECONDS

    def renew() -> None:
        try:
            while not stop.wait(lease / 3) and time.monotonic() < until:
                renewed = Step.objects.filter(
                    pk=step.pk, state=Step.State.RUNNING, lease_token=token
                ).update(lease_expires_at=timezone.now() + timedelta(seconds=lease))
                if not renewed:
                    return  # taken back or finished: the step's commit will find out
        except Exception:
            # The database is unreachable from here: the lease runs out and the sweeper decides.
            log.exception("heartbeat of step %s failed", step.pk)
        finally:
            connections.close_all()  # this thread's own connection

    beat = threading.Thread(target=renew, name=f"heartbeat-step-{step.pk}", daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()


def _context_for(step: Step, *, document_id: int, vendor_id: int | None) -> StepContext:
    """The one place a step's context is built: its agent's tools and LLM gateway handle.

    `vendor_id`: the vendor of the document's invoice, whose budget override applies once
    validation has matched the invoice to a vendor (the claim reads it). An agent without a tool
    manifest (a test agent, say) gets no tools: it holds no scopes.
    """
    from agents.llm.gateway import LLMClient
    from agents.tools.client import ToolClient
    from agents.tools.manifests import MANIFESTS

    ids = {"workflow_id": step.workflow_id, "step_id": step.pk}
    return StepContext(
        document_id=document_id,
        agent=step.agent,
        attempt=step.attempt,
        input=dict(step.input),
        tools=ToolClient(step.agent, **ids) if step.agent in MANIFESTS else None,
        llm=LLMClient(agent=step.agent, vendor_id=vendor_id, **ids),
        **ids,
    )


def _step_complete(
    step: Step, token, workflow: Workflow, ctx: StepContext, result: StepResult | None,
    *, alongside: bool = False,
) -> None:
    """Inside the write phase, which holds `workflow`'s row lock."""
    now = timezone.now()
    completed = update_where(
        Step,
        {
            "state": Step.State.SUCCEEDED,
            "output": result.output if result else {},
            "error": "",
            "finished_at": now,
            "lease_expires_at": None,
            "history": step.history + [_history_entry(step, now, "succeeded")],
        },
        id=step.pk, state=Step.State.RUNNING, lease_token=token,
    )
    if completed != 1:
        raise LeaseLost("its lease expired and another worker took it over, or it was cancelled")
    new_state = _record_events(workflow, ctx.emitted, step=step).state
    if new_state == step.workflow_state and not alongside:
        # Nothing would ever move this workflow again: better a person now than a silent stall.
        raise IllegalTransition(
            f"{step.agent} finished without reporting an outcome (emitted: "
            f"{', '.join(t for t, _ in ctx.emitted) or 'nothing'})"
        )


def _step_failed(step: Step, token, exc: Exception) -> str:
    reason = exc.reason if isinstance(exc, AgentError) else f"{type(exc).__name__}: {exc}"
    if not isinstance(exc, AgentError | IllegalTransition):
        log.error(
            "step %s (%s) raised unexpectedly; counted as transient", step.pk, step.agent,
            exc_info=exc,
        )
    now = timezone.now()
    with transaction.atomic():
        workflow = Workflow.objects.select_for_update().get(pk=step.workflow_id)
        owned = Step.objects.filter(pk=step.pk, state=Step.State.RUNNING, lease_token=token)
        if isinstance(exc, LeaseExpired):
            # A heartbeat that renewed the lease since the sweeper looked wins: the step is slow,
            # its worker alive, and it keeps the step.
            owned = owned.filter(lease_expires_at__lt=now)
        if isinstance(exc, Throttled):
            run_after = now + timedelta(seconds=exc.retry_after)
            if owned.update(
                state=Step.State.PENDING,
                attempt=F("attempt") - 1,  # waiting for a shared rate limit is not a failure
                run_after=run_after,
                lease_token=None,
                lease_expires_at=None,
                error=f"throttled: {reason}",
            ):
                step_enqueue(step=step, at=run_after)
                return "throttled"
            return "discarded"

        permanent = isinstance(exc, IllegalTransition) or getattr(exc, "permanent", False)
        history = step.history + [_history_entry(step, now, f"failed: {reason}")]
        if not permanent and step.attempt < step.max_attempts:
            run_after = now + timedelta(seconds=retry_delay(step.attempt))
            if owned.update(
                state=Step.State.PENDING,
                run_after=run_after,
                lease_token=None,
                lease_expires_at=None,
                error=reason,
                history=history,
            ):
                log.warning(
                    "step %s (%s) attempt %s failed, retrying: %s",
                    step.pk, step.agent, step.attempt, reason,
                )
                step_enqueue(step=step, at=run_after)
                return "retrying"
            return "discarded"

        if not owned.update(
            state=Step.State.FAILED,
            finished_at=now,
            lease_token=None,
            lease_expires_at=None,
            error=reason,
            history=history,
        ):
            return "discarded"
        if workflow.state == step.workflow_state and step.agent not in alongside_agents():
            if isinstance(exc, BudgetExceeded):
                target, why = State.BUDGET_EXCEEDED, f"{step.agent}: {reason}"
            elif permanent:
                target, why = State.NEEDS_HUMAN, f"{step.agent} failed: {reason}"
            else:
                target = State.NEEDS_HUMAN
                why = f"{step.agent} failed after {step.attempt} attempts: {reason}"
            workflow_transition(
                workflow_id=workflow.pk, expected=workflow.state, target=target, reason=why
            )
        log.warning("step %s (%s) failed for good: %s", step.pk, step.agent, reason)
        return "failed"


def step_expire_lease(*, step_id: int) -> str:
    """The worker of a running step is gone (its lease ran out): count the attempt and go on."""
    step = Step.objects.filter(
        pk=step_id, state=Step.State.RUNNING, lease_expires_at__lt=timezone.now()
    ).first()
    if step is None:
        return "skipped"
    return _step_failed(
        step,
        step.lease_token,
        LeaseExpired("the worker running this step stopped before finishing (lease expired)"),
    )


def _history_entry(step: Step, now, outcome: str) -> dict:
    return {
        "attempt": step.attempt,
        "started_at": step.started_at.isoformat() if step.started_at else None,
        "finished_at": now.isoformat(),
        "outcome": outcome[:500],
    }


@contextmanager
def _deadline(seconds: float):
    """Raise StepTimedOut after `seconds`, inside rq's own (longer) job timeout.

    Uses the same ITIMER_REAL that rq's timeout uses, so it saves the outer timer and re-arms it
    with what is left. Off the main thread (in-process mode in a web server) there is no timer to
    use and the step runs without a deadline.
    """
    on_main_thread = threading.current_thread() is threading.main_thread()
    if not on_main_thread or not hasattr(signal, "setitimer"):
        yield
        return

    def _expired(signum, frame):
        raise StepTimedOut(f"the step took longer than {seconds:g} seconds")

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, _expired)
    outer_remaining, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_remaining:
            left = outer_remaining - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
