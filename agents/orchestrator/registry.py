"""The agent step interface: what an agent is given, what it returns, and where it is registered.

An agent step is a plain function `run(ctx: StepContext) -> StepResult | None`. It reads
`ctx.input`, does its one job, and reports what happened with `ctx.emit(event_type, payload)`.
It never calls another agent and never changes the workflow's state: the orchestrator decides the
next state and the next step from the events (see pipeline.py). It asks and reads first and
writes last: its writes (through tools with side effects) commit together with the step's
completion in one short transaction, or not at all (a lost lease or a cancel discards them), and
an LLM call after its first write is refused (agents/writes.py).

Errors: raise agents.errors.PermanentError (no retry), TransientError (retry with backoff),
Throttled(retry_after=...) (run again later, attempt not used up) or BudgetExceeded. Any other
exception counts as transient.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from agents.errors import PermanentError


@dataclass
class StepContext:
    workflow_id: int
    step_id: int
    document_id: int
    agent: str
    attempt: int
    input: dict[str, Any]
    # The tool registry and the LLM gateway are wired in here by their owners; until then None.
    tools: Any = None
    llm: Any = None
    emitted: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def emit(self, event_type: str, payload: dict[str, Any] | None = None) -> None:
        """Report an outcome. Written as an Event row when (and only if) the step completes."""
        self.emitted.append((event_type, dict(payload or {})))


@dataclass(frozen=True)
class StepResult:
    """What the step's row keeps as its output (shown in the trail and the admin)."""

    output: dict[str, Any] = field(default_factory=dict)


StepFunction = Callable[[StepContext], "StepResult | None"]


@dataclass(frozen=True)
class AgentSpec:
    name: str
    run: str | StepFunction  # a dotted path is imported on first use, so a missing module
    queue: str = "steps"  # only fails the steps of that agent, not the whole orchestrator
    timeout: float = 60.0  # seconds for one attempt; the rq job timeout is longer
    max_attempts: int = 3
    # An agent that runs beside a settled workflow (the librarian, after a person decided):
    # its step never moves the workflow, is claimed whatever state the workflow is in by then,
    # and its failure is recorded on the step without handing the case back to anyone.
    alongside: bool = False

    def resolve(self) -> StepFunction:
        if callable(self.run):
            return self.run
        try:
            return import_string(self.run)
        except ImportError as exc:
            raise PermanentError(f"agent {self.name!r} is not installed: {exc}") from exc

    @property
    def job_timeout(self) -> int:
        """rq's hard limit: longer than the step timeout, so a slow step fails in our code."""
        return int(self.timeout + settings.STEP_TIMEOUT_GRACE_SECONDS) + 1


_AGENTS: dict[str, AgentSpec] = {}


class UnknownAgent(PermanentError):
    pass


def register(
    name: str,
    run: str | StepFunction,
    *,
    queue: str = "steps",
    timeout: float = 60.0,
    max_attempts: int = 3,
    alongside: bool = False,
) -> AgentSpec:
    """Register (or replace) the step function for an agent name."""
    if queue not in settings.QUEUE_NAMES:
        raise ValueError(f"queue {queue!r} is not one of {settings.QUEUE_NAMES}")
    if max_attempts < 1 or timeout <= 0:
        raise ValueError("max_attempts must be >= 1 and timeout > 0")
    spec = AgentSpec(name, run, queue=queue, timeout=timeout, max_attempts=max_attempts,
                     alongside=alongside)
    _AGENTS[name] = spec
    return spec


def get_agent(name: str) -> AgentSpec:
    from agents.orchestrator import pipeline  # noqa: F401 - registers the pipeline's agents

    try:
        return _AGENTS[name]
    except KeyError:
        raise UnknownAgent(f"no agent is registered under {name!r}") from None


def alongside_agents() -> list[str]:
    """The agents whose steps run beside the workflow instead of moving it."""
    from agents.orchestrator import pipeline  # noqa: F401

    return sorted(name for name, spec in _AGENTS.items() if spec.alongside)


def registered_agents() -> dict[str, AgentSpec]:
    from agents.orchestrator import pipeline  # noqa: F401

    return dict(_AGENTS)
