"""One registry of tools. A tool is a plain function `(arguments, context) -> output` with pydantic
input and output models, a name, a description written for an LLM, one scope, and whether it has
side effects. Tools live in `agents.tools.catalog` and call the apps' services.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from agents.tools.errors import UnknownTool
from agents.tools.scopes import SCOPES

_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


class ToolInput(BaseModel):
    """Base of every tool's input: unknown fields are refused, so a typo is an error, not a
    silently ignored argument (and the JSON schema says additionalProperties: false).

    Ids and counts are `StrictInt`: `true` or `"1"` is refused rather than read as 1. Text with a
    NUL character is refused (PostgreSQL could not store it).
    """

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any) -> Any:
        # PostgreSQL cannot store NUL in text or jsonb: refused here, at every door, with a
        # clear error, instead of a database error half-way through a tool.
        if holds_nul(data):
            raise ValueError("text must not contain the NUL character (\\u0000)")
        return data


def holds_nul(value: Any) -> bool:
    """Whether any string in a JSON-like value (keys included) contains NUL."""
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            if "\x00" in node:
                return True
        elif isinstance(node, dict):
            pending.extend(node.keys())
            pending.extend(node.values())
        elif isinstance(node, (list, tuple)):
            pending.extend(node)
    return False


@dataclass(frozen=True)
class ToolContext:
    """Who is calling, for which workflow step, and through which door."""

    agent: str
    workflow_id: int | None = None
    step_id: int | None = None
    via: Literal["python", "llm", "http"] = "python"


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    scope: str
    input_model: type[BaseModel]
    output_model: type[BaseModel]
    side_effects: bool
    func: Callable[[BaseModel, ToolContext], BaseModel]

    @property
    def function_name(self) -> str:
        """The name an OpenAI-style model sees: tool names there allow only [a-zA-Z0-9_-]."""
        return function_name(self.name)


def function_name(tool_name: str) -> str:
    # Tool names are lower-case dotted words, so "__" cannot occur inside one: reversible.
    return tool_name.replace(".", "__")


def tool_name_from_function(name: str) -> str:
    return name.replace("__", ".")


class ToolRegistry:
    def __init__(self) -> None:
        self._tools: dict[str, Tool] = {}

    def register(
        self,
        *,
        name: str,
        description: str,
        scope: str,
        input_model: type[BaseModel],
        output_model: type[BaseModel],
        side_effects: bool = False,
    ) -> Callable[[Callable], Callable]:
        """Decorator: `@registry.register(name="vendors.find", ...)` over the tool function."""
        if not _NAME.match(name) or "__" in name:
            raise ValueError(f"tool name {name!r} must be dotted lower-case words: vendors.find")
        if scope not in SCOPES:
            raise ValueError(f"tool {name!r} requires undeclared scope {scope!r}")

        def decorator(func: Callable) -> Callable:
            if name in self._tools and self._tools[name].func is not func:
                raise ValueError(f"tool {name!r} is registered twice")
            self._tools[name] = Tool(
                name, description.strip(), scope, input_model, output_model, side_effects, func
            )
            return func

        return decorator

    def get(self, name: str) -> Tool:
        _load_catalog()
        try:
            return self._tools[name]
        except KeyError:
            raise UnknownTool(f"There is no tool named {name!r}.") from None

    def all(self) -> list[Tool]:
        _load_catalog()
        return sorted(self._tools.values(), key=lambda tool: tool.name)

    def for_scopes(self, scopes: Iterable[str]) -> list[Tool]:
        held = set(scopes)
        return [tool for tool in self.all() if tool.scope in held]


registry = ToolRegistry()
_catalog_loaded = False


def _load_catalog() -> None:
    # Imported on first use, not at import time: the catalog imports the apps' services (and so
    # their models), which must wait until Django's app registry is ready.
    global _catalog_loaded
    if not _catalog_loaded:
        import agents.tools.catalog  # noqa: F401

        _catalog_loaded = True
