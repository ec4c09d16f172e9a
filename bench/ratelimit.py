"""Burst of LLM calls through 2 worker processes against a TPM-limited fake provider.

Usage:
    DATABASE_URL=postgres://postgres@localhost:5432/pt_llm_bench \\
    REDIS_URL=redis://127.0.0.1:6379/6 python bench/ratelimit.py [--tpm 36000] [--window 10]

The fake server answers 429 once the tokens of the last `window` seconds exceed the limit (the
limit is scaled to the window: 36000 TPM over a 10 s window is 6000 tokens per window, about
14 of these ~412-token requests, as many as 6000 TPM holds over a real 60 s window). The
gateway's limiter is configured at the same rate, less a small headroom, and shared through
Redis. Workers are plain processes that call the gateway and, on Throttled, sleep retry_after and
try again (what the orchestrator does by rescheduling the step). Prints achieved tokens per
window over the steady state (after the first window, which a moving window lets fill at once)
divided by the provider's limit (goal >= 0.9), the provider's 429s, and failed calls (goal 0).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def worker(deadline: float, worker_id: int) -> None:
    import django

    django.setup()
    from agents.errors import AgentError, Throttled
    from agents.llm.gateway import LLMClient
    from agents.llm.tasks import MATCH_DESCRIPTIONS

    client = LLMClient(agent="validation")
    ok = throttled = failed = 0
    n = 0
    while time.time() < deadline:
        n += 1
        inputs = {"invoice_description": f"Bolt M8 x {n} zinc plated, worker {worker_id}",
                  "po_description": f"BOLT M8 X {n} ZINC"}
        try:
            client.structured(MATCH_DESCRIPTIONS, inputs)
            ok += 1
        except Throttled as exc:
            throttled += 1
            time.sleep(min(exc.retry_after, max(0.0, deadline - time.time())))
        except AgentError as exc:
            failed += 1
            print(f"worker {worker_id}: {exc.reason}", file=sys.stderr)
    print(json.dumps({"ok": ok, "throttled": throttled, "failed": failed}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tpm", type=int, default=36000, help="provider limit, tokens per minute")
    parser.add_argument("--window", type=int, default=10, help="rate window in seconds")
    parser.add_argument("--windows", type=int, default=7, help="how many windows to run")
    parser.add_argument("--headroom", type=float, default=0.97,
                        help="our limiter runs at this fraction of the provider's limit")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--deadline", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if args.worker is not None:
        worker(args.deadline, args.worker)
        return 0

    from tests.fake_llm import FakeLLM

    per_window = args.tpm * args.window // 60
    server = FakeLLM(tpm_limit=per_window, window_seconds=args.window).start()
    env = {
        **os.environ,
        "LLM_PROVIDER": "openai",
        "OPENAI_BASE_URL": server.url,
        "OPENAI_API_KEY": "bench",
        "LLM_MODEL": f"bench-{uuid.uuid4().hex[:8]}",  # fresh limiter keys for this run
        "LLM_RPM_LIMIT": "0",
        "LLM_TPM_LIMIT": str(int(per_window * args.headroom)),
        "LLM_RATE_WINDOW_SECONDS": str(args.window),
        "DAILY_USD_BUDGET": "1000000",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=env,
                   check=True)
    started, started_mono = time.time(), time.monotonic()
    duration = args.window * args.windows
    command = [sys.executable, __file__, "--deadline", str(started + duration), "--worker"]
    workers = [subprocess.Popen([*command, str(i)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                text=True) for i in range(2)]
    results = [json.loads(w.communicate()[0].strip().splitlines()[-1]) for w in workers]
    server.stop()
    if os.environ.get("BENCH_TRACE"):
        for t, n in server.admitted:
            print(f"  {t - server.admitted[0][0]:7.3f} {n}")

    # server.admitted holds (monotonic time, tokens counted) of every answered request
    first = server.admitted[0][0] if server.admitted else started_mono
    end = started_mono + duration  # when the workers stopped sending
    # whole windows only, aligned on the first answer: a partial window would flatter the ratio
    windows = max(0, int((end - first) // args.window) - 1)
    stop = first + (windows + 1) * args.window
    steady = [n for t, n in server.admitted if first + args.window <= t < stop]
    ratio = sum(steady) / (per_window * windows) if windows else 0.0
    failed = sum(r["failed"] for r in results)
    print(f"provider limit: {args.tpm} TPM ({per_window} tokens per {args.window} s window); "
          f"our limiter at {args.headroom:.0%}")
    print(f"calls ok: {sum(r['ok'] for r in results)}, throttled and retried: "
          f"{sum(r['throttled'] for r in results)}, provider 429s: {server.rejected}, "
          f"failed: {failed}")
    print(f"steady state: {sum(steady)} tokens in {windows} windows = "
          f"{sum(steady) * 60 / (windows * args.window):.0f} TPM")
    print(f"achieved / limit = {ratio:.3f} (goal >= 0.9); failed calls = {failed} (goal 0)")
    return 0 if ratio >= 0.9 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
