"""Parse untrusted PDFs in a forked, resource-limited child so a hostile file never takes down
the worker (intake issue #6, "Hostile and broken input").

Public API::

    preflight(pdf_bytes, *, max_mb=20)                   # cheap checks in the caller's process
    run_sandboxed(target, pdf_bytes, *, timeout_s, memory_mb, cpu_s, max_result_mb)
    parse_pdf_safely(pdf_bytes, *, max_mb=None, max_pages=200, ...) -> InvoiceExtraction

`run_sandboxed` forks the already-warm process (no new interpreter, no re-import of pdfium),
sets RLIMIT_AS and RLIMIT_CPU in the child, runs ``target(pdf_bytes)`` there and sends the
result back pickled over a pipe. The parent enforces a wall-clock timeout by killing the child.
Whatever happens in the child (MemoryError, SIGXCPU, SIGKILL, a segfault in C code) the caller
gets either the result, the target's own exception re-raised (same type, when it pickles), or a
`SandboxError` whose `reason` a clerk can read.

Linux only (fork, /proc, RLIMIT_AS). The module imports neither Django nor the extractor, so it
can be used from scripts and benches; `parse_pdf_safely` imports the extractor lazily.
"""
from __future__ import annotations

import contextlib
import faulthandler
import functools
import gc
import importlib
import os
import pickle
import re
import resource
import select
import signal
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

# What a clerk reads. The wording of the first five matches the extractor's own reasons, so the
# same file gets the same words whether the pre-flight or the extractor turned it away.
EMPTY = "The file is empty"
NOT_A_PDF = "The file is not a PDF"
ENCRYPTED = "The PDF is encrypted and cannot be read"
TOO_LARGE = "The file is larger than the {max_mb} MB upload limit"
TOO_MANY_PAGES = "The PDF has {pages} pages; at most {max_pages} pages are read"
OUT_OF_MEMORY = "The PDF needs more memory to read than allowed (possible decompression bomb)"
TOO_SLOW = "Reading the PDF took longer than {seconds:g} seconds"
CRASHED = "The PDF reader crashed on this file"
RESULT_TOO_LARGE = "Reading the PDF produced more data than allowed ({max_mb} MB)"
INTERNAL = "The invoice could not be processed because of an internal error"

_MB = 1024 * 1024
# A child that died on a fatal signal after growing by at least this share of its memory
# allowance most likely died of a failed allocation (pdfium crashes on purpose when malloc fails).
_MEMORY_DEATH_SHARE = 0.25
_CRASH_SIGNALS = frozenset(
    {signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGTRAP, signal.SIGABRT, signal.SIGFPE}
)
# Only a trailer (or a cross-reference stream dictionary, which stands in for one) has /Encrypt.
_ENCRYPT_KEY = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")


class SandboxError(PermanentError):
    """The file could not be read safely; `reason` is written for the clerk."""


