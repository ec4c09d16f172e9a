"""Module-level targets for the warm sandbox, which runs only what it can name (closures and
lambdas go to a fork of their own). Where a target needs a parameter, it comes as the bytes."""
from __future__ import annotations

import ctypes
import os
import resource
import signal
import time
from pathlib import Path

from agents.errors import Throttled

_hoard: list[bytearray] = []


class ClerkError(Exception):
    """Shaped like the extractor's ExtractionError: a reason and a `permanent` flag."""

    def __init__(self, reason: str, *, permanent: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


def pid(_: bytes) -> int:
    return os.getpid()


def size(data: bytes) -> int:
    return len(data)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def burn(seconds: bytes) -> int:
    """Use float(seconds) of CPU, then return the pid."""
    until = cpu_seconds() + float(seconds)
    while cpu_seconds() < until:
        pass
    return os.getpid()


def spin(_: bytes) -> None:
    while True:
        pass


def allocate_too_much(_: bytes) -> int:
    hoard = []
    for _ in range(64):  # 64 x 64 MiB = 4 GiB, far above the 256 MiB allowance
        hoard.append(bytearray(64 * 1024 * 1024))
    return len(hoard)


def swallow_memory_error(data: bytes) -> None:
    try:
        allocate_too_much(data)
    except MemoryError:
        raise ValueError("damaged") from None


def grow(megabytes: bytes) -> int:
    """Keep int(megabytes) MiB alive in the child after the job; return the pid."""
    block = bytearray(int(megabytes) * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])  # touch every page: resident, not just mapped
    _hoard.append(block)
    return os.getpid()


def sleep_forever(pid_path: bytes) -> None:
    Path(pid_path.decode()).write_text(str(os.getpid()))
    time.sleep(60)  # sleeping uses no CPU: only the wall clock can stop it


def segfault(_: bytes) -> None:
    ctypes.string_at(0)


def kill_self(_: bytes) -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def leave(_: bytes) -> None:
    raise SystemExit(3)


def big_result(_: bytes) -> bytes:
    return b"x" * (3 * 1024 * 1024)


def refuse(_: bytes) -> None:
    raise ClerkError("The PDF is damaged (truncated)", permanent=False)


def throttled(_: bytes) -> None:
    raise Throttled("Rate limit spent", retry_after=3)


def unpicklable(_: bytes) -> object:
    import threading

    return threading.Lock()


def is_open(fd: bytes) -> bool:
    try:
        os.fstat(int(fd))
    except OSError:
        return False
    return True
