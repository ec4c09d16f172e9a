"""What the target returns or raises in the child arrives in the caller as if run in-process."""
from __future__ import annotations

import datetime as dt
import os
import threading
from decimal import Decimal

import pytest
from pydantic import BaseModel

from agents.errors import AgentError, PermanentError, Throttled
from agents.intake import sandbox
from agents.intake.sandbox import RemoteTraceback, SandboxError, run_sandboxed

LIMITS = {"timeout_s": 10.0, "memory_mb": 256, "cpu_s": 5}


class Parsed(BaseModel):
    size: int
    total: Decimal
    issued: dt.date


class ClerkError(Exception):
    """Shaped like the extractor's ExtractionError: a reason and a `permanent` flag."""

    def __init__(self, reason: str, *, permanent: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


def parse_size(pdf_bytes: bytes) -> Parsed:
    return Parsed(size=len(pdf_bytes), total=Decimal("100.10"), issued=dt.date(2025, 1, 31))


def test_it_returns_a_pydantic_model_from_the_child():
    result = run_sandboxed(parse_size, b"%PDF-1.7", **LIMITS)
    assert result == Parsed(size=8, total=Decimal("100.10"), issued=dt.date(2025, 1, 31))


def test_it_takes_a_dotted_path_as_the_target():
    assert run_sandboxed("tests.sandbox.test_results:parse_size", b"ab", **LIMITS).size == 2
    assert run_sandboxed("tests.sandbox.test_results.parse_size", b"abc", **LIMITS).size == 3


def test_it_reraises_the_targets_exception_with_its_type_and_reason():
    def refuse(_: bytes) -> None:
        raise ClerkError("The PDF is damaged (truncated)", permanent=False)

    with pytest.raises(ClerkError) as caught:
        run_sandboxed(refuse, b"%PDF-", **LIMITS)
    assert caught.value.reason == "The PDF is damaged (truncated)"
    assert caught.value.permanent is False
    assert isinstance(caught.value.__cause__, RemoteTraceback)
    assert "in refuse" in str(caught.value.__cause__)


def test_it_reraises_agent_errors_and_builtin_errors_as_themselves():
    def agent_error(_: bytes) -> None:
        raise PermanentError("Vendor unknown")

    def value_error(_: bytes) -> None:
        raise ValueError("bad number")

    with pytest.raises(PermanentError, match="Vendor unknown"):
        run_sandboxed(agent_error, b"", **LIMITS)
    with pytest.raises(ValueError, match="bad number"):
        run_sandboxed(value_error, b"", **LIMITS)


def test_it_keeps_the_reason_of_an_exception_that_does_not_unpickle():
    def throttled(_: bytes) -> None:
        # Throttled needs a keyword argument, so pickle cannot rebuild it in the parent.
        raise Throttled("Rate limit spent", retry_after=3)

    with pytest.raises(SandboxError) as caught:
        run_sandboxed(throttled, b"", **LIMITS)
    assert caught.value.reason == "Rate limit spent"
    assert caught.value.permanent is False
    assert isinstance(caught.value, AgentError)


def test_it_reports_an_unpicklable_result_instead_of_hanging():
    with pytest.raises(Exception, match="pickle"):
        run_sandboxed(lambda _: threading.Lock(), b"", **LIMITS)


def test_it_closes_other_sandboxes_pipes_in_the_child():
    """A child forked while another thread's sandbox is between fork and close must not keep
    that pipe open, or the other caller would wait for the end of a stranger's parse."""
    read_fd, write_fd = os.pipe()
    with sandbox._live_lock:  # stands for a sandbox running in another thread
        sandbox._live_write_fds.add(write_fd)
    try:

        def is_open(_: bytes) -> bool:
            try:
                os.fstat(write_fd)
            except OSError:
                return False
            return True

        assert run_sandboxed(is_open, b"", **LIMITS) is False
    finally:
        with sandbox._live_lock:
            sandbox._live_write_fds.discard(write_fd)
        os.close(read_fd)
        os.close(write_fd)


def test_it_runs_sandboxes_from_several_threads_at_once():
    results: list[int] = []

    def run(size: int) -> None:
        results.append(run_sandboxed(len, b"x" * size, **LIMITS))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(8))
