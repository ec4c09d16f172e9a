"""The sandbox contains a target that runs out of memory, time or luck, and says so plainly.

These use small target functions of their own, so they do not depend on any PDF library.
"""
from __future__ import annotations

import ctypes
import os
import signal
import time

import pytest

from agents.errors import PermanentError
from agents.intake.sandbox import SandboxError, run_sandboxed

LIMITS = {"timeout_s": 10.0, "memory_mb": 256, "cpu_s": 3}


def _reason(target, pdf_bytes: bytes = b"%PDF-", **limits) -> str:
    with pytest.raises(SandboxError) as caught:
        run_sandboxed(target, pdf_bytes, **{**LIMITS, **limits})
    assert isinstance(caught.value, PermanentError) and caught.value.permanent
    return caught.value.reason


def _allocate_too_much(_: bytes) -> int:
    hoard = []
    for _ in range(64):  # 64 x 64 MiB = 4 GiB, far above the 256 MiB allowance
        hoard.append(bytearray(64 * 1024 * 1024))
    return len(hoard)


def test_it_reports_a_target_that_needs_too_much_memory():
    assert _reason(_allocate_too_much) == (
        "The PDF needs more memory to read than allowed (possible decompression bomb)"
    )


def test_it_reports_out_of_memory_even_when_the_target_hid_the_memory_error():
    def swallow(pdf_bytes: bytes) -> None:
        try:
            _allocate_too_much(pdf_bytes)
        except MemoryError:
            raise ValueError("damaged") from None

    assert _reason(swallow).startswith("The PDF needs more memory to read than allowed")


def test_it_stops_a_target_that_spins_the_cpu():
    def spin(_: bytes) -> None:
        while True:
            pass

    started = time.monotonic()
    assert _reason(spin, cpu_s=1) == "Reading the PDF took longer than 1 seconds"
    assert time.monotonic() - started < 5


def test_it_kills_a_target_that_overruns_the_wall_clock(tmp_path):
    pid_file = tmp_path / "pid"

    def sleep(_: bytes) -> None:
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)  # sleeping uses no CPU: only the wall clock can stop it

    started = time.monotonic()
    assert _reason(sleep, timeout_s=2.0) == "Reading the PDF took longer than 2 seconds"
    assert time.monotonic() - started < 4
    with pytest.raises(ChildProcessError):  # killed and reaped: no zombie left behind
        os.waitpid(int(pid_file.read_text()), os.WNOHANG)


def test_it_reports_a_segfault_as_a_crash():
    assert _reason(lambda _: ctypes.string_at(0)) == "The PDF reader crashed on this file"


def test_it_reports_a_child_killed_by_a_signal_as_a_crash():
    def die(_: bytes) -> None:
        os.kill(os.getpid(), signal.SIGSEGV)

    assert _reason(die) == "The PDF reader crashed on this file"


def test_it_keeps_the_caller_alive_when_the_target_calls_exit():
    def leave(_: bytes) -> None:
        raise SystemExit(3)

    assert _reason(leave) == "The invoice could not be processed because of an internal error"
    assert run_sandboxed(len, b"still here", **LIMITS) == 10


def test_it_refuses_a_result_larger_than_allowed():
    reason = _reason(lambda _: b"x" * (3 * 1024 * 1024), max_result_mb=1)
    assert reason == "Reading the PDF produced more data than allowed (1 MB)"


def test_it_kills_the_child_when_the_caller_is_interrupted(tmp_path):
    """rq's job timeout raises in the work-horse from a SIGALRM handler: no orphan may remain."""
    pid_file = tmp_path / "pid"

    def sleep(_: bytes) -> None:
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)

    class JobTimeout(Exception):
        pass

    def on_alarm(signum, frame):
        raise JobTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.5)
        with pytest.raises(JobTimeout):
            run_sandboxed(sleep, b"", **LIMITS)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    with pytest.raises(ChildProcessError):
        os.waitpid(int(pid_file.read_text()), os.WNOHANG)
