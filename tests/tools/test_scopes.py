"""Each agent can call exactly the tools its manifest's scopes allow, and nothing else."""
from __future__ import annotations

import pytest

from agents.errors import PermanentError, ToolPermissionError
from agents.tools.client import ToolClient
from agents.tools.errors import InvalidArguments
from agents.tools.manifests import MANIFESTS, UnknownAgent
from agents.tools.registry import registry
from agents.tools.scopes import SCOPES

PAIRS = [(agent, tool.name) for agent in MANIFESTS for tool in registry.all()]


@pytest.mark.parametrize(("agent", "tool_name"), PAIRS)
def test_it_lets_an_agent_call_exactly_the_tools_of_its_scopes(fresh_document, agent, tool_name):
    from agents.orchestrator.models import Step, Workflow
    from agents.tools.models import ToolCall

    tool = registry.get(tool_name)
    # For a running step of the agent, as tools that write require.
    workflow = Workflow.objects.create(document=fresh_document)
    step = Step.objects.create(workflow=workflow, agent=agent, state=Step.State.RUNNING)
    client = ToolClient(agent, workflow_id=workflow.pk, step_id=step.pk)
    # An argument no tool accepts: a permitted call gets as far as validation and stops there.
    if tool.scope in MANIFESTS[agent]:
        with pytest.raises(InvalidArguments):
            client.call(tool_name, probe_argument=1)
        assert ToolCall.objects.get().outcome == "invalid_arguments"
    else:
        with pytest.raises(ToolPermissionError) as raised:
            client.call(tool_name, probe_argument=1)
        assert raised.value.permanent
        assert tool.scope in raised.value.reason
        assert ToolCall.objects.get().outcome == "denied"


def test_it_gives_no_agent_the_scope_to_send_email():
    assert "email:send" in SCOPES
    assert all("email:send" not in scopes for scopes in MANIFESTS.values())


def test_it_leaves_memory_writes_to_the_librarian():
    writers = [agent for agent, scopes in MANIFESTS.items() if "memory:write" in scopes]
    assert writers == ["librarian"]


def test_it_declares_the_email_propose_scope_for_the_exception_agent_only():
    holders = [agent for agent, scopes in MANIFESTS.items() if "email:propose" in scopes]
    assert holders == ["exception"]


def test_it_requires_a_declared_scope_for_every_tool():
    assert {tool.scope for tool in registry.all()} <= set(SCOPES)


def test_it_refuses_a_client_for_an_agent_without_a_manifest():
    with pytest.raises(UnknownAgent) as raised:
        ToolClient("accountant")
    assert isinstance(raised.value, PermanentError)
