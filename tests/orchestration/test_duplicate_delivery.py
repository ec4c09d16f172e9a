"""The same job delivered several times, to two workers racing for it: one claim, one transition,
one effect."""
import pytest

from agents.orchestrator.execution import step_run
from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.queueing import enqueue
from agents.orchestrator.services import RUN_STEP, event_dispatch
from agents.orchestrator.states import State
from tests.orchestration.helpers import committed_db, effects, settled, wait_for

pytestmark = committed_db


@pytest.mark.redis
def test_it_runs_a_step_once_when_its_job_arrives_twice_at_two_workers(processes, start):
    workflow = start("sleep500.pdf")  # no worker yet: the jobs wait in Redis
    event_dispatch(event_id=workflow.events.get().pk)  # as the dispatch job will (again) do
    step = Step.objects.get(workflow=workflow, agent="intake")
    for copy in range(5):  # redelivered copies of the same job
        enqueue(RUN_STEP, step.pk, queue=step.queue, job_id=f"dup-{step.pk}-{copy}")
    processes.worker()
    processes.worker()

    wait_for(lambda: settled(workflow.pk), timeout=30, message=processes.logs())

    step.refresh_from_db()
    assert Workflow.objects.get(pk=workflow.pk).state == State.APPROVED, processes.logs()
    assert (step.state, step.attempt, len(step.history)) == ("succeeded", 1, 1), (
        f"{step.history}\n{processes.logs()}"
    )
    assert effects(workflow.pk) == {"intake": 1, "validation": 1}
    assert workflow.events.filter(type="DocumentParsed").count() == 1


def test_it_skips_a_step_that_already_ran(start, in_process):
    workflow = start("ok.pdf")
    step = Step.objects.get(workflow=workflow, agent="intake")

    assert step_run(step_id=step.pk) == "skipped"

    assert effects(workflow.pk) == {"intake": 1, "validation": 1}
