"""A worker that finishes a step runs the step that step started itself, without a round trip
through Redis (OrchestratorWorker.run_chained); a step kept back from Redis is never lost."""
import os
import signal

import pytest
from rq import Worker

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.queueing import chaining
from agents.orchestrator.services import RUN_STEP
from agents.orchestrator.states import State
from agents.orchestrator.sweeper import sweep
from tests.orchestration.helpers import committed_db, effects, settled, wait_for

pytestmark = [pytest.mark.redis, committed_db]


def _jobs_done(redis_conn) -> int:
    return sum(worker.successful_job_count for worker in Worker.all(connection=redis_conn))


def test_it_runs_both_steps_of_a_workflow_in_one_job(processes, redis_conn, start):
    processes.worker()
    wait_for(lambda: Worker.all(connection=redis_conn), timeout=30, message=processes.logs())

    workflow = start("disc.pdf")  # intake, then validation (on another queue) finds discrepancies

    wait_for(lambda: settled(workflow.pk), timeout=30, message=processes.logs())
    assert Workflow.objects.get(pk=workflow.pk).state == State.EXCEPTION
    assert effects(workflow.pk) == {"intake": 1, "validation": 1}
    steps = Step.objects.filter(workflow=workflow).order_by("pk")
    assert [(s.agent, s.state, s.attempt) for s in steps] == [
        ("intake", "succeeded", 1), ("validation", "succeeded", 1)
    ]
    wait_for(lambda: _jobs_done(redis_conn), timeout=10, message=processes.logs())
    assert _jobs_done(redis_conn) == 1  # the intake step's job; validation's never reached Redis


def test_it_pushes_the_next_step_to_redis_when_the_worker_is_asked_to_stop(
    processes, redis_conn, start
):
    worker = processes.worker()
    wait_for(lambda: Worker.all(connection=redis_conn), timeout=30, message=processes.logs())
    workflow = start("ok-sleep1500.pdf")  # intake takes 1.5 s
    wait_for(
        lambda: Step.objects.filter(workflow=workflow, agent="intake", state="running").exists(),
        timeout=30, message=processes.logs(),
    )

    os.kill(worker.pid, signal.SIGTERM)  # a warm shutdown: rq finishes the job in hand

    worker.wait(timeout=30)
    validation = Step.objects.get(workflow=workflow, agent="validation")
    assert (validation.state, validation.attempt) == ("pending", 0)
    assert redis_conn.lrange(f"rq:queue:{validation.queue}", 0, -1) == [validation.job_id.encode()]
    processes.worker()
    wait_for(lambda: settled(workflow.pk), timeout=30, message=processes.logs())
    assert Workflow.objects.get(pk=workflow.pk).state == State.APPROVED
    assert effects(workflow.pk) == {"intake": 1, "validation": 1}


def test_the_sweeper_enqueues_a_kept_step_whose_worker_died_before_running_it(
    processes, redis_conn, start
):
    with chaining(RUN_STEP, queues=["steps", "llm"]) as chain:
        workflow = start("ok.pdf")
        # Kept back from Redis for this "worker", which dies before it runs it.
        assert [push.ids for push in chain.kept] == [
            (Step.objects.get(workflow=workflow, agent="intake").pk,)
        ]
    assert redis_conn.llen("rq:queue:llm") == 0

    report = sweep()

    assert report.steps_enqueued == 1
    processes.worker()
    wait_for(lambda: settled(workflow.pk), timeout=30, message=processes.logs())
    assert Workflow.objects.get(pk=workflow.pk).state == State.APPROVED
    assert effects(workflow.pk) == {"intake": 1, "validation": 1}
