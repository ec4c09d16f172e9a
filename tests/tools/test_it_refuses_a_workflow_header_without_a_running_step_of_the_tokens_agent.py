"""X-Workflow-Id / X-Step-Id: a call joins a workflow only through a running step of the token's
own agent in that workflow (security review, finding 2). Without either header, a call is
outside any workflow and stays allowed.
"""
from __future__ import annotations

import json

import pytest

from agents.tools.models import ToolCall
from agents.tools.services import agent_token_create


@pytest.fixture
def token(seeded):
    return agent_token_create(agent="validation").raw


@pytest.fixture
def running(seeded):
    seeded.step.state = "running"
    seeded.step.save(update_fields=["state"])
    return seeded.step


def post(client, token, **headers):
    return client.post(
        "/api/tools/vendors.find", data=json.dumps({"name": "Acme"}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}", **headers,
    )


def test_it_refuses_a_workflow_id_without_a_step_id(client, seeded, token, running):
    response = post(client, token, HTTP_X_WORKFLOW_ID=str(seeded.workflow.pk))
    assert response.status_code == 403
    assert "X-Workflow-Id needs an X-Step-Id" in response.json()["error"]
    assert not ToolCall.objects.exists()


def test_it_refuses_a_step_of_another_workflow(client, seeded, token, running, fresh_document):
    from agents.orchestrator.models import Workflow

    other = Workflow.objects.create(document=fresh_document)
    response = post(client, token, HTTP_X_WORKFLOW_ID=str(other.pk),
                    HTTP_X_STEP_ID=str(running.pk))
    assert response.status_code == 403
    assert f"not a step of workflow {other.pk}" in response.json()["error"]


def test_it_refuses_a_step_of_another_agent(client, seeded, running):
    exception_token = agent_token_create(agent="exception").raw
    response = client.post(
        "/api/tools/vendors.get", data=json.dumps({"vendor_id": seeded.acme.pk}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {exception_token}",
        HTTP_X_WORKFLOW_ID=str(seeded.workflow.pk), HTTP_X_STEP_ID=str(running.pk),
    )
    assert response.status_code == 403
    assert "not a step of the exception agent" in response.json()["error"]


def test_it_refuses_a_step_that_is_not_running(client, seeded, token):
    from agents.orchestrator.models import Step

    for state in (Step.State.PENDING, Step.State.SUCCEEDED, Step.State.CANCELLED):
        Step.objects.filter(pk=seeded.step.pk).update(state=state)
        response = post(client, token, HTTP_X_WORKFLOW_ID=str(seeded.workflow.pk),
                        HTTP_X_STEP_ID=str(seeded.step.pk))
        assert response.status_code == 403
        assert f"is {state}, not running" in response.json()["error"]


def test_it_refuses_an_unknown_step(client, seeded, token):
    response = post(client, token, HTTP_X_STEP_ID="999999")
    assert response.status_code == 403
    assert "There is no step 999999" in response.json()["error"]


def test_it_accepts_the_running_step_of_the_tokens_agent(client, seeded, token, running):
    response = post(client, token, HTTP_X_WORKFLOW_ID=str(seeded.workflow.pk),
                    HTTP_X_STEP_ID=str(running.pk))
    assert response.status_code == 200
    call = ToolCall.objects.get()
    assert (call.workflow_id, call.step_id) == (seeded.workflow.pk, running.pk)


def test_it_still_accepts_a_call_outside_any_workflow(client, seeded, token):
    response = post(client, token)
    assert response.status_code == 200
    call = ToolCall.objects.get()
    assert (call.workflow_id, call.step_id) == (None, None)
