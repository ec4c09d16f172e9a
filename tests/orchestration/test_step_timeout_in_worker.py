"""In a real worker a step's own deadline (2 s here) fires before rq's job timeout (4 s), so the
failure is ours to count and retry, and rq's timer still guards the rest of the job."""
import pytest

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.states import State
from tests.orchestration.helpers import committed_db, settled, wait_for

pytestmark = [pytest.mark.redis, committed_db]


def test_it_times_out_a_slow_step_inside_the_worker_and_retries_it(processes, start):
    processes.worker()
    slow = start("sleep2600.pdf")
    quick = start("ok.pdf")  # the same worker goes on working after the timeouts

    wait_for(lambda: settled(slow.pk, quick.pk), timeout=40, every=0.2, message=processes.logs())

    step = Step.objects.get(workflow=slow, agent="intake")
    assert Workflow.objects.get(pk=quick.pk).state == State.APPROVED
    assert Workflow.objects.get(pk=slow.pk).state == State.NEEDS_HUMAN
    assert step.attempt == 3
    assert all("took longer than 2 seconds" in entry["outcome"] for entry in step.history)
    assert "JobTimeoutException" not in processes.logs()
