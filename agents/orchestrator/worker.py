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

from django.conf import settings
from django.core.management.base import CommandError
from django.db import close_old_connections
from rq.worker import SimpleWorker

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


class OrchestratorWorker(SimpleWorker):
    def work(self, *args, with_scheduler: bool = True, **kwargs) -> bool:
        check_eviction_policy(redis_eviction_policy(self.connection))
        warm_up()
        # django_rq's rqworker passes with_scheduler=False unless --with-scheduler is given;
        # delayed retries need a scheduler, and rq lets only one worker hold its lock at a time.
        return super().work(*args, with_scheduler=True, **kwargs)

    def execute_job(self, job, queue):
        # One process serves many jobs: drop a connection that broke or outlived CONN_MAX_AGE,
        # as Django does around each web request.
        close_old_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()


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
