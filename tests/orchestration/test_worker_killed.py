"""A worker killed with SIGKILL in the middle of a step: the step comes back when its lease runs
out, and every workflow ends where it should with each effect recorded once."""
import pytest

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.states import State
from agents.orchestrator.sweeper import sweep
from tests.orchestration.helpers import committed_db, effects, settled, wait_for

pytestmark = [pytest.mark.redis, committed_db]


# A short lease (renewed by the heartbeat every third of it, as in production), so the killed
# worker's step comes back in seconds: the default 30 s made this test wait half a minute.
SHORT_LEASE = {"STEP_LEASE_SECONDS": "5"}


def test_it_retries_the_step_of_a_killed_worker_once_its_lease_expires(processes, start):
    doomed = processes.worker(env=SHORT_LEASE)
    workflows = [start(f"sleep1500-{n}.pdf") for n in range(2)] + [start("disc-sleep1500.pdf")]
    ids = [w.pk for w in workflows]
    running = wait_for(
        lambda: Step.objects.filter(state="running").first(), timeout=30, message="a step to start"
    )

    processes.kill(doomed)
    processes.worker(env=SHORT_LEASE)
    processes.worker(env=SHORT_LEASE)
    # the test stands in for the scheduler: sweep until everything settled
    wait_for(lambda: settled(*ids), timeout=60, every=0.5, on_tick=sweep,
             message=f"workflows to settle\n{processes.logs()}")

    states = dict(Workflow.objects.filter(pk__in=ids).values_list("pk", "state"))
    assert states == {
        ids[0]: State.APPROVED, ids[1]: State.APPROVED, ids[2]: State.EXCEPTION
    }
    assert [effects(pk) for pk in ids] == [
        {"intake": 1, "validation": 1},
        {"intake": 1, "validation": 1},
        {"intake": 1, "validation": 1},  # a vendor email waits for a clerk's request
    ]
    running.refresh_from_db()
    assert running.state == "succeeded"
    assert running.attempt == 2  # the killed attempt counted
    assert "lease expired" in running.history[0]["outcome"]
