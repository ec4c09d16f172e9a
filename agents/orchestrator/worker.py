"""The rq worker class of this product (settings.RQ["WORKER_CLASS"]).

It refuses to start against a Redis that may evict keys: an evicted queue key silently loses
work until the next sweep, and an evicted lock or rate-limit counter breaks the guarantees the
rest of the system relies on. It also runs rq's scheduler by default, which moves delayed
retries onto their queue when due, and imports the agents and their tools before its first job.

It runs jobs in its own process instead of forking a work horse per job: a fork plus a fresh
PostgreSQL connection cost more than a typical step (measured with bench/pipeline.py). What the
horse would protect against is covered elsewhere: untrusted PDFs are parsed in intake's forked
sandbox, a step's deadline raises inside the step, and if the whole process dies or hangs the
step's lease expires and the sweeper hands the step to another worker.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.management.base import CommandError
from django.db import close_old_connections
from django.db import connection as db_connection
from rq.job import JobStatus
from rq.rate_limit import release_slot
from rq.timeouts import JobTimeoutException
from rq.utils import now
from rq.worker import SimpleWorker, WorkerStatus

from agents.orchestrator.queueing import Chain, chaining, push_kept
from agents.orchestrator.services import RUN_STEP

log = logging.getLogger(__name__)

SAFE_POLICY = "noeviction"


class EvictingRedis(CommandError):
    pass


def check_eviction_policy(policy: str) -> None:
    """Raise EvictingRedis unless `policy` is Redis's `noeviction`."""
    if policy != SAFE_POLICY:
        raise EvictingRedis(
            f"Redis maxmemory-policy is {policy!r}: Redis may evict queue keys and lose jobs. "
            f"Set `maxmemory-policy {SAFE_POLICY}` in redis.conf (or CONFIG SET maxmemory-policy "
            f"{SAFE_POLICY}) and start the worker again."
        )


def redis_eviction_policy(connection) -> str:
    return str(connection.config_get("maxmemory-policy").get("maxmemory-policy", ""))


# A worker's own heartbeat (its key in Redis, for `rq info` and rq's worker registry) is sent at
# most this often between jobs; rq sends it three times per job, three commands each.
WORKER_HEARTBEAT_EVERY = 10  # seconds

# Steps a worker runs one after another in one job, without Redis (OrchestratorWorker.run_chained)
CHAIN_LIMIT = 8
CHAINED_STEP_TIMEOUT = 180  # rq's default job timeout, for a step whose agent sets none


