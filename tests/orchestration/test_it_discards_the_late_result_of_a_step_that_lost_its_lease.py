"""A step whose lease ran out while it was still working (its heartbeats stopped reaching the
database, say) finds out when it tries to write: what it would have written is not written, and
the attempt that took over is the one that counts."""
import threading

import pytest
from django.db import connections

from agents.orchestrator.execution import step_expire_lease, step_run
from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.registry import register
from agents.orchestrator.states import State
from tests.orchestration import agents
from tests.orchestration.helpers import committed_db, effects, wait_for

pytestmark = [pytest.mark.redis, committed_db]


def test_it_writes_nothing_for_an_attempt_that_lost_its_lease(start, redis_conn):
    # Jobs go to Redis, where no worker takes them: the test runs the attempts itself.
    release = threading.Event()
    calls = []

    def slow_then_fine(ctx):
        calls.append(ctx.attempt)
        if ctx.attempt == 1:
            release.wait(timeout=20)  # the first attempt is still thinking...
        return agents.intake(ctx)

    register("intake", slow_then_fine, queue="llm", timeout=30, max_attempts=3)
    workflow = start("late.pdf")
    step = Step.objects.get(workflow=workflow, agent="intake")
    outcomes = []

    def first_attempt():
        try:
            outcomes.append(step_run(step_id=step.pk))
        finally:
            connections.close_all()  # this thread's connection

    first = threading.Thread(target=first_attempt)
    first.start()
    wait_for(lambda: calls == [1], timeout=30, message=f"the first attempt to start: {outcomes}")

    # ...its lease runs out, the sweeper takes the step back and a second attempt finishes it
    Step.objects.filter(pk=step.pk).update(lease_expires_at="2000-01-01T00:00:00Z")
    assert step_expire_lease(step_id=step.pk) == "retrying"
    Step.objects.filter(pk=step.pk).update(run_after=None)
    assert step_run(step_id=step.pk) == "succeeded"

    release.set()  # the first attempt wakes up and tries to record its effect
    first.join(timeout=20)

    assert outcomes == ["discarded"]
    assert effects(workflow.pk) == {"intake": 1}
    # the second attempt's DocumentParsed moved the workflow on, once
    assert Workflow.objects.get(pk=workflow.pk).state == State.VALIDATING
    assert Step.objects.filter(workflow=workflow, agent="validation").count() == 1
    step.refresh_from_db()
    assert step.attempt == 2
    assert [e["outcome"].split(":")[0] for e in step.history] == ["failed", "succeeded"]
