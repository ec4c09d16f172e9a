"""Embedded mode (no REDIS_URL): the sweeper runs inside the web process.

Without Redis there is no scheduler process, so nothing else would ever expire the lease of a
step whose process was killed, dispatch an event whose process died before dispatching it, or
run a retry that came due. The web process (config/asgi.py, so `runserver` and uvicorn alike)
sweeps at start-up and every SWEEPER_INTERVAL_SECONDS in one daemon thread; whatever the sweep
enqueues runs in that thread (in-process jobs run where they are enqueued). Every sweep action is
compare-and-set, so two web processes sweeping the same database are harmless.
"""
from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger(__name__)

_lock = threading.Lock()
_thread: threading.Thread | None = None


def start_in_process_sweeper() -> bool:
    """Start the sweeper thread once per process, only in embedded mode; True if started now."""
    global _thread
    if settings.REDIS_URL:
        return False  # the scheduler (rqcron) sweeps
    with _lock:
        if _thread is not None:
            return False
        _thread = threading.Thread(target=_sweep_forever, name="in-process-sweeper", daemon=True)
        _thread.start()
    log.info("in-process sweeper: every %s s (no REDIS_URL)", settings.SWEEPER_INTERVAL_SECONDS)
    return True


def _sweep_forever() -> None:
    from agents.orchestrator.sweeper import sweep

    stop = threading.Event()  # never set: the thread ends with the process
    while True:
        try:
            sweep()
        except Exception:
            log.exception("in-process sweep failed; the next one tries again")
        finally:
            close_old_connections()
        stop.wait(settings.SWEEPER_INTERVAL_SECONDS)