class OrchestratorWorker(SimpleWorker):
    """rq's SimpleWorker without the per-job Redis bookkeeping this product never reads.

    Jobs carry ids only and the database holds every outcome (result_ttl=0), and no job here
    has dependents, repeats or callbacks. So: the worker's heartbeat is one pipelined round
    trip, sent only when its key could otherwise expire before the next one; the job hash gets
    no last "heartbeat" just before it is deleted; and a finished job is cleaned up in one
    pipeline, without rq's WATCH on dependents. A job that does have a result TTL, dependents
    or repeats (the scheduler's, say) goes through rq's own path. Measured with no-op jobs: 27
    Redis round trips and 2.0 ms of CPU per job before, see the README ("Cheaper steps").
    """

    _alive_until = None  # until when the worker's key is known to live (its last heartbeat)

    def work(self, *args, with_scheduler: bool = True, **kwargs) -> bool:
        check_eviction_policy(redis_eviction_policy(self.connection))
        warm_up()
        # django_rq's rqworker passes with_scheduler=False unless --with-scheduler is given;
        # delayed retries need a scheduler, and rq lets only one worker hold its lock at a time.
        return super().work(*args, with_scheduler=True, **kwargs)

    def heartbeat(self, timeout=None, pipeline=None):
        ttl = timeout or self.worker_ttl + 60
        at = now()
        if (
            pipeline is None and timeout is None and self._alive_until is not None
            and (self._alive_until - at).total_seconds() > ttl - WORKER_HEARTBEAT_EVERY
        ):
            return  # the key outlives the longest wait for a job by at least as much as before
        if pipeline is None:
            with self.connection.pipeline(transaction=False) as own:
                super().heartbeat(timeout, pipeline=own)
                own.execute()
        else:
            super().heartbeat(timeout, pipeline=pipeline)
        self._alive_until = at + timedelta(seconds=ttl)

    def set_state(self, state, pipeline=None):
        if pipeline is None and state == getattr(self, "_state", None):
            return  # e.g. idle after a job, and idle again when it starts listening
        super().set_state(state, pipeline=pipeline)

    def handle_execution_ended(self, job, queue, heartbeat_ttl):
        # rq writes the job's last heartbeat here, into a hash that a finished job's clean-up
        # deletes a moment later and that nothing here reads for a failed one.
        job.ended_at = now()

    def handle_job_success(self, job, queue, started_job_registry, execution):
        if job.get_result_ttl(self.default_result_ttl) != 0 or job.repeats_left:
            return super().handle_job_success(job, queue, started_job_registry, execution)
        if self.connection.exists(job.dependents_key):
            return super().handle_job_success(job, queue, started_job_registry, execution)
        with self.connection.pipeline() as pipeline:
            self.increment_successful_job_count(pipeline=pipeline)
            self.increment_total_working_time(job.ended_at - job.started_at, pipeline)
            job.cleanup(0, pipeline=pipeline, remove_from_queue=False)
            job._status = JobStatus.FINISHED
            self.cleanup_execution(job, pipeline=pipeline, execution=execution)
            pipeline.execute()
        release_slot(job)

    def execute_job(self, job, queue):
        # One process serves many jobs: drop a connection that broke or outlived CONN_MAX_AGE,
        # as Django does around each web request.
        close_old_connections()
        try:
            if job.func_name != RUN_STEP:
                return super().execute_job(job, queue)
            # SimpleWorker.execute_job, with the steps this step started run before the worker
            # is idle again (a warm shutdown waits for them, as for the job itself).
            with chaining(RUN_STEP, queues=self.queue_names()) as chain:
                try:
                    self.perform_job(job, queue, self.prepare_execution(job))
                    self.run_chained(chain)
                finally:
                    chain.limit = 0  # from here on every job goes to Redis
                    push_kept(chain)
            self.set_state(WorkerStatus.IDLE)
        finally:
            close_old_connections()

    def run_chained(self, chain: Chain) -> None:
        """Run the step that the step just finished started (kept back from Redis by
        `chaining`), and the one that one starts, up to CHAIN_LIMIT steps; what is left, or
        everything once a shutdown was asked for, goes to Redis as usual.

        A workflow's next step is usually due at once and on a queue this worker serves: taking
        it straight from the committed row costs no Redis push, dequeue, job hash or execution
        record (about 2 ms of CPU per step, bench/pipeline.py). The claim is the same
        compare-and-set as for a job: a duplicate job the sweeper may push meanwhile finds the
        step taken. A kill between the commit and the claim leaves a pending step without a
        job, which the sweeper enqueues (as after a lost push).
        """
        from agents.orchestrator.execution import step_run

        for _ in range(CHAIN_LIMIT):
            if not chain.kept or self._stop_requested:
                break
            push = chain.kept.pop()
            timeout = push.job_timeout or CHAINED_STEP_TIMEOUT
            self.heartbeat(timeout + 60)  # as rq does when it starts a job of this timeout
            if db_connection.errors_occurred:
                # Otherwise the step before has just committed on it: no health check needed.
                close_old_connections()
            try:
                with self.death_penalty_class(timeout, JobTimeoutException, job_id=push.job_id):
                    step_run(step_id=push.ids[0])
            except Exception:
                # step_run records a failing step itself; this is the rq timeout or a database
                # that went away: the lease runs out and the sweeper takes the step back.
                log.exception("chained step %s stopped", push.ids[0])


def warm_up() -> None:
    """Import what every step needs before taking the first job: the registered agents' step
    functions, the tool client and the LLM gateway (with its provider SDKs) and the tokenizer.

    Otherwise the first steps of every worker pay for these imports (over a second of CPU per
    worker, measured with bench/pipeline.py). An agent that cannot be imported is left for its
    steps to report as a permanent failure, as before.
    """
    from agents.llm import gateway  # noqa: F401 - imported for its side effect
    from agents.llm.tokens import _encoding
    from agents.orchestrator.registry import registered_agents
    from agents.tools import client, manifests  # noqa: F401

    for spec in registered_agents().values():
        try:
            spec.resolve()
        except Exception as exc:
            log.warning("agent %s could not be loaded at worker start: %s", spec.name, exc)
    _encoding(settings.LLM_TOKENIZER)