class RemoteTraceback(Exception):
    """The child's formatted traceback, attached as `__cause__` of an error re-raised here."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


# --------------------------------------------------------------------------------------------
# Pre-flight: in the caller's process, before any parsing, so it must stay O(n) byte scans.


def preflight(pdf_bytes: bytes, *, max_mb: int = DEFAULT_MAX_UPLOAD_MB) -> None:
    """Reject what is obviously bad without parsing: empty, not a PDF, too large, encrypted.

    "Encrypted" means the file carries an /Encrypt dictionary, which includes PDFs locked only
    against printing or copying (readable without a password); they are refused too.
    """
    if not pdf_bytes or not pdf_bytes.strip():
        raise SandboxError(EMPTY)
    if len(pdf_bytes) > max_mb * _MB:
        raise SandboxError(TOO_LARGE.format(max_mb=max_mb))
    if pdf_bytes.find(b"%PDF-", 0, 1024) < 0:
        raise SandboxError(NOT_A_PDF)
    if _ENCRYPT_KEY.search(pdf_bytes):
        raise SandboxError(ENCRYPTED)


# --------------------------------------------------------------------------------------------
# The sandbox.

# Write ends of the pipes of sandboxes running in other threads: a child forked meanwhile closes
# them, or the other parent would wait for an EOF that only comes when this child exits.
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
) -> Any:
    """Run ``target(pdf_bytes)`` in a forked child with resource limits; return its result.

    `target` is a callable (closures and partials work: nothing is pickled on the way in) or a
    dotted path, "package.module:function" or "package.module.function", imported here in the
    parent so the child starts warm. `memory_mb` is the address space the child may add to what
    it inherits from the fork; `cpu_s` is CPU seconds (RLIMIT_CPU); `timeout_s` is wall-clock
    seconds after which the parent kills the child.

    Raises the target's own exception (same type, when it pickles both ways), or SandboxError
    when the child runs out of memory or time, crashes, or returns more than `max_result_mb`.
    """
    func = _resolve(target)
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


def _detach_inherited_state() -> None:
    """Make the child independent of the parent's handlers and connections."""
    gc.freeze()  # the inherited heap is never collected here: fewer copy-on-write page faults
    faulthandler.disable()  # a crash is reported by the parent; no traceback dump per bad file
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM, signal.SIGXCPU):
        with contextlib.suppress(OSError, ValueError):
            signal.signal(signum, signal.SIG_DFL)
    if "django.db" in sys.modules:
        # The child must never speak on the parent's database socket, nor let a finalizer send
        # libpq's goodbye on it. Keep the connection objects alive (os._exit runs no
        # finalizers) and hand Django none, so a stray query would open its own connection.
        from django.db import connections

        for conn in connections.all(initialized_only=True):
            if conn.connection is not None:
                _kept_alive.append(conn.connection)
                conn.connection = None


_kept_alive: list[Any] = []


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


def _statm(field: int) -> int:
    with open("/proc/self/statm", "rb") as statm:
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
        raise SandboxError(_death_reason(status, usage, memory_mb, cpu_s, rss_at_fork))
    kind, value = pickle.loads(b"".join(chunks))  # noqa: S301 - our own child wrote it
    if kind == "ok":
        return value
    raise _rebuild(value)


def _death_reason(
    status: int, usage: resource.struct_rusage, memory_mb: int, cpu_s: int, rss_at_fork: int
) -> str:
    if not os.WIFSIGNALED(status):
        return CRASHED
    signum = os.WTERMSIG(status)
    cpu_used = usage.ru_utime + usage.ru_stime
    if signum == signal.SIGXCPU or (signum == signal.SIGKILL and cpu_used >= cpu_s - 0.5):
        return TOO_SLOW.format(seconds=cpu_s)
    if signum == signal.SIGKILL:
        return OUT_OF_MEMORY  # not ours and not the CPU limit: the kernel's OOM killer
    # ru_maxrss (KiB on Linux) counts the pages shared with the parent since the fork too.
    grown = usage.ru_maxrss * 1024 - rss_at_fork
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
# The convenience the intake agent calls.


def parse_pdf_safely(
    pdf_bytes: bytes,
    *,
    max_mb: int | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    memory_mb: int = DEFAULT_MEMORY_MB,
    cpu_s: int = DEFAULT_CPU_S,
) -> InvoiceExtraction:
    """Pre-flight, then `extract_invoice` in the sandbox, refusing more than `max_pages` pages.

    `max_mb` defaults to settings.MAX_UPLOAD_MB when Django is configured, else 20.
    Raises SandboxError (pre-flight, limits, crashes) or the extractor's ExtractionError as is.
    """
    preflight(pdf_bytes, max_mb=max_mb if max_mb is not None else _max_upload_mb())
    # Imported here, in the parent, so every child starts with pdfium already loaded.
    from agents.intake.extraction import extract_invoice

    target = functools.partial(_extract_with_page_cap, extract_invoice, max_pages=max_pages)
    return run_sandboxed(
        target, pdf_bytes, timeout_s=timeout_s, memory_mb=memory_mb, cpu_s=cpu_s
    )


def _extract_with_page_cap(
    extract: Callable[[bytes], Any], pdf_bytes: bytes, *, max_pages: int
) -> Any:
    """Runs in the child: count pages (pdfium reads /Count without loading the pages) first."""
    import pypdfium2 as pdfium

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
    return extract(pdf_bytes)


def _max_upload_mb() -> int:
    if "django.conf" in sys.modules:
        from django.conf import settings

        if settings.configured:
            return int(getattr(settings, "MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB))
    return DEFAULT_MAX_UPLOAD_MB
