"""Parse untrusted PDFs in a forked, resource-limited child so a hostile file never takes down
the worker (intake issue #6, "Hostile and broken input").

Public API::

    preflight(pdf_bytes, *, max_mb=20)                   # cheap checks in the caller's process
    run_sandboxed(target, pdf_bytes, *, timeout_s, memory_mb, cpu_s, max_result_mb, reuse=False)
    parse_pdf_safely(pdf_bytes, *, max_mb=None, max_pages=200, ..., reuse=True) -> InvoiceExtraction

`parse_pdf_safely` reads PDFs and pictures (PNG, JPEG, TIFF). A scan (a PDF page without a
usable text layer) or a picture is read by OCR in a second sandboxed job with limits of its own
(`ocr_timeout_s`, `ocr_cpu_s`, `ocr_memory_mb`): OCR takes seconds where a text layer takes
milliseconds, and a pixel bomb must run out of its own allowance, not the text reader's.
    WarmSandbox(max_jobs=200, max_rss_growth_mb=256)     # the long-lived child behind reuse=True

`run_sandboxed` forks the already-warm process (no new interpreter, no re-import of pdfium),
sets RLIMIT_AS and RLIMIT_CPU in the child, runs ``target(pdf_bytes)`` there and sends the
result back pickled over a pipe. The parent enforces a wall-clock timeout by killing the child.
Whatever happens in the child (MemoryError, SIGXCPU, SIGKILL, a segfault in C code) the caller
gets either the result, the target's own exception re-raised (same type, when it pickles), or a
`SandboxError` whose `reason` a clerk can read.

With ``reuse=True`` (the default of `parse_pdf_safely`) the work goes instead to a warm child: a
process forked once, lazily, that serves one request at a time over a pipe, with the limits set
in the child before each job (its own CPU budget and address-space allowance per job) and the
same wall-clock timeout enforced by the parent. That child is replaced after any failure or
error, after `max_jobs` jobs, and when its memory grows past a threshold, so a hostile file never
shares a process with the next document; it dies with its parent (PR_SET_PDEATHSIG) and is
reaped at exit. Forking a Django-sized worker costs more than parsing an invoice; this does not.

Linux only (fork, /proc, RLIMIT_AS). The module imports neither Django nor the extractor, so it
can be used from scripts and benches; `parse_pdf_safely` imports the extractor lazily.
"""
from __future__ import annotations

import atexit
import contextlib
import ctypes
import faulthandler
import functools
import gc
import importlib
import math
import os
import pickle
import queue
import resource
import select
import signal
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from agents.errors import PermanentError

if TYPE_CHECKING:
    from agents.intake.extraction import InvoiceExtraction

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_CPU_S = 20
DEFAULT_MEMORY_MB = 1024
DEFAULT_MAX_RESULT_MB = 64
DEFAULT_MAX_UPLOAD_MB = 20  # same default as settings.MAX_UPLOAD_MB
DEFAULT_MAX_PAGES = 200

# What a clerk reads. The wording of the first ones matches the extractor's own reasons, so the
# same file gets the same words whether the pre-flight or the extractor turned it away.
EMPTY = "The file is empty"
NOT_A_PDF = "The file is neither a PDF nor an image (PNG, JPEG, TIFF)"
TOO_LARGE = "The file is larger than the {max_mb} MB upload limit"
TOO_MANY_PAGES = "The PDF has {pages} pages; at most {max_pages} pages are read"
OUT_OF_MEMORY = "The PDF needs more memory to read than allowed (possible decompression bomb)"
TOO_SLOW = "Reading the PDF took longer than {seconds:g} seconds"
CRASHED = "The PDF reader crashed on this file"
RESULT_TOO_LARGE = "Reading the PDF produced more data than allowed ({max_mb} MB)"
INTERNAL = "The invoice could not be processed because of an internal error"
# The same failures when OCR was reading (a scan, a picture): the clerk is told which.
OCR_TOO_SLOW = "Reading the scan (OCR) took longer than {seconds:g} seconds"
OCR_OUT_OF_MEMORY = (
    "Reading the scan (OCR) needs more memory than allowed (an image this large is a pixel bomb "
    "or not a scan)"
)
OCR_CRASHED = "The OCR engine crashed on this file"

DEFAULT_OCR_TIMEOUT_S = 120.0
DEFAULT_OCR_CPU_S = 100
DEFAULT_OCR_MEMORY_MB = 1536

_MB = 1024 * 1024
# A child that died on a fatal signal after growing by at least this share of its memory
# allowance most likely died of a failed allocation (pdfium crashes on purpose when malloc fails).
_MEMORY_DEATH_SHARE = 0.25
_CRASH_SIGNALS = frozenset(
    {signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGTRAP, signal.SIGABRT, signal.SIGFPE}
)


