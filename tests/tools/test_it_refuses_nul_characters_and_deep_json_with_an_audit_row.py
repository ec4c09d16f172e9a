"""A NUL character in an argument or in the body, and JSON nested thousands of levels deep, get a
422 and an audit row from the tool gateway, never a 500 (issue 12, item 5). NUL never reaches
PostgreSQL: the tool does not run, and the audit keeps a visible `\\u0000` instead.
"""
from __future__ import annotations

import json

import pytest

from agents.tools.models import ToolCall
from agents.tools.services import agent_token_create
from memory.models import Fact


@pytest.fixture
def token(seeded):
    return agent_token_create(agent="validation").raw


def post(client, token, name, data: bytes | str):
    return client.post(
        f"/api/tools/{name}", data=data, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_it_refuses_a_nul_character_in_an_argument(client, token):
    response = post(client, token, "vendors.find", json.dumps({"name": "Acme\u0000GmbH"}))
    assert response.status_code == 422
    assert "NUL character" in response.json()["error"]
    call = ToolCall.objects.get()
    assert call.outcome == "invalid_arguments"
    assert call.arguments == {"name": "Acme\\u0000GmbH"}


def test_it_refuses_a_nul_byte_in_the_body(client, token):
    response = post(client, token, "vendors.find", b'{"name": "Acme\x00GmbH"}')
    assert response.status_code == 422
    call = ToolCall.objects.get()
    assert call.outcome == "invalid_arguments"
    assert "\\u0000" in call.arguments["raw"]


def test_it_refuses_a_nul_character_in_a_key(client, token):
    response = post(client, token, "vendors.find", json.dumps({"na\u0000me": "Acme"}))
    assert response.status_code == 422
    assert ToolCall.objects.get().outcome == "invalid_arguments"


def test_it_keeps_nul_out_of_a_tool_that_writes(seeded):
    from agents.orchestrator.models import Step
    from agents.tools.client import ToolClient
    from agents.tools.errors import InvalidArguments

    step = Step.objects.create(workflow=seeded.workflow, agent="librarian", state="running")
    librarian = ToolClient("librarian", workflow_id=seeded.workflow.pk, step_id=step.pk)
    with pytest.raises(InvalidArguments, match="NUL character"):
        librarian.call("memory.write", subject="Acme", text="freight\u0000separately")
    assert not Fact.objects.exists()
    assert ToolCall.objects.get().arguments["text"] == "freight\\u0000separately"


@pytest.mark.parametrize("depth", [5000, 100_000])
def test_it_refuses_json_nested_thousands_of_levels_deep(client, token, depth):
    body = '{"name": ' + "[" * depth + "]" * depth + "}"
    response = post(client, token, "vendors.find", body)
    assert response.status_code == 422
    assert "nests deeper than" in response.json()["error"]
    call = ToolCall.objects.get()
    assert call.outcome == "invalid_arguments"
    assert call.arguments["raw"].startswith('{"name": [[[')


def test_it_refuses_moderately_deep_json_too(client, token):
    body = '{"name": ' + "[" * 40 + "]" * 40 + "}"
    response = post(client, token, "vendors.find", body)
    assert response.status_code == 422
    assert ToolCall.objects.get().outcome == "invalid_arguments"
