"""Calls per bearer token on the HTTP gateway. Counted in Redis when REDIS_URL is set, so every
web process shares one count; otherwise in this process (development, one server).
"""
from __future__ import annotations

import math
import time
from functools import lru_cache

from django.conf import settings
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from agents.errors import Throttled, TransientError


def parse_rate(text: str) -> RateLimitItem:
    """'120/minute' -> a limit; ValueError with a readable message otherwise."""
    try:
        return parse(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a rate such as '120/minute' or '5/second'") from None


@lru_cache(maxsize=4)
def _limiter(redis_url: str | None) -> MovingWindowRateLimiter:
    uri = redis_url or "memory://"
    # Redis errors arrive as limits' StorageError (wrap_exceptions), and an unreachable Redis
    # fails within seconds instead of holding the request.
    options = (
        {
            "key_prefix": "tools-ratelimit",
            "wrap_exceptions": True,
            "socket_connect_timeout": 2,
            "socket_timeout": 5,
        }
        if redis_url
        else {}
    )
    return MovingWindowRateLimiter(storage_from_string(uri, **options))


def check_token_rate(*, token_key: str, rate: str) -> None:
    """Count one call for this token; raise Throttled (with retry_after seconds) past the limit,
    TransientError when the count cannot be kept (Redis unreachable: the caller answers 503).
    """
    item = parse_rate(rate or settings.TOOLS_RATE_LIMIT)
    limiter = _limiter(settings.REDIS_URL)
    try:
        if limiter.hit(item, "agent-token", token_key):
            return
        reset_at = limiter.get_window_stats(item, "agent-token", token_key).reset_time
    except StorageError:
        raise TransientError(
            "The rate limiter's store (Redis) is unreachable; try again shortly."
        ) from None
    raise Throttled(
        f"Rate limit of {item} for this token is spent.",
        retry_after=max(1, math.ceil(reset_at - time.time())),
    )