class SandboxError(PermanentError):
    """The file could not be read safely; `reason` is written for the clerk."""


class RemoteTraceback(Exception):
    """The child's formatted traceback, attached as `__cause__` of an error re-raised here."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# --------------------------------------------------------------------------------------------
# Pre-flight: in the caller's process, before any parsing, so it must stay O(n) byte scans.


def preflight(pdf_bytes: bytes, *, max_mb: int = DEFAULT_MAX_UPLOAD_MB) -> None:
    """Reject what is obviously bad without parsing: empty, neither a PDF nor a picture (PNG,
    JPEG, TIFF), too large.

    An encrypted PDF is not refused here: telling one locked only against printing or copying
    (readable without a password, and read) from one that needs a password to open takes
    parsing, which happens in the sandbox (the extractor says which it was).
    """
    if not pdf_bytes or not pdf_bytes.strip():
        raise SandboxError(EMPTY)
    if len(pdf_bytes) > max_mb * _MB:
        raise SandboxError(TOO_LARGE.format(max_mb=max_mb))
    from agents.intake.extraction.ocr import is_image

    if is_image(pdf_bytes):
        return  # a picture for OCR: its size in pixels is checked in the sandbox, before decoding
    if pdf_bytes.find(b"%PDF-", 0, 1024) < 0:
        raise SandboxError(NOT_A_PDF)


# --------------------------------------------------------------------------------------------
# The sandbox.

# The parent's ends of the pipes of other sandboxes (fork-per-call ones running in other threads,
# warm ones): a child forked meanwhile closes them, or the other parent would wait for an EOF
# that only comes when this child exits (and a warm child would miss its parent's EOF).
_live_write_fds: set[int] = set()
_live_lock = threading.Lock()


def run_sandboxed(
    target: Callable[[bytes], Any] | str,
    pdf_bytes: bytes,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    cpu_s: int = DEFAULT_CPU_S,
    max_result_mb: int = DEFAULT_MAX_RESULT_MB,
    reuse: bool = False,
) -> Any:
    """Run ``target(pdf_bytes)`` in a forked child with resource limits; return its result.

    `target` is a callable (closures and partials work: nothing is pickled on the way in) or a
    dotted path, "package.module:function" or "package.module.function", imported here in the
    parent so the child starts warm. `memory_mb` is the address space the child may add to what
    it inherits from the fork; `cpu_s` is CPU seconds (RLIMIT_CPU); `timeout_s` is wall-clock
    seconds after which the parent kills the child.

    Raises the target's own exception (same type, when it pickles both ways), or SandboxError
    when the child runs out of memory or time, crashes, or returns more than `max_result_mb`.

    ``reuse=True`` sends the job to this process's warm child (see `WarmSandbox`) instead of
    forking for it. Only a target the child can resolve goes there: a dotted path, or a callable
    that pickles by reference (a module-level function, a partial of one with picklable
    arguments). Any other callable (a closure, a lambda), or a call made while another thread is
    using the warm child, falls back to a fork of its own: same limits, same errors.
    """
    func = _resolve(target)
    if reuse:
        spec = _sendable(target, func)
        if spec is not None:
            result = default_warm_sandbox().try_run(
                spec,
                pdf_bytes,
                timeout_s=timeout_s,
                memory_mb=memory_mb,
                cpu_s=cpu_s,
                max_result_mb=max_result_mb,
            )
            if result is not _UNAVAILABLE:
                return result
    return _run_forked(func, pdf_bytes, timeout_s, memory_mb, cpu_s, max_result_mb)


def _run_forked(
    func: Callable[[bytes], Any],
    pdf_bytes: bytes,
    timeout_s: float,
    memory_mb: int,
    cpu_s: int,
    max_result_mb: int,
) -> Any:
    # Unflushed output would otherwise be written a second time if the child flushed it.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    rss_at_fork = _resident_size()
    # Under the lock, no other thread's fork can fall between creating the pipe and recording
    # it, nor between closing it and forgetting it.
    with _live_lock:
        read_fd, write_fd = os.pipe()
        others = list(_live_write_fds)
        _live_write_fds.add(write_fd)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        _child_main(func, pdf_bytes, read_fd, write_fd, others, memory_mb, cpu_s)
    with _live_lock:
        os.close(write_fd)
        _live_write_fds.discard(write_fd)
    return _parent_wait(pid, read_fd, timeout_s, memory_mb, cpu_s, max_result_mb, rss_at_fork)


def _resolve(target: Callable[[bytes], Any] | str) -> Callable[[bytes], Any]:
    if callable(target):
        return target
    module_name, sep, attr = target.partition(":")
    if not sep:
        module_name, _, attr = target.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


def _child_main(
    func: Callable[[bytes], Any],
    pdf_bytes: bytes,
    read_fd: int,
    write_fd: int,
    others: list[int],
    memory_mb: int,
    cpu_s: int,
) -> None:  # pragma: no cover - covered by the tests through the parent, not by coverage
    """Everything here ends in os._exit: no atexit hooks, no finalizers, no DB teardown, and
    never a return into the caller's stack (which, in a test run, is pytest's)."""
    code = 70
    try:
        os.close(read_fd)
        for fd in others:
            with contextlib.suppress(OSError):
                os.close(fd)
        _close_inherited_fds(keep={write_fd})
        _detach_inherited_state()
        _set_limits(memory_mb, cpu_s)
        try:
            message = ("ok", func(pdf_bytes))
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
            _lift_memory_limit()  # so that reporting a MemoryError cannot fail for lack of it
            message = ("error", _describe(exc))
        try:
            payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result is a bug in the target
            _lift_memory_limit()
            payload = pickle.dumps(("error", _describe(exc)), protocol=pickle.HIGHEST_PROTOCOL)
        _write_all(write_fd, payload)
        code = 0
    except BaseException:  # noqa: BLE001, S110 - the parent reports a child without an answer
        pass
    finally:
        os._exit(code)


def _close_inherited_fds(*, keep: set[int]) -> None:
    """Close every descriptor the child inherited but its own pipes and stdio.

    A parser that only needs bytes in memory has no business holding the parent's sockets and
    pipes: a long-lived child would keep them open (a test harness's driver pipe, a client's
    connection) after the parent closed them, and a compromised parser could write to them.
    Closing a socket here only drops the child's reference; the parent's stays open.
    """
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)


def _detach_inherited_state() -> None:
    """Make the child independent of the parent's handlers and connections."""
    gc.freeze()  # the inherited heap is never collected here: fewer copy-on-write page faults
    faulthandler.disable()  # a crash is reported by the parent; no traceback dump per bad file
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM, signal.SIGXCPU):
        with contextlib.suppress(OSError, ValueError):
            signal.signal(signum, signal.SIG_DFL)
    if "django.db" in sys.modules and _django_configured():
        # The child must never speak on the parent's database socket, nor let a finalizer send
        # libpq's goodbye on it. Keep the connection objects alive (os._exit runs no
        # finalizers) and hand Django none, so a stray query would open its own connection.
        from django.db import connections

        for conn in connections.all(initialized_only=True):
            if conn.connection is not None:
                _kept_alive.append(conn.connection)
                conn.connection = None


