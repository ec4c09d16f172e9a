"""The warm sandbox: one long-lived child reused across documents, replaced after anything that
went wrong, with each job's own CPU budget, safe from several threads, dying with its parent."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from agents.errors import AgentError, PermanentError
from agents.intake import sandbox
from agents.intake.sandbox import RemoteTraceback, SandboxError, WarmSandbox, run_sandboxed
from tests.sandbox import hostile, targets

extraction = pytest.importorskip("agents.intake.extraction")

LIMITS = {"timeout_s": 10.0, "memory_mb": 256, "cpu_s": 3, "reuse": True}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def warm(monkeypatch) -> WarmSandbox:
    """A warm sandbox of the test's own, so pids and job counts start afresh."""
    fresh = WarmSandbox()
    monkeypatch.setattr(sandbox, "_default_warm", fresh)
    yield fresh
    fresh.close()


def _run(target, data: bytes = b"%PDF-", **limits):
    return run_sandboxed(target, data, **{**LIMITS, **limits})


def _reason(target, data: bytes = b"%PDF-", **limits) -> str:
    with pytest.raises(SandboxError) as caught:
        _run(target, data, **limits)
    assert isinstance(caught.value, PermanentError) and caught.value.permanent
    return caught.value.reason


def _gone(pid: int) -> bool:
    """No such process, or only its zombie left for someone else to reap."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state in {"Z", "X"}


def _wait_until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


# -- reuse --------------------------------------------------------------------------------------


def test_it_reuses_the_child_across_normal_jobs(warm):
    first = _run(targets.pid)
    assert first != os.getpid()
    assert [_run(targets.pid) for _ in range(5)] == [first] * 5
    assert warm.pid == first


def test_parse_pdf_safely_reuses_the_child_by_default(warm):
    invoice = hostile.invoice_pdf()
    first = sandbox.parse_pdf_safely(invoice)
    pid = warm.pid
    assert pid is not None
    assert sandbox.parse_pdf_safely(invoice) == first == extraction.extract_invoice(invoice)
    assert warm.pid == pid


def test_it_takes_a_dotted_path_in_the_warm_child(warm):
    assert _run("tests.sandbox.targets:size", b"ab") == 2
    assert _run("tests.sandbox.targets.pid") == warm.pid


def test_a_closure_runs_in_a_fork_of_its_own(warm):
    warm_pid = _run(targets.pid)
    assert _run(lambda _: os.getpid()) not in {warm_pid, os.getpid()}
    assert _run(targets.pid) == warm_pid


def test_it_replaces_the_child_after_max_jobs(warm):
    warm.max_jobs = 3
    pids = [_run(targets.pid) for _ in range(7)]
    assert pids[0] == pids[1] == pids[2] != pids[3] == pids[4] == pids[5] != pids[6]


def test_it_replaces_a_child_whose_memory_grew_too_much(warm):
    warm.max_rss_growth_mb = 32
    first = _run(targets.grow, b"8")
    assert _run(targets.grow, b"8") == first
    assert _run(targets.grow, b"40") == first  # that job completes; its child is then retired
    assert _run(targets.pid) != first


def test_it_reaps_the_child_on_close(warm):
    pid = _run(targets.pid)
    warm.close()
    assert warm.pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert _run(targets.pid) != pid  # and starts a new one when needed


# -- a bad job never reaches the next one --------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: hostile.decompression_bomb(1024),
        hostile.circular_xobjects,
        hostile.recursive_page_tree,
        hostile.truncated_pdf,
        lambda: hostile.many_pages(20_000),
    ],
    ids=["bomb", "circular xobjects", "recursive page tree", "truncated", "20,000 pages"],
)
def test_a_normal_invoice_after_a_hostile_file_parses_in_a_fresh_child(warm, build):
    invoice = hostile.invoice_pdf()
    sandbox.parse_pdf_safely(invoice, memory_mb=256)
    before = warm.pid
    with pytest.raises((SandboxError, extraction.ExtractionError)):
        sandbox.parse_pdf_safely(build(), memory_mb=256, timeout_s=10.0)
    assert warm.pid is None  # retired with the failed job
    assert sandbox.parse_pdf_safely(invoice) == extraction.extract_invoice(invoice)
    assert warm.pid not in {None, before}


def test_a_cpu_hungry_job_does_not_eat_the_next_jobs_budget(warm):
    # Each job uses 0.7 s of a 1 s budget: together they would be over a limit set once.
    pids = [_run(targets.burn, b"0.7", cpu_s=1) for _ in range(3)]
    assert len(set(pids)) == 1
    # A spinner is still stopped after its own budget, not the child's lifetime total...
    started = time.monotonic()
    assert _reason(targets.spin, cpu_s=1) == "Reading the PDF took longer than 1 seconds"
    assert time.monotonic() - started < 5
    # ...and the job after it has its whole budget in a new child.
    assert _run(targets.burn, b"0.7", cpu_s=1) not in set(pids)


# -- the same errors as a fork per call ----------------------------------------------------------

OUT_OF_MEMORY = "The PDF needs more memory to read than allowed (possible decompression bomb)"


@pytest.mark.parametrize(
    ("target", "limits", "reason"),
    [
        (targets.allocate_too_much, {}, OUT_OF_MEMORY),
        (targets.swallow_memory_error, {}, OUT_OF_MEMORY),
        (targets.spin, {"cpu_s": 1}, "Reading the PDF took longer than 1 seconds"),
        (targets.segfault, {}, "The PDF reader crashed on this file"),
        (targets.kill_self, {}, "The PDF reader crashed on this file"),
        (
            targets.leave,
            {},
            "The invoice could not be processed because of an internal error",
        ),
        (
            targets.big_result,
            {"max_result_mb": 1},
            "Reading the PDF produced more data than allowed (1 MB)",
        ),
    ],
    ids=["memory", "hidden memory error", "cpu", "segfault", "signal", "exit", "result size"],
)
def test_it_reports_like_a_fork_and_replaces_the_child(warm, target, limits, reason):
    before = _run(targets.pid)
    assert _reason(target, **limits) == reason
    with pytest.raises(ChildProcessError):  # killed and reaped: no zombie left behind
        os.waitpid(before, os.WNOHANG)
    assert _run(targets.pid) not in {None, before}


def test_it_kills_and_replaces_a_child_that_overruns_the_wall_clock(warm, tmp_path):
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    assert _reason(targets.sleep_forever, str(pid_file).encode(), timeout_s=2.0) == (
        "Reading the PDF took longer than 2 seconds"
    )
    assert time.monotonic() - started < 4
    with pytest.raises(ChildProcessError):
        os.waitpid(int(pid_file.read_text()), os.WNOHANG)
    assert _run(targets.pid) != int(pid_file.read_text())


def test_it_kills_the_child_when_the_caller_is_interrupted(warm, tmp_path):
    pid_file = tmp_path / "pid"

    class JobTimeout(Exception):
        pass

    def on_alarm(signum, frame):
        raise JobTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.5)
        with pytest.raises(JobTimeout):
            _run(targets.sleep_forever, str(pid_file).encode())
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    with pytest.raises(ChildProcessError):
        os.waitpid(int(pid_file.read_text()), os.WNOHANG)
    assert warm.pid is None
    assert _run(targets.size, b"abc") == 3


def test_it_reraises_the_targets_exception_with_its_type_and_reason():
    with pytest.raises(targets.ClerkError) as caught:
        _run(targets.refuse)
    assert caught.value.reason == "The PDF is damaged (truncated)"
    assert caught.value.permanent is False
    assert isinstance(caught.value.__cause__, RemoteTraceback)
    assert "in refuse" in str(caught.value.__cause__)


def test_it_keeps_the_reason_of_an_exception_that_does_not_unpickle():
    with pytest.raises(SandboxError) as caught:
        _run(targets.throttled)
    assert caught.value.reason == "Rate limit spent"
    assert caught.value.permanent is False
    assert isinstance(caught.value, AgentError)


def test_it_reports_an_unpicklable_result_instead_of_hanging():
    with pytest.raises(Exception, match="pickle"):
        _run(targets.unpicklable)


# -- processes and threads ---------------------------------------------------------------------


def test_a_dead_idle_child_is_replaced_transparently(warm):
    first = _run(targets.pid)
    os.kill(first, signal.SIGKILL)
    assert _wait_until(lambda: _gone(first))
    assert _run(targets.pid) not in {None, first}


def test_a_child_that_died_unnoticed_is_replaced_after_a_broken_pipe(warm, monkeypatch):
    first = _run(targets.pid)
    os.kill(first, signal.SIGKILL)
    assert _wait_until(lambda: _gone(first))
    monkeypatch.setattr(sandbox, "_exited", lambda pid: False)  # the check before sending misses
    assert _run(targets.size, b"x" * 300_000) == 300_000  # larger than the pipe: EPIPE
    assert warm.pid not in {None, first}


def test_the_child_does_not_hold_other_sandboxes_pipes(warm):
    read_fd, write_fd = os.pipe()
    with sandbox._live_lock:  # stands for a sandbox running in another thread
        sandbox._live_write_fds.add(write_fd)
    try:
        assert _run(targets.is_open, str(write_fd).encode()) is False
    finally:
        with sandbox._live_lock:
            sandbox._live_write_fds.discard(write_fd)
        os.close(read_fd)
        os.close(write_fd)


def test_a_fork_per_call_does_not_hold_the_warm_childs_pipes(warm):
    _run(targets.pid)
    fds = [warm._request_fd, warm._reply_fd]
    assert all(fd >= 0 for fd in fds)
    assert [run_sandboxed(targets.is_open, str(fd).encode()) for fd in fds] == [False, False]


def test_concurrent_calls_from_two_threads(warm):
    invoice = hostile.invoice_pdf()
    expected = extraction.extract_invoice(invoice)
    results: list[object] = []
    errors: list[BaseException] = []

    def parse() -> None:
        try:
            for _ in range(10):
                results.append(sandbox.parse_pdf_safely(invoice))
                results.append(_run(targets.size, b"x" * 7))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=parse) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert results.count(expected) == 20 and results.count(7) == 20
    assert _run(targets.pid) == warm.pid  # still one warm child, still working


def test_a_child_started_by_a_thread_that_ended_keeps_serving(warm):
    """PR_SET_PDEATHSIG follows the thread that forked: a child forked by a short-lived thread
    would die with it, in the middle of another thread's job. It is forked elsewhere."""
    started: list[int] = []
    thread = threading.Thread(target=lambda: started.append(_run(targets.pid)))
    thread.start()
    thread.join()
    time.sleep(0.2)
    assert not _gone(started[0])
    assert _run(targets.pid) == started[0]


CREATOR = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from agents.intake.sandbox import default_warm_sandbox, run_sandboxed
    from tests.sandbox import targets
    print(run_sandboxed(targets.pid, b"", reuse=True), flush=True)
    if {busy!r}:
        run_sandboxed(targets.sleep_forever, {pid_path!r}, reuse=True, timeout_s=60)
    time.sleep(60)
    """
)


@pytest.mark.parametrize("busy", [False, True], ids=["idle", "busy"])
def test_the_child_dies_with_its_parent(tmp_path, busy):
    pid_path = str(tmp_path / "pid").encode()
    script = CREATOR.format(root=str(ROOT), busy=busy, pid_path=pid_path)
    creator = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        child = int(creator.stdout.readline())
        if busy:
            assert _wait_until(lambda: Path(pid_path.decode()).exists())
            assert int(Path(pid_path.decode()).read_text()) == child
        assert not _gone(child)
    finally:
        creator.kill()
        creator.wait()
        creator.stdout.close()
    assert _wait_until(lambda: _gone(child)), f"warm child {child} outlived its parent"
