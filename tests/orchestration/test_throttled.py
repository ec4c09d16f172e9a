
from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.states import State
from agents.orchestrator.sweeper import sweep
from tests.orchestration.helpers import committed_db, settled, wait_for

pytestmark = committed_db


def test_it_reschedules_a_throttled_step_without_using_up_an_attempt(start, in_process):
    workflow = start("throttleonce.pdf")

    step = Step.objects.get(workflow=workflow, agent="intake")
    assert (step.state, step.attempt) == ("pending", 0)
    assert step.error.startswith("throttled: LLM requests per minute spent")
    assert step.history == []  # waiting for a rate limit is not a failed attempt

    wait_for(lambda: settled(workflow.pk), timeout=5, on_tick=sweep, message="throttled step")

    step.refresh_from_db()
    assert Workflow.objects.get(pk=workflow.pk).state == State.APPROVED
    assert (step.state, step.attempt) == ("succeeded", 1)
