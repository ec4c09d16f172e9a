"""The rq worker class of this product (settings.RQ["WORKER_CLASS"]).

It refuses to start against a Redis that may evict keys: an evicted queue key silently loses
work until the next sweep, and an evicted lock or rate-limit counter breaks the guarantees the
rest of the system relies on. It also runs rq's scheduler by default, which moves delayed
retries onto their queue when due.
"""
from __future__ import annotations

from django.core.management.base import CommandError
from rq.worker import Worker

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


class OrchestratorWorker(Worker):
    def work(self, *args, with_scheduler: bool = True, **kwargs) -> bool:
        check_eviction_policy(redis_eviction_policy(self.connection))
        # django_rq's rqworker passes with_scheduler=False unless --with-scheduler is given;
        # delayed retries need a scheduler, and rq lets only one worker hold its lock at a time.
        return super().work(*args, with_scheduler=True, **kwargs)
