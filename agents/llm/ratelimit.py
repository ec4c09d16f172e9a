"""The rate limiter shared by every worker: requests and tokens per window, per provider/model.

Built on `limits` (a moving window in Redis by default: exact, one list entry per token; or its
O(1) sliding-window counter for very large limits). With no REDIS_URL it limits in-process.

On top of the windows sits a block: when the provider answers 429 (or its x-ratelimit headers
say a budget is spent) the whole provider/model key is closed until the time it gave, for every
worker, because the provider counts all our traffic together.

A refused request raises `Throttled(retry_after=...)`: the orchestrator runs the step again later
without using up an attempt, so a burst drains at the limit instead of failing.
"""
from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Mapping
from functools import lru_cache

import limits
from django.conf import settings

from agents.errors import PermanentError, Throttled

PREFIX = "llm-ratelimit"
# A waiter wakes up a little after our window frees room: the provider stamps a request when it
# arrives, later than we did, so coming back the very instant our window frees would meet its
# window still full (a 429, and tokens reserved for nothing). Jitter keeps workers apart.
MIN_RETRY_AFTER = 0.05
MARGIN = 0.2  # seconds, and at most 2% of the window

JITTER = 0.05


class RateLimiter:
    def __init__(
        self,
        *,
        redis_url: str = "",
        rpm: int,
        tpm: int,
        window_seconds: int = 60,
        strategy: str = "moving-window",
    ):
        self.rpm, self.tpm, self.window = rpm, tpm, window_seconds
        self.margin = min(MARGIN, window_seconds / 50)
        if redis_url:
            import redis

            uri = redis_url.replace("unix://", "redis+unix://", 1)
            storage = limits.storage.RedisStorage(uri, key_prefix=PREFIX)
            self._blocks: _Blocks = _RedisBlocks(redis.Redis.from_url(redis_url))
        else:
            storage = limits.storage.MemoryStorage()
            self._blocks = _MemoryBlocks()
        self._storage = storage
        if strategy == "sliding-window":
            self._limiter = limits.strategies.SlidingWindowCounterRateLimiter(storage)
        else:
            self._limiter = limits.strategies.MovingWindowRateLimiter(storage)
        self._requests = limits.RateLimitItemPerSecond(rpm, window_seconds, namespace="rpm")
        self._tokens = limits.RateLimitItemPerSecond(tpm, window_seconds, namespace="tpm")

    def acquire(self, key: str, *, tokens: int) -> None:
        """Take one request and `tokens` tokens from `key`'s window, or raise Throttled."""
        blocked = self._blocks.remaining(key)
        if blocked > 0:
            raise Throttled(f"{key} is blocked by the provider", retry_after=self._later(blocked))
        if self.tpm and tokens > self.tpm:
            raise PermanentError(
                f"a request of ~{tokens} tokens can never fit the limit of {self.tpm} tokens "
                f"per {self.window} s for {key}"
            )
        # Tokens first: they run out first, and a refused token hit costs nothing. A request hit
        # refused after the tokens were taken wastes those tokens until the window moves on, which
        # errs toward sending less than the limit, never more.
        if self.tpm and not self._limiter.hit(self._tokens, key, cost=tokens):
            raise Throttled(
                f"the {self.tpm} tokens per {self.window} s of {key} are spent",
                retry_after=self._later(self._wait(self._tokens, key)),
            )
        if self.rpm and not self._limiter.hit(self._requests, key):
            raise Throttled(
                f"the {self.rpm} requests per {self.window} s of {key} are spent",
                retry_after=self._later(self._wait(self._requests, key)),
            )

    def block(self, key: str, seconds: float) -> None:
        """Close `key` for everyone for `seconds` (a longer block already in place wins)."""
        if seconds > 0:
            self._blocks.set(key, seconds)

    def blocked_for(self, key: str) -> float:
        return self._blocks.remaining(key)

    def observe(self, key: str, headers: Mapping[str, str]) -> None:
        """Honour the provider's x-ratelimit-* headers: a spent budget blocks until its reset."""
        for kind in ("requests", "tokens"):
            remaining = headers.get(f"x-ratelimit-remaining-{kind}")
            reset = parse_duration(headers.get(f"x-ratelimit-reset-{kind}"))
            if remaining is not None and reset and _as_int(remaining) == 0:
                self.block(key, reset)

    def _wait(self, item: limits.RateLimitItem, key: str) -> float:
        reset_at, _remaining = self._limiter.get_window_stats(item, key)
        return reset_at - time.time()

    def _later(self, seconds: float) -> float:
        return max(seconds, MIN_RETRY_AFTER) + self.margin + random.uniform(0, JITTER)

    def clear(self, key: str) -> None:
        """Forget `key`'s windows and block (tests, and an operator after changing limits)."""
        self._limiter.clear(self._tokens, key)
        self._limiter.clear(self._requests, key)
        self._blocks.clear(key)


