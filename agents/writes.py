"""The running step's write phase, as seen by the code that writes and the code that waits.

A step runs outside any database transaction: reading, parsing in the sandbox and asking the LLM
hold no locks. Its first write opens the step's one short transaction (the orchestrator locks the
workflow there and checks that the step's lease is still this worker's); everything it writes
from then on commits together with its completion, or not at all. So:

- a tool with side effects (and any agent code that writes through the ORM, like the tests'
  agents) calls `begin()` first; `agents.tools.execution.call_tool` does it for every tool;
- slow I/O calls `refuse_slow_io()` first: an LLM request after the first write would hold the
  transaction open across it, so it is refused loudly (a programming error in the agent, found
  by its tests) instead of quietly making every other worker wait.

Outside a step (a web request, a test calling a tool directly) both are no-ops.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from agents.errors import PermanentError

_local = threading.local()


class WritePhase(Protocol):
    @property
    def is_open(self) -> bool: ...

    def open(self) -> None: ...


@contextmanager
def step_scope(phase: WritePhase) -> Iterator[None]:
    """While the block runs, writes in this thread belong to `phase` (the orchestrator's)."""
    previous = getattr(_local, "phase", None)
    _local.phase = phase
    try:
        yield
    finally:
        _local.phase = previous


def begin() -> None:
    """Open the running step's write transaction (once) before the first write."""
    phase = getattr(_local, "phase", None)
    if phase is not None:
        phase.open()


def refuse_slow_io(what: str) -> None:
    """Raise PermanentError if the running step already wrote: `what` must come before that."""
    phase = getattr(_local, "phase", None)
    if phase is not None and phase.is_open:
        raise PermanentError(
            f"{what} after the step's first write: an agent asks and reads first and writes "
            "last, so its transaction stays short"
        )

