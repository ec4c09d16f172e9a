"""Errors of the tool layer. All are `agents.errors` errors, so the orchestrator knows whether a
retry can help; the gateway turns each into an HTTP status or a message for the model.
"""
from __future__ import annotations

from agents.errors import PermanentError


class UnknownTool(PermanentError):
    """No tool of that name is registered."""


class InvalidArguments(PermanentError):
    """The arguments do not match the tool's input schema: a bug in the caller, not worth a retry.

    `errors` are pydantic's error dicts (loc, msg, type), ready to show to a model or a client.
    """

    def __init__(self, reason: str, *, errors: list[dict] | None = None):
        super().__init__(reason)
        self.errors = errors or []


class ToolFailed(PermanentError):
    """The tool ran and refused: the request made sense but cannot be done (an unknown id, an
    invoice a person has already decided). The caller, or the model, can react to the message.
    """


class NotFound(ToolFailed):
    """The object named by the arguments does not exist."""
