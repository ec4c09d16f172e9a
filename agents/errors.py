"""Errors shared by the orchestrator, the tool registry, the LLM gateway and the agents.

Every error says whether retrying can help (`permanent`), so the orchestrator never has to guess.
"""
from __future__ import annotations


class AgentError(Exception):
    """A step failed. `reason` is written for the clerk who will see it in needs_human."""

    permanent: bool = False

    def __init__(self, reason: str, *, permanent: bool | None = None):
        super().__init__(reason)
        self.reason = reason
        if permanent is not None:
            self.permanent = permanent


class PermanentError(AgentError):
    """Retrying cannot help (bad input, a refused permission): go straight to a person."""

    permanent = True


class TransientError(AgentError):
    """Retrying may help (timeout, 5xx, connection reset): retry with backoff."""

    permanent = False


class Throttled(AgentError):
    """A shared rate limit is spent: run the step again later without using up an attempt."""

    permanent = False

    def __init__(self, reason: str, *, retry_after: float):
        super().__init__(reason)
        self.retry_after = max(0.0, retry_after)


class BudgetExceeded(AgentError):
    """The workflow (or the day) has spent its LLM budget: stop the workflow and alert admins."""

    permanent = True


class ToolPermissionError(PermanentError):
    """An agent called a tool outside the scopes of its manifest."""
