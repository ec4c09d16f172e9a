"""A burst of LLM-bound workflow steps through 2 real rq workers against a TPM-limited provider.

Usage:
    python bench/ratelimit.py [--tpm 36000] [--window 10] [--windows 7] [--workers 2]
    python bench/ratelimit.py --processes      # the older mode: plain processes, no orchestrator

Defaults: DATABASE_URL=postgres://postgres@localhost:5432/pt_bench and Redis DB 12 (both emptied
first), a temporary MEDIA_ROOT.

The provider is the OpenAI-compatible test server (tests/fake_llm), which answers 429 once the
tokens of the last `window` seconds exceed its limit. The limit is scaled to the window: 36000 TPM
over a 10 s window is 6000 tokens per window, about 14 of these ~412-token requests, as many as
6000 TPM holds over a real 60 s window. The gateway's limiter (LLM_TPM_LIMIT over
LLM_RATE_WINDOW_SECONDS) runs at the same rate less `--headroom`, shared by the workers in Redis.

Worker mode (default): enough workflows for `--windows` + 1 windows of the limit are started at
once. `--workers` processes run `rqworker steps llm maintenance` (the product's worker class, so
rq's scheduler runs delayed steps) with bench agents registered under the pipeline's names:
intake does nothing but report DocumentParsed; validation, on the `llm` queue, calls
`LLMClient.structured(MATCH_DESCRIPTIONS, ...)` through the gateway and reports InvoiceValidated.
A step refused by the limiter raises Throttled and the orchestrator reschedules it without using
up an attempt; a provider 429 does the same. The sweeper (`rqcron agents.orchestrator.cron`)
runs too, as in production.

Processes mode (`--processes`): plain processes call the gateway in a loop until a deadline and
on Throttled sleep retry_after themselves (what the orchestrator does by rescheduling the step).

Both print the tokens the provider answered in whole windows of the steady state (after the
first window, which a moving window lets fill at once, until the backlog runs out) divided by the
provider's limit (goal >= 0.9), the provider's 429s, and the failed steps / calls (goal 0).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402 - bench/ is put on the path just above
    REPO,
    Processes,
    bench_environment,
    reset_database_and_redis,
    wait_for_workers,
)

REDIS_DB = 12
TOKENS_PER_CALL = 412  # prompt estimate + the task's max output tokens, as both sides count them


def _inputs(n: int, who: str) -> dict:
    return {"invoice_description": f"Bolt M8 x {n} zinc plated, {who}",
            "po_description": f"BOLT M8 X {n} ZINC"}


# --- Worker mode: bench agents inside real rq workers. -----------------------------------------
def bench_intake(ctx):
    ctx.emit("DocumentParsed", {"bench": True})


def bench_validation(ctx):
    from agents.llm.tasks import MATCH_DESCRIPTIONS
    from agents.orchestrator.registry import StepResult

    answer = ctx.llm.structured(MATCH_DESCRIPTIONS, _inputs(ctx.document_id, "bench"))
    ctx.emit("InvoiceValidated", {"bench": True})
    return StepResult(output={"answer": answer.model_dump(mode="json")})


def register_bench_agents() -> None:
    """The bench agents under the pipeline's names (as tests/orchestration does), so the
    pipeline's subscriptions run them: DocumentReceived -> intake -> validation -> approved."""
    from agents.orchestrator.registry import register

    register("intake", bench_intake, queue="steps", timeout=30, max_attempts=3)
    register("validation", bench_validation, queue="llm", timeout=60, max_attempts=3)


def run_rq_worker() -> None:
    """`manage.py rqworker steps llm maintenance` with the bench agents registered first. The
    worker class (settings.RQ) runs jobs in this process, so the registration is the one used."""
    import django

    django.setup()
    register_bench_agents()
    from django.core.management import call_command

    call_command("rqworker", "steps", "llm", "maintenance")