_kept_alive: list[Any] = []


def _django_configured() -> bool:
    # Django imported but never set up (a script importing a helper) has no connections, and
    # asking for them would raise ImproperlyConfigured in the child: a "crash" on a good PDF.
    from django.conf import settings

    return settings.configured


def _set_limits(memory_mb: int, cpu_s: int) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file per hostile PDF
    cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    # SIGXCPU at the soft limit; the kernel sends SIGKILL at the hard one if that was caught.
    cpu_limit = (cpu_s, cpu_s + 1 if cpu_hard == resource.RLIM_INFINITY else cpu_hard)
    resource.setrlimit(resource.RLIMIT_CPU, cpu_limit)
    as_hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    soft = _virtual_size() + memory_mb * _MB
    if as_hard != resource.RLIM_INFINITY:
        soft = min(soft, as_hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, as_hard))


def _lift_memory_limit() -> None:
    with contextlib.suppress(Exception):
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def _virtual_size() -> int:
    """Bytes of address space this process maps now (the fork inherits the parent's)."""
    return _statm(0)


def _resident_size() -> int:
    return _statm(1)


def _statm(field: int, path: str = "/proc/self/statm") -> int:
    with open(path, "rb") as statm:
        return int(statm.read().split()[field]) * resource.getpagesize()


def _describe(exc: BaseException) -> dict[str, Any]:
    """What the parent needs to re-raise `exc`, or to explain it if it does not pickle."""
    try:
        pickled = pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - then the parent falls back to the description below
        pickled = None
    return {
        "pickled": pickled,
        "type": f"{type(exc).__module__}.{type(exc).__qualname__}",
        "reason": getattr(exc, "reason", None),
        "permanent": getattr(exc, "permanent", True),
        "out_of_memory": _in_chain(exc, MemoryError),
        "traceback": "".join(traceback.format_exception(exc)),
    }


