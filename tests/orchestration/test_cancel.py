import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.states import State
from agents.orchestrator.sweeper import sweep
from tests.orchestration.helpers import committed_db, effects

pytestmark = committed_db


def test_it_runs_no_further_step_once_cancelled(start, in_process, capsys):
    workflow = start("throttleonce.pdf")  # intake waits for its retry
    step = Step.objects.get(workflow=workflow, agent="intake")

    call_command("cancel_workflow", str(workflow.pk), "--reason", "vendor sent it twice")
    step.refresh_from_db()
    Step.objects.filter(pk=step.pk).update(run_after=None)  # due now: it would run if it could
    sweep()

    workflow = Workflow.objects.get(pk=workflow.pk)
    step.refresh_from_db()
    assert workflow.state == State.CANCELLED
    assert workflow.reason == "vendor sent it twice (by manage.py cancel_workflow)"
    assert step.state == "cancelled"
    assert effects(workflow.pk) == {}
    assert "cancelled" in capsys.readouterr().out


def test_it_refuses_to_cancel_a_finished_workflow(start, in_process):
    workflow = start("ok.pdf")

    with pytest.raises(CommandError, match="approved; it cannot be cancelled"):
        call_command("cancel_workflow", str(workflow.pk))


@pytest.mark.redis
def test_it_discards_the_result_of_a_step_running_when_cancelled(processes, start):
    from tests.orchestration.helpers import wait_for

    processes.worker()
    workflow = start("sleep1500.pdf")
    step = wait_for(
        lambda: Step.objects.filter(workflow=workflow, state="running").first(),
        timeout=30, message=processes.logs(),
    )

    call_command("cancel_workflow", str(workflow.pk))
    wait_for(  # the worker finishes the agent's work, then its completion CAS fails
        lambda: Step.objects.get(pk=step.pk).finished_at and _worker_is_idle(processes),
        timeout=10, message=processes.logs(),
    )

    step.refresh_from_db()
    assert Workflow.objects.get(pk=workflow.pk).state == State.CANCELLED
    assert step.state == "cancelled"
    assert effects(workflow.pk) == {}  # the agent's writes rolled back with the failed CAS
    assert not Step.objects.filter(workflow=workflow, agent="validation").exists()


def _worker_is_idle(processes) -> bool:
    return "result discarded" in processes.logs()