def through_workers(args, env: dict, steps: int) -> dict:
    import django

    django.setup()
    from django.db.models import Count

    from agents.llm.models import LlmCall
    from agents.orchestrator.models import Step, Workflow
    from agents.orchestrator.services import workflow_start
    from agents.orchestrator.states import SETTLED
    from procurement.services import document_store

    reset_database_and_redis()
    register_bench_agents()
    documents = [
        document_store(
            content=f"%PDF-1.4\n% bench {n} {uuid.uuid4()}".encode(),
            filename=f"bench-{n:05d}.pdf", source="cli",
        ).document
        for n in range(steps)
    ]
    processes = Processes(env)
    for _ in range(args.workers):
        processes.spawn("worker", [sys.executable, __file__, "--rq-worker"])
    processes.manage("scheduler", "rqcron", "agents.orchestrator.cron")
    try:
        wait_for_workers(args.workers, processes)
        started = time.monotonic()
        ids = [workflow_start(document=doc).pk for doc in documents]
        pending = Workflow.objects.filter(pk__in=ids).exclude(state__in=SETTLED)
        timeout = args.window * (args.windows + 6) + 60
        while pending.exists():
            if time.monotonic() - started > timeout:
                print(f"NOT SETTLED within {timeout} s:\n{processes.logs()}", file=sys.stderr)
                break
            time.sleep(0.25)
        elapsed = time.monotonic() - started
    finally:
        processes.stop_all()
    settled = {str(state.value) for state in SETTLED}
    workflows = Workflow.objects.filter(pk__in=ids)
    states = dict(workflows.values_list("state").annotate(n=Count("pk")).order_by())
    bench_steps = Step.objects.filter(workflow__in=workflows)
    outcomes = dict(
        LlmCall.objects.filter(workflow__in=workflows)
        .values_list("outcome").annotate(n=Count("pk")).order_by()
    )
    if os.environ.get("BENCH_LOGS"):
        print(processes.logs(tail=20000))
    return {
        "elapsed": elapsed,
        "states": states,
        "failed": states.get("needs_human", 0) + states.get("budget_exceeded", 0)
        + sum(n for s, n in states.items() if s not in settled),
        "failed_steps": bench_steps.filter(state=Step.State.FAILED).count(),
        "attempts": sum(bench_steps.filter(agent="validation").values_list("attempt", flat=True)),
        "ledger": outcomes,
        "end": None,  # the backlog decides where the steady state ends
    }


# --- Processes mode: plain processes that sleep on Throttled. ----------------------------------
def process_worker(deadline: float, worker_id: int) -> None:
    import django

    django.setup()
    from agents.errors import AgentError, Throttled
    from agents.llm.gateway import LLMClient
    from agents.llm.tasks import MATCH_DESCRIPTIONS

    client = LLMClient(agent="validation")
    ok = throttled = failed = n = 0
    while time.time() < deadline:
        n += 1
        try:
            client.structured(MATCH_DESCRIPTIONS, _inputs(n, f"worker {worker_id}"))
            ok += 1
        except Throttled as exc:
            throttled += 1
            time.sleep(min(exc.retry_after, max(0.0, deadline - time.time())))
        except AgentError as exc:
            failed += 1
            print(f"worker {worker_id}: {exc.reason}", file=sys.stderr)
    print(json.dumps({"ok": ok, "throttled": throttled, "failed": failed}))