def retry_after_from_headers(headers: Mapping[str, str]) -> float | None:
    """Seconds to wait from a 429: retry-after-ms, Retry-After, then the x-ratelimit resets."""
    if (value := headers.get("retry-after-ms")) is not None:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    if (value := headers.get("retry-after")) is not None:
        try:
            return float(value)
        except ValueError:
            from email.utils import parsedate_to_datetime

            try:
                return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
            except (TypeError, ValueError):
                pass
    resets = [
        parse_duration(headers.get(f"x-ratelimit-reset-{kind}")) for kind in ("requests", "tokens")
    ]
    resets = [r for r in resets if r]
    return max(resets) if resets else None


_DURATION = re.compile(r"(?P<value>\d+(?:\.\d+)?)(?P<unit>ms|h|m|s)")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}


def parse_duration(value: str | None) -> float | None:
    """OpenAI writes resets as '1s', '6m0s', '20ms', '1h2m3.5s'; a bare number is seconds."""
    if not value:
        return None
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    parts = _DURATION.findall(value)
    if not parts or "".join(v + u for v, u in parts) != value:
        return None
    return sum(float(v) * _UNIT_SECONDS[u] for v, u in parts)


def _as_int(value: str) -> int | None:
    try:
        return int(float(value))
    except ValueError:
        return None


class _Blocks:
    def set(self, key: str, seconds: float) -> None:
        raise NotImplementedError

    def remaining(self, key: str) -> float:
        raise NotImplementedError

    def clear(self, key: str) -> None:
        raise NotImplementedError


class _RedisBlocks(_Blocks):
    def __init__(self, client):
        self.client = client

    def _key(self, key: str) -> str:
        return f"{PREFIX}:block:{key}"

    def set(self, key: str, seconds: float) -> None:
        ms = max(1, int(seconds * 1000))
        # Create it, or lengthen it: PEXPIRE GT never shortens a block another worker set.
        pipe = self.client.pipeline()
        pipe.set(self._key(key), "1", px=ms, nx=True)
        pipe.pexpire(self._key(key), ms, gt=True)
        pipe.execute()

    def remaining(self, key: str) -> float:
        ms = self.client.pttl(self._key(key))
        return ms / 1000 if ms and ms > 0 else 0.0

    def clear(self, key: str) -> None:
        self.client.delete(self._key(key))


class _MemoryBlocks(_Blocks):
    def __init__(self):
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def set(self, key: str, seconds: float) -> None:
        with self._lock:
            self._until[key] = max(self._until.get(key, 0.0), time.monotonic() + seconds)

    def remaining(self, key: str) -> float:
        return max(0.0, self._until.get(key, 0.0) - time.monotonic())

    def clear(self, key: str) -> None:
        with self._lock:
            self._until.pop(key, None)


def get_rate_limiter() -> RateLimiter:
    """The process's limiter for the current settings (tests that change them get a fresh one)."""
    return _limiter(
        settings.REDIS_URL,
        settings.LLM_RPM_LIMIT,
        settings.LLM_TPM_LIMIT,
        settings.LLM_RATE_WINDOW_SECONDS,
        settings.LLM_RATE_STRATEGY,
    )


@lru_cache(maxsize=8)
def _limiter(redis_url: str, rpm: int, tpm: int, window: int, strategy: str) -> RateLimiter:
    return RateLimiter(
        redis_url=redis_url, rpm=rpm, tpm=tpm, window_seconds=window, strategy=strategy
    )
