"""The one way work leaves a transaction: `enqueue()`.

With REDIS_URL set it pushes an rq job carrying ids only; without Redis it runs the job in this
process. Either way it happens after the surrounding transaction commits, so a job never looks for
a row that does not exist yet, and a rolled-back transaction enqueues nothing.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

# Statuses in which an rq job will still run (or is running) without anyone's help.
LIVE_STATUSES = frozenset({"queued", "started", "scheduled", "deferred"})
# Jobs carry ids only and the database holds every outcome, so rq keeps no record of a job that
# finished (result_ttl=0: no result stream, no finished registry, the job hash is deleted); a
# finished job was never "live" for the sweeper either. Failed jobs stay a day for debugging.
RESULT_TTL = 0
FAILURE_TTL = 24 * 3600

# One rq Queue (and so one Redis connection pool) per queue name and Redis configuration in this
# process: building a Queue per enqueue opened a new Redis connection and asked the server its
# version (INFO) every time.
_QUEUES: dict[tuple, object] = {}


def uses_redis() -> bool:
    return bool(settings.REDIS_URL)


def enqueue(
    func_path: str,
    *ids: int,
    queue: str,
    job_id: str | None = None,
    job_timeout: int | None = None,
    at: datetime | None = None,
) -> None:
    """Run `func_path(*ids)` on `queue` after commit (at `at`, if given and in the future)."""
    if at is not None and at <= timezone.now():
        at = None
    push = Push(func_path, ids, queue, job_id, job_timeout)
    transaction.on_commit(lambda: _kept(push, at=at) or _push(push, at=at))


@dataclass(frozen=True)
class Push:
    """A job that was to be pushed to Redis: `func_path(*ids)` on `queue`."""

    func_path: str
    ids: tuple
    queue: str
    job_id: str | None
    job_timeout: int | None


@dataclass
class Chain:
    """Jobs kept back from Redis for the worker that is running `func_path` to run itself."""

    func_path: str
    queues: frozenset[str]
    limit: int = 1  # jobs kept back at a time
    kept: list[Push] = field(default_factory=list)


_chaining = threading.local()


@contextmanager
def chaining(func_path: str, *, queues: Collection[str]) -> Iterator[Chain]:
    """While the block runs, the first `func_path` job due now on one of `queues` is not pushed
    to Redis but kept in the returned Chain, for the caller to run next (a worker runs the step
    its step just started: no Redis round trips, no second dequeue). The caller must run what it
    keeps or give it back with `push_kept()`; if its process dies first, the row the job is
    about is still there and the sweeper enqueues it."""
    chain = Chain(func_path, frozenset(queues))
    previous = getattr(_chaining, "chain", None)
    _chaining.chain = chain
    try:
        yield chain
    finally:
        _chaining.chain = previous


def push_kept(chain: Chain) -> None:
    """Push to Redis what `chain` kept back and nobody ran."""
    kept, chain.kept = chain.kept, []
    for push in kept:
        _push(push, at=None)


def _kept(push: Push, *, at: datetime | None) -> bool:
    """Keep `push` back for the chain this thread is in, if it takes it."""
    chain = getattr(_chaining, "chain", None)
    if (
        chain is None or at is not None or not uses_redis()
        or push.func_path != chain.func_path or push.queue not in chain.queues
        or len(chain.kept) >= chain.limit
    ):
        return False
    chain.kept.append(push)
    return True


def _push(push: Push, *, at: datetime | None) -> None:
    func_path, ids, queue = push.func_path, push.ids, push.queue
    if not uses_redis():
        if at is not None:
            # No scheduler in this process: the due step stays pending in the database, and the
            # sweeper (`ingest --wait` calls it) runs it once due.
            return
        try:
            import_string(func_path)(*ids)
        except Exception:
            # As on a worker: the failure is logged, never raised into the web request or command
            # whose transaction just committed; the sweeper and the step's own bookkeeping recover.
            log.exception("in-process job %s%s failed", func_path, ids)
        return
    options = dict(
        job_id=push.job_id, job_timeout=push.job_timeout, result_ttl=RESULT_TTL,
        failure_ttl=FAILURE_TTL,
    )
    q = _queue(queue)
    try:
        if at is None:
            q.enqueue(func_path, *ids, **options)
        else:
            q.enqueue_at(at, func_path, *ids, **options)
    except Exception:
        # The row is committed; the sweeper re-enqueues what Redis never got.
        log.exception("could not enqueue %s%s on %s; the sweeper will retry", func_path, ids, queue)


def _queue(name: str):
    key = (name, settings.REDIS_URL, repr(sorted(settings.RQ_QUEUES.get(name, {}).items())))
    queue = _QUEUES.get(key)
    if queue is None:
        import django_rq

        # redis-py's pool notices a fork and reconnects in the child, so sharing is safe.
        queue = _QUEUES[key] = django_rq.get_queue(name, commit_mode="auto")
    return queue


def live_job_ids(
    job_ids: list[str],
    *,
    statuses: frozenset[str] = LIVE_STATUSES,
    started_within: float | None = None,
) -> set[str]:
    """The subset of `job_ids` whose rq job will still run (or is running), in one round trip.

    With `started_within`, a "started" job only counts if it started that recently: a job whose
    worker died stays "started" in Redis until rq's own cleanup, long after it stopped mattering.
    """
    job_ids = [job_id for job_id in job_ids if job_id]
    if not job_ids or not uses_redis():
        return set()
    from rq.utils import utcparse

    connection = _queue("steps").connection
    with connection.pipeline() as pipe:
        for job_id in job_ids:
            pipe.hmget(f"rq:job:{job_id}", "status", "started_at")
        found = pipe.execute()
    now = timezone.now()
    live = set()
    for job_id, (status, started_at) in zip(job_ids, found, strict=True):
        status = status.decode() if status else ""
        recently_started = (
            status == "started"
            and started_within is not None
            and bool(started_at)
            and (now - utcparse(started_at.decode())).total_seconds() < started_within
        )
        if status in statuses or recently_started:
            live.add(job_id)
    return live
