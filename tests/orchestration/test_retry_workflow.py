from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.states import State
from tests.orchestration.helpers import committed_db, effects

pytestmark = committed_db


def test_it_resumes_a_needs_human_workflow_from_its_failed_step(start, in_process, settings):
    workflow = start("failvalidation.pdf")
    assert Workflow.objects.get(pk=workflow.pk).state == State.NEEDS_HUMAN
    # a person fixes the cause (here: the purchase order service is back)
    Path(settings.MEDIA_ROOT, f"fixed-{workflow.document_id}").touch()

    call_command("retry_workflow", str(workflow.pk))

    workflow = Workflow.objects.get(pk=workflow.pk)
    validation = Step.objects.get(workflow=workflow, agent="validation")
    assert workflow.state == State.APPROVED
    assert effects(workflow.pk) == {"intake": 1, "validation": 1}  # intake did not run again
    assert (validation.state, validation.attempt) == ("succeeded", 1)
    assert [entry["outcome"][:6] for entry in validation.history] == ["failed", "succee"]
    assert workflow.events.filter(type="WorkflowRetried").count() == 1


def test_it_refuses_to_retry_a_workflow_that_did_not_stop(start, in_process):
    workflow = start("ok.pdf")

    with pytest.raises(CommandError, match="only needs_human or budget_exceeded"):
        call_command("retry_workflow", str(workflow.pk))


def test_it_refuses_to_retry_when_an_agent_asked_for_a_person(start, in_process):
    workflow = start("human.pdf")

    with pytest.raises(CommandError, match="no failed step"):
        call_command("retry_workflow", str(workflow.pk))
