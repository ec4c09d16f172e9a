"""Only the librarian holds memory:write: in the manifests, in process, and over the HTTP tool
gateway. Every other agent is refused and audited as denied; nothing is written."""
from __future__ import annotations

import json

import pytest

from agents.errors import ToolPermissionError
from agents.tools.manifests import MANIFESTS
from agents.tools.models import ToolCall
from agents.tools.registry import registry
from agents.tools.services import agent_token_create
from memory.models import Fact
from tests.tools.conftest import seeded, tools_for  # noqa: F401

OTHERS = sorted(set(MANIFESTS) - {"librarian"})
FACT = {"kind": "billing_habit", "subject": "freight", "value": "separate line",
        "text": "Bills freight as a separate invoice line."}


def test_the_registry_gives_memory_write_tools_to_the_librarian_alone():
    writing = [tool.name for tool in registry.for_scopes({"memory:write"})]
    assert sorted(writing) == ["memory.propose_tolerance", "memory.route_example", "memory.write"]
    holders = sorted(agent for agent, scopes in MANIFESTS.items() if "memory:write" in scopes)
    assert holders == ["librarian"]


@pytest.mark.parametrize("agent", OTHERS)
def test_every_other_agent_is_refused_in_process(tools_for, seeded, agent):  # noqa: F811
    with pytest.raises(ToolPermissionError, match="memory:write"):
        tools_for(agent).call("memory.write", vendor_id=seeded.acme.pk, **FACT)
    assert not Fact.objects.exists()
    assert ToolCall.objects.get(agent=agent, tool="memory.write").outcome == "denied"


def post(client, agent, step=None):
    token = agent_token_create(agent=agent).raw
    headers = {"HTTP_X_STEP_ID": str(step.pk)} if step else {}
    return client.post("/api/tools/memory.write", data=json.dumps(FACT),
                       content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
                       **headers)


@pytest.mark.parametrize("agent", OTHERS)
def test_every_other_agent_is_refused_over_http(client, seeded, agent):  # noqa: F811
    from agents.orchestrator.models import Step

    step = Step.objects.create(workflow=seeded.workflow, agent=agent, state=Step.State.RUNNING)
    response = post(client, agent, step)
    assert response.status_code == 403
    assert "memory:write" in response.json()["error"]
    assert not Fact.objects.exists()


def test_the_librarian_writes_over_http_for_its_running_step(client, seeded):  # noqa: F811
    from agents.orchestrator.models import Step

    step = Step.objects.create(workflow=seeded.workflow, agent="librarian",
                               state=Step.State.RUNNING)
    response = post(client, "librarian", step)
    assert response.status_code == 200, response.json()
    assert response.json()["outcome"] == "created"
    assert Fact.objects.get().workflow_id == seeded.workflow.pk
