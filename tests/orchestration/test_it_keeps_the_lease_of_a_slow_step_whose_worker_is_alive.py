"""A step that runs longer than its lease, in a live worker, keeps it: the worker's heartbeat
renews the lease while the step runs, so the sweeper never hands it to anyone else."""
import pytest

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.states import State
from agents.orchestrator.sweeper import sweep
from tests.orchestration.helpers import committed_db, effects, settled, wait_for

pytestmark = [pytest.mark.redis, committed_db]


def test_it_renews_the_lease_while_the_step_runs(processes, start):
    # a one-second lease, renewed every third of a second; the step takes 1.5 s
    processes.worker(env={"STEP_LEASE_SECONDS": "1"})
    workflow = start("sleep1500.pdf")

    # the test sweeps as often as the scheduler would, and more
    wait_for(lambda: settled(workflow.pk), timeout=40, every=0.2, on_tick=sweep,
             message=processes.logs())

    assert Workflow.objects.get(pk=workflow.pk).state == State.APPROVED
    intake = Step.objects.get(workflow=workflow, agent="intake")
    assert intake.attempt == 1, (intake.history, processes.logs())
    assert [entry["outcome"] for entry in intake.history] == ["succeeded"]
    assert effects(workflow.pk) == {"intake": 1, "validation": 1}