def through_processes(args, env: dict) -> dict:
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=env,
                   check=True)
    started = time.time()
    duration = args.window * args.windows
    command = [sys.executable, __file__, "--deadline", str(started + duration), "--worker"]
    workers = [subprocess.Popen([*command, str(i)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                text=True) for i in range(args.workers)]
    results = [json.loads(w.communicate()[0].strip().splitlines()[-1]) for w in workers]
    return {
        "elapsed": time.time() - started,
        "calls": {k: sum(r[k] for r in results) for k in ("ok", "throttled", "failed")},
        "failed": sum(r["failed"] for r in results),
        "end": time.monotonic() - (time.time() - (started + duration)),
    }


def steady_state(admitted: list[tuple[float, int]], window: float, end: float | None,
                 per_window_calls: int):
    """Tokens answered in whole windows after the first (aligned on the first answer), up to
    `end` (monotonic) or, without it, until fewer requests were left waiting than one window
    holds (from then on the backlog, not the limit, sets the pace)."""
    if not admitted:
        return 0, 0, 0.0
    first = admitted[0][0]
    by_backlog = end is None
    if by_backlog:
        end = admitted[max(0, len(admitted) - per_window_calls)][0]
    windows = max(0, int((end - first) // window) - 1)
    stop = first + (windows + 1) * window
    steady = sum(n for t, n in admitted if first + window <= t < stop)
    # The same span as a rate, from the first answer after the first window to `end`: not
    # flattered by where the window edges fall when refills arrive a little late each time.
    span = [(t, n) for t, n in admitted if first + window <= t < end]
    # (Only when `end` is an answer's time; a deadline between two refills would flatter it.)
    rate = sum(n for _, n in span) / (end - span[0][0]) if by_backlog and len(span) > 1 else 0.0
    return steady, windows, rate


def _refill_period(admitted, per_window_calls: int) -> float:
    starts = [t for t, _ in admitted[::per_window_calls]]
    return (starts[-1] - starts[0]) / (len(starts) - 1) if len(starts) > 1 else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tpm", type=int, default=36000, help="provider limit, tokens per minute")
    parser.add_argument("--window", type=int, default=10, help="rate window in seconds")
    parser.add_argument("--windows", type=int, default=7, help="about how many windows to run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--headroom", type=float, default=0.97,
                        help="our limiter runs at this fraction of the provider's limit")
    parser.add_argument("--processes", action="store_true",
                        help="plain processes that sleep on Throttled (no orchestrator)")
    parser.add_argument("--rq-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--deadline", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rq_worker:
        run_rq_worker()
        return 0
    if args.worker is not None:
        process_worker(args.deadline, args.worker)
        return 0

    from tests.fake_llm import FakeLLM

    per_window = args.tpm * args.window // 60
    per_window_calls = max(1, int(per_window * args.headroom) // TOKENS_PER_CALL)
    server = FakeLLM(tpm_limit=per_window, window_seconds=args.window).start()
    env = bench_environment(
        REDIS_DB,
        LLM_PROVIDER="openai",
        OPENAI_BASE_URL=server.url,
        OPENAI_API_KEY="bench",
        LLM_MODEL=f"bench-{uuid.uuid4().hex[:8]}",  # fresh limiter keys for this run
        LLM_RPM_LIMIT="0",
        LLM_TPM_LIMIT=str(int(per_window * args.headroom)),
        LLM_RATE_WINDOW_SECONDS=str(args.window),
        DAILY_USD_BUDGET="1000000",
    )
    try:
        if args.processes:
            mode = f"{args.workers} plain processes, sleeping on Throttled"
            result = through_processes(args, env)
        else:
            # enough work for about `windows` windows of the provider's limit
            steps = per_window_calls * (args.windows + 1)
            mode = (f"{steps} workflows started at once, {args.workers} rq workers + scheduler, "
                    f"Throttled reschedules the step")
            result = through_workers(args, env, steps)
    finally:
        server.stop()
    if os.environ.get("BENCH_TRACE"):
        for t, n in server.admitted:
            print(f"  {t - server.admitted[0][0]:7.3f} {n}")

    steady, windows, rate = steady_state(
        server.admitted, args.window, result["end"], per_window_calls
    )
    ratio = steady / (per_window * windows) if windows else 0.0
    answered = Counter(n for _, n in server.admitted)
    print(f"mode: {mode}")
    print(f"provider limit: {args.tpm} TPM ({per_window} tokens per {args.window} s window); "
          f"our limiter at {args.headroom:.0%}; tokens per request {dict(answered)}")
    if args.processes:
        print(f"calls {result['calls']}, provider 429s: {server.rejected}")
    else:
        print(f"end states {result['states']}, validation attempts {result['attempts']} "
              f"(1 per step when Throttled uses none), failed steps {result['failed_steps']}, "
              f"ledger {result['ledger']}, provider 429s: {server.rejected}, "
              f"{result['elapsed']:.1f} s")
    print(f"steady state: {steady} tokens in {windows} windows = "
          f"{steady * 60 / (windows * args.window) if windows else 0:.0f} TPM")
    if rate:
        print(f"mean rate over the same span: {rate * 60:.0f} TPM = "
              f"{rate * 60 / args.tpm:.3f} of the limit (refills every "
              f"{_refill_period(server.admitted, per_window_calls):.2f} s)")
    print(f"achieved / limit = {ratio:.3f} (goal >= 0.9); failed = {result['failed']} (goal 0)")
    print(json.dumps({"mode": "processes" if args.processes else "workers", "tpm": args.tpm,
                      "window_s": args.window, "ratio": round(ratio, 3),
                      "mean_rate_ratio": round(rate * 60 / args.tpm, 3),
                      "failed": result["failed"], "provider_429": server.rejected}))
    return 0 if ratio >= 0.9 and result["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
