"""Tools as OpenAI function definitions, and a model's tool calls dispatched through the same
checks as any other call. The LLM gateway renders `openai_tools(agent)` into the request and
feeds each tool call the model makes to `dispatch_tool_call`, whose string goes back to the model.
"""
from __future__ import annotations

import json
from typing import Any

from agents.errors import TransientError
from agents.tools.errors import InvalidArguments, ToolFailed, UnknownTool
from agents.tools.execution import call_tool
from agents.tools.manifests import scopes_for
from agents.tools.registry import ToolContext, registry, tool_name_from_function


def openai_tools(agent: str) -> list[dict[str, Any]]:
    """The agent's tools in the OpenAI `tools` format (names with "." spelled "__")."""
    return [
        {
            "type": "function",
            "function": {
                "name": tool.function_name,
                "description": tool.description,
                "parameters": tool.input_model.model_json_schema(),
            },
        }
        for tool in registry.for_scopes(scopes_for(agent))
    ]


def dispatch_tool_call(
    agent: str,
    name: str,
    arguments_json: str,
    *,
    workflow_id: int | None,
    step_id: int | None,
) -> str:
    """Run one tool call a model asked for and return what the model should read (JSON).

    An unknown tool, malformed JSON, arguments that do not fit, or a tool that refuses (an id
    that does not exist) come back as `{"error": ...}` so the model can correct itself. A tool
    outside the agent's manifest is not the model's to retry: ToolPermissionError propagates and
    fails the step (a document that talks a model into asking for more is an attack, and a
    person should look). Transient errors propagate too, so the step is retried.
    """
    context = ToolContext(agent=agent, workflow_id=workflow_id, step_id=step_id, via="llm")
    tool_name = tool_name_from_function(name)
    try:
        output = call_tool(tool_name, arguments_json, context)
    except UnknownTool:
        known = ", ".join(tool.function_name for tool in registry.for_scopes(scopes_for(agent)))
        return _error(f"There is no tool named {name!r}. Available tools: {known}.")
    except InvalidArguments as exc:
        return _error(exc.reason, details=exc.errors)
    except ToolFailed as exc:
        return _error(exc.reason)
    except TransientError:
        raise
    return output.model_dump_json()


def _error(message: str, *, details: list | None = None) -> str:
    body: dict[str, Any] = {"error": message}
    if details:
        body["details"] = details
    return json.dumps(body, ensure_ascii=False, default=str)
