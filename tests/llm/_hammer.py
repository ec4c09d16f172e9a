"""A worker process for the cross-process limiter test: hit the shared limiter for a while.

Prints "before after" (time.time()) around each admitted acquire, one per line: the limiter
stamps the request somewhere between the two.
"""
import sys
import time

from agents.errors import Throttled
from agents.llm.ratelimit import RateLimiter


def main(redis_url: str, key: str, rpm: int, tpm: int, window: int, seconds: float) -> None:
    limiter = RateLimiter(redis_url=redis_url, rpm=rpm, tpm=tpm, window_seconds=window)
    deadline = time.time() + seconds
    while time.time() < deadline:
        before = time.time()
        try:
            limiter.acquire(key, tokens=10)
        except Throttled as exc:
            time.sleep(min(exc.retry_after, max(0.0, deadline - time.time())))
            continue
        print(f"{before:.6f} {time.time():.6f}", flush=True)
        time.sleep(0.02)  # the request itself: a worker cannot take a whole window in a spin


if __name__ == "__main__":
    redis_url, key, rpm, tpm, window, seconds = sys.argv[1:]
    main(redis_url, key, int(rpm), int(tpm), int(window), float(seconds))
