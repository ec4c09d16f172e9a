"""What agent code holds: `ToolClient(agent="validation", workflow_id=..., step_id=...)`.

    vendor = ctx.tools.call("vendors.find", name="Acme GmbH", tax_id="DE123456789")

Every call is scope-checked against the agent's manifest, validated, and audited. Errors are
`agents.errors` errors: ToolPermissionError and InvalidArguments are permanent (a bug or an
attack, not bad luck); `agents.tools.errors.NotFound` / `ToolFailed` say the tool refused.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from agents.tools.execution import call_tool
from agents.tools.manifests import scopes_for
from agents.tools.registry import Tool, ToolContext, registry


class ToolClient:
    def __init__(
        self, agent: str, *, workflow_id: int | None = None, step_id: int | None = None
    ) -> None:
        self.scopes = scopes_for(agent)  # fails now, not at the first call, for an unknown agent
        self.context = ToolContext(agent=agent, workflow_id=workflow_id, step_id=step_id)

    @property
    def agent(self) -> str:
        return self.context.agent

    def call(self, name: str, /, **arguments: Any) -> BaseModel:
        """Run tool `name` with keyword arguments; returns the tool's output model."""
        return call_tool(name, arguments, self.context)

    def tools(self) -> list[Tool]:
        """The tools this agent may call."""
        return registry.for_scopes(self.scopes)

    def __repr__(self) -> str:
        c = self.context
        return f"ToolClient(agent={c.agent!r}, workflow_id={c.workflow_id}, step_id={c.step_id})"