def _in_chain(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether `kind` caused `exc`, even through `raise ... from None` (which keeps __context__)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def _parent_wait(
    pid: int,
    read_fd: int,
    timeout_s: float,
    memory_mb: int,
    cpu_s: int,
    max_result_mb: int,
    rss_at_fork: int,
) -> Any:
    deadline = time.monotonic() + timeout_s
    chunks: list[bytes] = []
    received = 0
    failure: str | None = None
    reaped = False
    try:
        poller = select.poll()
        poller.register(read_fd, select.POLLIN)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                failure = TOO_SLOW.format(seconds=timeout_s)
                break
            if not poller.poll(remaining * 1000):
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break  # EOF: the child has written everything, or died
            received += len(chunk)
            if received > max_result_mb * _MB:
                failure = RESULT_TOO_LARGE.format(max_mb=max_result_mb)
                break
            chunks.append(chunk)
        if failure:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status, usage = os.wait4(pid, 0)
        reaped = True
    finally:
        os.close(read_fd)
        if not reaped:  # interrupted (rq's job timeout, Ctrl-C): leave no orphan behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    if failure:
        raise SandboxError(failure)
    if os.WIFSIGNALED(status) or os.WEXITSTATUS(status) != 0 or not chunks:
        cpu_used = usage.ru_utime + usage.ru_stime
        # ru_maxrss (KiB on Linux) counts the pages shared with the parent since the fork too.
        grown = usage.ru_maxrss * 1024 - rss_at_fork
        raise SandboxError(_death_reason(status, cpu_used, grown, memory_mb, cpu_s))
    kind, value = pickle.loads(b"".join(chunks))  # noqa: S301 - our own child wrote it
    return _answer(kind, value)


def _answer(kind: str, value: Any) -> Any:
    if kind == "ok":
        return value
    raise _rebuild(value)


def _death_reason(status: int, cpu_used: float, grown: int, memory_mb: int, cpu_s: int) -> str:
    """Why a child died without an answer: `cpu_used` is the CPU seconds of the job, `grown`
    the bytes by which its peak resident size exceeded its size when the job began."""
    if not os.WIFSIGNALED(status):
        return CRASHED
    signum = os.WTERMSIG(status)
    if signum == signal.SIGXCPU or (signum == signal.SIGKILL and cpu_used >= cpu_s - 0.5):
        return TOO_SLOW.format(seconds=cpu_s)
    if signum == signal.SIGKILL:
        return OUT_OF_MEMORY  # not ours and not the CPU limit: the kernel's OOM killer
    if signum in _CRASH_SIGNALS and grown >= _MEMORY_DEATH_SHARE * memory_mb * _MB:
        return OUT_OF_MEMORY
    return CRASHED


def _rebuild(info: dict[str, Any]) -> BaseException:
    """The child's exception, re-created here, with the child's traceback as its cause."""
    if info["out_of_memory"]:
        error: BaseException = SandboxError(OUT_OF_MEMORY)
    else:
        error = None
        if info["pickled"] is not None:
            with contextlib.suppress(Exception):
                error = pickle.loads(info["pickled"])  # noqa: S301 - our own child wrote it
        if not isinstance(error, Exception):
            # SystemExit or KeyboardInterrupt in the child must not stop the worker here.
            error = SandboxError(info["reason"] or INTERNAL, permanent=bool(info["permanent"]))
    error.__cause__ = RemoteTraceback(info["traceback"])
    return error


# --------------------------------------------------------------------------------------------
# The warm sandbox: one long-lived child per calling process, reused across documents.

# run_sandboxed's cue to fork for this call after all (the warm child is busy or unavailable).
_UNAVAILABLE = object()
# Request: spec length, document length, memory_mb, cpu_s; then the spec, then the document.
_REQUEST = struct.Struct("!QQqq")
_REPLY = struct.Struct("!Q")  # then the pickled (kind, value, CPU seconds used so far)
_PR_SET_PDEATHSIG = 1
_prctl = (
    getattr(ctypes.CDLL(None, use_errno=True), "prctl", None) if sys.platform == "linux" else None
)


def _sendable(target: Callable[[bytes], Any] | str, func: Callable[[bytes], Any]) -> bytes | None:
    """What tells the warm child which target to run, or None when it cannot be told.

    A dotted path goes as is. A callable goes pickled, which for a function is its module and
    name (the child imported the same modules before the fork, or imports them now); closures
    and lambdas do not pickle and are run in a fork of their own.
    """
    try:
        return pickle.dumps(target if isinstance(target, str) else func, pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - not sendable: the caller forks for it instead
        return None


class WarmSandbox:
    """A long-lived child that runs sandboxed jobs one at a time, forked lazily from the caller.

    Before each job the child sets RLIMIT_CPU to the CPU it has used so far plus `cpu_s` (each
    job its own budget) and RLIMIT_AS to its current size plus `memory_mb`; the parent kills it
    at the wall-clock timeout. The child is replaced after a job that did not return normally
    (an exception, a timeout, a crash, the memory or CPU limit), after `max_jobs` jobs, and when
    its resident size has grown by more than `max_rss_growth_mb` since it started. It dies with
    the calling process (PR_SET_PDEATHSIG; a dead child is replaced on the next call) and is
    reaped at exit (forked from the main thread or from a daemon thread of its own, never from a
    short-lived thread whose end would kill it). Thread-safe: a call made while another thread's
    job runs returns
    `_UNAVAILABLE` at once, and `run_sandboxed` forks for it instead of waiting.
    """

    def __init__(self, *, max_jobs: int = 200, max_rss_growth_mb: int = 128) -> None:
        self.max_jobs = max_jobs
        self.max_rss_growth_mb = max_rss_growth_mb
        self._lock = threading.Lock()
        self._owner = os.getpid()
        self._pid: int | None = None
        self._request_fd = -1
        self._reply_fd = -1
        self._jobs = 0
        self._rss_at_start = 0
        self._rss_now = 0
        self._cpu_used = 0.0
        self._retired: list[int] = []
        _warm_sandboxes.append(self)
        atexit.register(self.close)

    @property
    def pid(self) -> int | None:
        """The warm child's pid, None before the first job and after it was retired."""
        return self._pid

    def try_run(
        self,
        spec: bytes,
        pdf_bytes: bytes,
        *,
        timeout_s: float,
        memory_mb: int,
        cpu_s: int,
        max_result_mb: int,
    ) -> Any:
        """Run the pickled target `spec` on `pdf_bytes` in the warm child; `_UNAVAILABLE` when
        the child is busy with another thread's job or cannot be started."""
        if not self._lock.acquire(blocking=False):
            return _UNAVAILABLE
        try:
            if self._owner != os.getpid():  # pragma: no cover - reset by the at-fork hook
                return _UNAVAILABLE
            self._reap_retired(block=False)
            return self._run(spec, pdf_bytes, timeout_s, memory_mb, cpu_s, max_result_mb)
        finally:
            self._lock.release()

    def close(self) -> None:
        """Stop the child (if any) and reap it; the next job forks a new one."""
        if self._owner != os.getpid():
            return  # a forked copy of this object: the child belongs to the original process
        # At exit a daemon thread may be stuck in a job: then kill its child without the lock.
        locked = self._lock.acquire(timeout=2.0)
        try:
            if self._pid is not None:
                self._retire(kill=not locked)
            self._reap_retired(block=True)
        finally:
            if locked:
                self._lock.release()

    # -- parent side -------------------------------------------------------------------------

    def _run(
        self,
        spec: bytes,
        pdf_bytes: bytes,
        timeout_s: float,
        memory_mb: int,
        cpu_s: int,
        max_result_mb: int,
    ) -> Any:
        deadline = time.monotonic() + timeout_s
        header = _REQUEST.pack(len(spec), len(pdf_bytes), memory_mb, cpu_s) + spec
        finished = False
        try:
            for attempt in (1, 2):
                if self._pid is not None and _exited(self._pid):
                    self._forget()  # died while idle (its forking thread ended, or a kill)
                if self._pid is None:
                    self._start()
                try:
                    self._send(header, pdf_bytes, deadline)
                    break
                except BrokenPipeError:  # died between the check and the send: once more
                    self._retire(kill=True)
                    if attempt == 2:
                        finished = True
                        return _UNAVAILABLE
            failure, payload = self._receive(deadline, timeout_s, max_result_mb)
            if failure is not None:
                self._retire(kill=True)
                finished = True
                raise SandboxError(failure)
            if payload is None:  # EOF without a whole answer: the child died in the job
                reason = self._death_reason(memory_mb, cpu_s)
                finished = True
                raise SandboxError(reason)
            kind, value, cpu_used = pickle.loads(payload)  # noqa: S301 - our own child wrote it
            finished = True
            self._after_job(kind, cpu_used)
            return _answer(kind, value)
        finally:
            if not finished and self._pid is not None:
                # Interrupted (rq's job timeout, Ctrl-C) or failed mid-job: the child's state is
                # unknown, so it goes, and no orphan is left behind.
                self._retire(kill=True)

    def _start(self) -> None:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        pid, request_w, reply_r = _in_long_lived_thread(_fork_warm_child)
        os.set_blocking(request_w, False)
        self._pid, self._request_fd, self._reply_fd = pid, request_w, reply_r
        self._jobs = 0
        self._cpu_used = 0.0
        # The fork has copied the page tables the child needs (not those of file mappings, which
        # it faults in again): its own size now, not ours, is the base for its growth.
        try:
            self._rss_at_start = _statm(1, f"/proc/{pid}/statm")
        except OSError:  # pragma: no cover - already dead: the send will notice
            self._rss_at_start = _resident_size()
        self._rss_now = self._rss_at_start

    def _send(self, header: bytes, pdf_bytes: bytes, deadline: float) -> None:
        poller = select.poll()
        poller.register(self._request_fd, select.POLLOUT)
        for data in (header, pdf_bytes):
            view = memoryview(data)
            while view:
                try:
                    view = view[os.write(self._request_fd, view) :]
                except BlockingIOError:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise BrokenPipeError("the warm sandbox does not read") from None
                    poller.poll(remaining * 1000)

    def _receive(
        self, deadline: float, timeout_s: float, max_result_mb: int
    ) -> tuple[str | None, bytes | None]:
        """(failure, None), (None, payload), or (None, None) at EOF before a whole answer."""
        poller = select.poll()
        poller.register(self._reply_fd, select.POLLIN)
        buffer = bytearray()
        size: int | None = None
        while size is None or len(buffer) < _REPLY.size + size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return TOO_SLOW.format(seconds=timeout_s), None
            if not poller.poll(remaining * 1000):
                continue
            chunk = os.read(self._reply_fd, 1 << 20)
            if not chunk:
                return None, None
            buffer += chunk
            if size is None and len(buffer) >= _REPLY.size:
                (size,) = _REPLY.unpack_from(buffer)
                if size > max_result_mb * _MB:
                    return RESULT_TOO_LARGE.format(max_mb=max_result_mb), None
        return None, bytes(buffer[_REPLY.size :])

    def _after_job(self, kind: str, cpu_used: float) -> None:
        self._jobs += 1
        self._cpu_used = cpu_used
        if kind != "ok":
            # It raised: maybe only the extractor's "damaged", maybe a MemoryError it survived.
            # Bad files are rare, so the next document gets a fresh child either way.
            self._retire(kill=True)
            return
        with contextlib.suppress(OSError):
            self._rss_now = _statm(1, f"/proc/{self._pid}/statm")
        grown_mb = (self._rss_now - self._rss_at_start) / _MB
        if self._jobs >= self.max_jobs or grown_mb > self.max_rss_growth_mb:
            self._retire(kill=False)

    def _death_reason(self, memory_mb: int, cpu_s: int) -> str:
        assert self._pid is not None
        pid, cpu_before, rss_before = self._pid, self._cpu_used, self._rss_now
        self._close_fds()
        _, status, usage = os.wait4(pid, 0)
        self._pid = None
        cpu_used = usage.ru_utime + usage.ru_stime - cpu_before
        # The child reset its peak resident size at the start of the job (clear_refs).
        grown = usage.ru_maxrss * 1024 - rss_before
        return _death_reason(status, cpu_used, grown, memory_mb, cpu_s)

    def _retire(self, *, kill: bool) -> None:
        """Let the child go: killed and reaped now, or told to exit (EOF) and reaped later."""
        pid = self._pid
        self._close_fds()
        self._pid = None
        if pid is None:
            return
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        else:
            self._retired.append(pid)

    def _forget(self) -> None:
        """The child has exited and was reaped by `_exited`."""
        self._close_fds()
        self._pid = None

    def _close_fds(self) -> None:
        with _live_lock:
            for fd in (self._request_fd, self._reply_fd):
                if fd >= 0:
                    _live_write_fds.discard(fd)
                    with contextlib.suppress(OSError):
                        os.close(fd)
        self._request_fd = self._reply_fd = -1

    def _reap_retired(self, *, block: bool) -> None:
        for pid in list(self._retired):
            if block:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)  # it had its EOF; no second chance at exit
            if block or _exited(pid):
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
                self._retired.remove(pid)

    def _after_fork_in_child(self) -> None:
        """In a process forked from the owner: none of this is ours (the fds are closed by our
        own children, or inherited harmlessly by anyone else's)."""
        self._lock = threading.Lock()
        self._pid = None
        self._request_fd = self._reply_fd = -1
        self._retired = []


def _fork_warm_child() -> tuple[int, int, int]:
    """Fork a warm child: (its pid, the request pipe's write end, the reply pipe's read end)."""
    parent = os.getpid()
    with _live_lock:
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        others = list(_live_write_fds)
        _live_write_fds.update((request_w, reply_r))
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which never returns
        _warm_child_main(request_r, reply_w, [request_w, reply_r, *others], parent)
    os.close(request_r)
    os.close(reply_w)
    return pid, request_w, reply_r


def _in_long_lived_thread(func: Callable[[], Any]) -> Any:
    """``func()`` on the main thread, or on a daemon thread that lasts as long as the process.

    PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, so a warm child forked
    from a short-lived thread (a request handler, a pool thread that is retired) would be killed
    in the middle of another thread's job. Forking from a thread that ends only with the process
    makes "dies with its parent" mean the process.
    """
    if threading.current_thread() is threading.main_thread():
        return func()
    global _forker
    with _forker_lock:
        if _forker is None or not _forker.is_alive():
            _forker = threading.Thread(target=_forker_loop, name="warm-sandbox-forker", daemon=True)
            _forker.start()
    done = threading.Event()
    outcome: list[Any] = []
    _forker_queue.put((func, outcome, done))
    done.wait()
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


def _forker_loop() -> None:
    while True:
        func, outcome, done = _forker_queue.get()
        try:
            outcome.append(("ok", func()))
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that asked
            outcome.append(("error", exc))
        finally:
            done.set()


_forker: threading.Thread | None = None
_forker_lock = threading.Lock()
_forker_queue: queue.SimpleQueue[Any] = queue.SimpleQueue()


def _exited(pid: int) -> bool:
    """Whether our child `pid` has ended (and then it is reaped)."""
    try:
        return os.waitpid(pid, os.WNOHANG)[0] != 0
    except ChildProcessError:
        return True


_warm_sandboxes: list[WarmSandbox] = []
_default_warm: WarmSandbox | None = None
_default_lock = threading.Lock()


def default_warm_sandbox() -> WarmSandbox:
    """This process's warm sandbox, the one `reuse=True` uses."""
    global _default_warm
    if _default_warm is None or _default_warm._owner != os.getpid():
        with _default_lock:
            if _default_warm is None or _default_warm._owner != os.getpid():
                _default_warm = WarmSandbox()
    return _default_warm


def _forget_warm_sandboxes_after_fork() -> None:  # pragma: no cover - runs in forked children
    global _default_lock, _forker, _forker_lock, _forker_queue
    _default_lock = threading.Lock()
    _forker, _forker_lock, _forker_queue = None, threading.Lock(), queue.SimpleQueue()
    for warm in _warm_sandboxes:
        warm._after_fork_in_child()


os.register_at_fork(after_in_child=_forget_warm_sandboxes_after_fork)


# -- child side ------------------------------------------------------------------------------


def _warm_child_main(
    request_fd: int, reply_fd: int, to_close: list[int], parent: int
) -> None:  # pragma: no cover - covered by the tests through the parent, not by coverage
    """Serve jobs until EOF on the request pipe; every way out ends in os._exit."""
    code = 70
    try:
        for fd in to_close:
            with contextlib.suppress(OSError):
                os.close(fd)
        _close_inherited_fds(keep={request_fd, reply_fd})
        if _prctl is not None:
            _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the prctl
            os._exit(0)
        _detach_inherited_state()
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file per hostile PDF
        resolved: dict[bytes, Callable[[bytes], Any]] = {}
        while True:
            header = _read_exact(request_fd, _REQUEST.size)
            if header is None:
                code = 0
                break
            spec_size, pdf_size, memory_mb, cpu_s = _REQUEST.unpack(header)
            spec = _read_exact(request_fd, spec_size)
            pdf_bytes = _read_exact(request_fd, pdf_size)
            if spec is None or pdf_bytes is None:
                break
            message = _warm_job(resolved, spec, pdf_bytes, memory_mb, cpu_s)
            try:
                payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # noqa: BLE001 - an unpicklable result is a bug in the target
                payload = pickle.dumps(
                    ("error", _describe(exc), message[2]), protocol=pickle.HIGHEST_PROTOCOL
                )
            _write_all(reply_fd, _REPLY.pack(len(payload)) + payload)
    except BaseException:  # noqa: BLE001, S110 - the parent reports a child without an answer
        pass
    finally:
        os._exit(code)


def _warm_job(
    resolved: dict[bytes, Callable[[bytes], Any]],
    spec: bytes,
    pdf_bytes: bytes,
    memory_mb: int,
    cpu_s: int,
) -> tuple[str, Any, float]:  # pragma: no cover - runs in the warm child
    try:
        func = resolved.get(spec)
        if func is None:
            func = _resolve(pickle.loads(spec))  # noqa: S301 - our own parent wrote it
            resolved[spec] = func
        _set_job_limits(memory_mb, cpu_s)
        message: tuple[str, Any] = ("ok", func(pdf_bytes))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        _lift_memory_limit()  # so that reporting a MemoryError cannot fail for lack of it
        message = ("error", _describe(exc))
    _lift_memory_limit()  # reading the next request must not fail for lack of address space
    return (*message, _cpu_seconds())


def _set_job_limits(memory_mb: int, cpu_s: int) -> None:
    """This job's own budgets: CPU on top of what the child used so far, memory on top of its
    current size; and its peak resident size reset, for the parent's out-of-memory diagnosis."""
    cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    # The hard limit cannot be raised again, so it stays; SIGXCPU (default action) ends the child.
    cpu_soft = math.ceil(_cpu_seconds() + cpu_s)
    if cpu_hard != resource.RLIM_INFINITY:
        cpu_soft = min(cpu_soft, cpu_hard)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_soft, cpu_hard))
    as_hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    soft = _virtual_size() + memory_mb * _MB
    if as_hard != resource.RLIM_INFINITY:
        soft = min(soft, as_hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, as_hard))
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "wb", buffering=0) as refs:
        refs.write(b"5")  # reset the peak resident size (VmHWM, ru_maxrss)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _read_exact(fd: int, size: int) -> bytes | None:
    """`size` bytes from `fd`, or None at EOF first."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    while view:
        count = os.readv(fd, [view])
        if not count:
            return None
        view = view[count:]
    return bytes(buffer)


# --------------------------------------------------------------------------------------------
# The convenience the intake agent calls.


def parse_pdf_safely(
    pdf_bytes: bytes,
    *,
    max_mb: int | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    cpu_s: int = DEFAULT_CPU_S,
    ocr_timeout_s: float = DEFAULT_OCR_TIMEOUT_S,
    ocr_memory_mb: int = DEFAULT_OCR_MEMORY_MB,
    ocr_cpu_s: int = DEFAULT_OCR_CPU_S,
    reuse: bool = True,
) -> InvoiceExtraction:
    """Pre-flight, then `extract_invoice` in the sandbox, refusing more than `max_pages` pages.

    A PDF is read first without OCR (milliseconds, under `timeout_s`/`memory_mb`/`cpu_s`). If a
    page needs OCR, or the file is a picture, it is read with OCR in a second job under the
    `ocr_*` limits.

    `max_mb` defaults to settings.MAX_UPLOAD_MB when Django is configured, else 20.
    `reuse` runs it in this process's warm child (see `WarmSandbox`); False forks per call.
    Raises SandboxError (pre-flight, limits, crashes) or the extractor's ExtractionError as is.
    """
    preflight(pdf_bytes, max_mb=max_mb if max_mb is not None else _max_upload_mb())
    # Imported here, in the parent, so every child starts with pdfium already loaded.
    from agents.intake.extraction import extract_invoice
    from agents.intake.extraction.ocr import is_image

    if not is_image(pdf_bytes):
        target = functools.partial(
            _extract_with_page_cap, extract_invoice, max_pages=max_pages, ocr=False
        )
        result = run_sandboxed(
            target, pdf_bytes, timeout_s=timeout_s, memory_mb=memory_mb, cpu_s=cpu_s, reuse=reuse
        )
        if result != _NEEDS_OCR:
            return result
    target = functools.partial(
        _extract_with_page_cap, extract_invoice, max_pages=max_pages, ocr=True
    )
    try:
        return run_sandboxed(
            target, pdf_bytes, timeout_s=ocr_timeout_s, memory_mb=ocr_memory_mb, cpu_s=ocr_cpu_s,
            reuse=reuse,
        )
    except SandboxError as error:
        raise _as_ocr_error(error, timeout_s=ocr_timeout_s, cpu_s=ocr_cpu_s) from error


def _as_ocr_error(error: SandboxError, *, timeout_s: float, cpu_s: int) -> SandboxError:
    """The sandbox's reason, worded for OCR: "the PDF" may have been a photo."""
    reworded = {
        TOO_SLOW.format(seconds=timeout_s): OCR_TOO_SLOW.format(seconds=timeout_s),
        TOO_SLOW.format(seconds=cpu_s): OCR_TOO_SLOW.format(seconds=cpu_s),
        OUT_OF_MEMORY: OCR_OUT_OF_MEMORY,
        CRASHED: OCR_CRASHED,
    }.get(error.reason)
    return error if reworded is None else SandboxError(reworded, permanent=error.permanent)


# What the first job answers for a scan: an answer, not an exception, so that the warm child,
# which is replaced after every exception, stays (with Tesseract loaded) for the OCR job.
_NEEDS_OCR = "needs OCR"


def _extract_with_page_cap(
    extract: Callable[..., Any], pdf_bytes: bytes, *, max_pages: int, ocr: bool
) -> Any:
    """Runs in the child: count pages (pdfium reads /Count without loading the pages) first."""
    import pypdfium2 as pdfium

    from agents.intake.extraction.errors import NeedsOcr

    try:
        doc = pdfium.PdfDocument(pdf_bytes)
    except Exception:  # noqa: BLE001, S110 - unreadable: the extractor gives the precise reason
        pass
    else:
        try:
            pages = len(doc)
        finally:
            doc.close()
        if pages > max_pages:
            raise SandboxError(TOO_MANY_PAGES.format(pages=pages, max_pages=max_pages))
    try:
        return extract(pdf_bytes, ocr=ocr)
    except NeedsOcr:
        return _NEEDS_OCR


def _max_upload_mb() -> int:
    if "django.conf" in sys.modules:
        from django.conf import settings

        if settings.configured:
            return int(getattr(settings, "MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))
    return DEFAULT_MAX_UPLOAD_MB
