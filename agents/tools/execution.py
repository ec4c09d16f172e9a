"""The one path every tool call takes, whoever makes it (agent code, a model's function call, the
HTTP gateway): find the tool, check the agent's scopes, validate the arguments, run, audit.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Any

from pydantic import BaseModel, ValidationError

from agents import writes
from agents.errors import AgentError, ToolPermissionError
from agents.tools.errors import InvalidArguments, UnknownTool
from agents.tools.manifests import UnknownAgent, scopes_for
from agents.tools.registry import Tool, ToolContext, registry

logger = logging.getLogger(__name__)


def call_tool(
    name: str,
    arguments: dict[str, Any] | str | BaseModel,
    context: ToolContext,
    *,
    token_id: int | None = None,
) -> BaseModel:
    """Run tool `name` for `context.agent`; `arguments` is a dict (from code), a JSON string
    (from a model or a client) or an already validated input model (from the HTTP gateway).

    Raises ToolPermissionError (denied), InvalidArguments, UnknownTool, ToolFailed or whatever
    the tool raised; every outcome is audited first.
    """
    started = time.monotonic()

    def audit(outcome: str, *, result: str = "", error: str = "") -> None:
        from agents.tools.services import tool_call_record

        tool_call_record(
            agent=context.agent,
            tool=name,
            arguments=_arguments_for_audit(arguments),
            outcome=outcome,
            duration_ms=int((time.monotonic() - started) * 1000),
            workflow_id=context.workflow_id,
            step_id=context.step_id,
            via=context.via,
            token_id=token_id,
            result_summary=result,
            error=error,
        )

    try:
        tool = registry.get(name)
    except UnknownTool as exc:
        audit("error", error=exc.reason)
        raise
    try:
        check_scope(context.agent, tool)
        check_running_step(context, tool)
    except (ToolPermissionError, UnknownAgent) as exc:
        audit("denied", error=exc.reason)
        raise ToolPermissionError(exc.reason) from None
    try:
        validated = validate_arguments(tool, arguments)
    except InvalidArguments as exc:
        audit("invalid_arguments", error=exc.reason)
        raise
    try:
        if tool.side_effects:
            # Inside a step this opens its one short transaction (agents/writes.py).
            writes.begin()
        output = tool.func(validated, context)
        if not isinstance(output, tool.output_model):
            raise TypeError(f"tool {name} returned {type(output).__name__}, "
                            f"not {tool.output_model.__name__}")
    except AgentError as exc:
        audit("error", error=f"{type(exc).__name__}: {exc.reason}")
        raise
    except Exception as exc:
        logger.exception("tool %s failed for agent %s", name, context.agent)
        audit("error", error=f"{type(exc).__name__}: {exc}")
        raise
    from agents.tools.services import summarize_for_audit

    audit("ok", result=summarize_for_audit(output.model_dump(mode="json")))
    return output


def check_scope(agent: str, tool: Tool) -> None:
    if tool.scope not in scopes_for(agent):
        raise ToolPermissionError(
            f"Agent {agent!r} may not call {tool.name}: it needs scope {tool.scope!r}, "
            f"which the {agent} manifest does not hold."
        )


def check_running_step(context: ToolContext, tool: Tool) -> None:
    """A tool that writes acts for a step: the call must name a running step of the caller's own
    agent. Otherwise a token (or agent code) could write about any invoice with no workflow to
    answer for it, e.g. clear another invoice's findings. Reading tools need no step.
    """
    if not tool.side_effects:
        return
    if context.step_id is None:
        raise ToolPermissionError(
            f"{tool.name} writes, so it is accepted only for a running step of the "
            f"{context.agent} agent: name the step (X-Step-Id over HTTP)."
        )
    from agents.orchestrator.models import Step

    step = Step.objects.filter(pk=context.step_id).values("agent", "state", "workflow_id").first()
    if (
        step is None
        or step["agent"] != context.agent
        or step["state"] != Step.State.RUNNING
        or step["workflow_id"] != context.workflow_id
    ):
        raise ToolPermissionError(
            f"{tool.name} writes, and step {context.step_id} is not a running step of the "
            f"{context.agent} agent in workflow {context.workflow_id}."
        )


def validate_arguments(tool: Tool, arguments: dict[str, Any] | str | BaseModel) -> BaseModel:
    if isinstance(arguments, tool.input_model):
        return arguments
    try:
        if isinstance(arguments, str):
            return tool.input_model.model_validate_json(arguments or "{}")
        if isinstance(arguments, BaseModel):
            arguments = arguments.model_dump()
        return tool.input_model.model_validate(arguments)
    except ValidationError as exc:
        errors = json.loads(exc.json(include_url=False, include_input=False))
        raise InvalidArguments(
            f"Invalid arguments for {tool.name}: {describe_errors(errors)}", errors=errors
        ) from None


def describe_errors(errors: list[dict]) -> str:
    parts = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ())) or "arguments"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)


def _arguments_for_audit(arguments: dict[str, Any] | str | BaseModel) -> Any:
    if isinstance(arguments, BaseModel):
        return arguments.model_dump(mode="json")
    if isinstance(arguments, str):
        try:
            return json.loads(arguments or "{}")
        except ValueError:
            return {"raw": arguments}
    return arguments
