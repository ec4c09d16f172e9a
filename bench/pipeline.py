"""End-to-end invoices per second through the orchestrator and real rq workers, against the same
agents' step functions called in a loop in one process.

Usage:
    python bench/pipeline.py [-n 200] [--workers 1,2,4] [--every 4]

Defaults: DATABASE_URL=postgres://postgres@localhost:5432/pt_bench, REDIS_URL=redis DB 11, a
temporary MEDIA_ROOT, LLM_PROVIDER=rules. The bench database and that Redis DB are emptied first,
then the demo world is seeded (vendors, purchase orders, receipts).

Invoices: N distinct demo invoices per run (`procurement.demo.matching_invoice_specs`, each with its
own invoice number, cycling through the vendors and so every layout); every `--every`-th one
bills its first line 10% above the PO price, so it takes the exception path (validation finds a
price discrepancy, the exception agent drafts an email through the LLM gateway). The others are
straight-through.

Orchestrated, once per `--workers` count (1, 2 and 4 by default), each run on its own N documents:
that many real `manage.py rqworker steps llm maintenance` processes and one
`manage.py rqcron agents.orchestrator.cron` scheduler (the sweeper) run the real agents (intake,
validation, exception). The clock runs from storing the first of N documents and starting its
workflow (as `ingest` does) until every workflow has settled.
Bare: N more documents are stored (timed, as in the orchestrated run) and go through the same
step functions called in a loop in this process, each with a StepContext built as the orchestrator
builds it (ToolClient, LLMClient) and inside one transaction per step as in a worker, but with no
queue and no workflow or step state changed (only the running step row that tools which write
require is created).
The tools' own writes (invoices, findings, audit rows, email proposals) are part of the work.

It prints each run's throughput and the CPU per invoice of the Python processes against the bare
run's: the orchestration overhead (goal: at most 20%). Throughput with more workers than cores
mostly shows PostgreSQL, Redis and the workers competing for the same cores.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402 - bench/ is put on the path just above
    Processes,
    bench_environment,
    reset_database_and_redis,
    wait_for_workers,
)

REDIS_DB = 11
AGENTS = ("intake", "validation", "exception")


def invoice_pdfs(count: int, *, every: int) -> list[tuple[str, bytes, str]]:
    """(file name, PDF bytes, expected path) for `count` distinct demo invoices."""
    from procurement.demo import matching_invoice_specs, render_invoice_pdf

    pdfs = []
    for n, spec in enumerate(matching_invoice_specs(count, start=1), start=1):
        expected = "straight-through"
        if every and n % every == 0:
            first, *rest = spec.lines
            dearer = dataclasses.replace(
                first, unit_price=(first.unit_price * Decimal("1.10")).quantize(Decimal("0.01"))
            )
            spec = dataclasses.replace(spec, lines=(dearer, *rest))
            expected = "exception"
        name = f"bench-{n:05d}-{spec.invoice_number}.pdf"
        pdfs.append((name, render_invoice_pdf(spec), expected))
    return pdfs


def store(pdfs):
    from procurement.services import document_store

    return [document_store(content=c, filename=n, source="cli").document for n, c, _ in pdfs]


def orchestrated(pdfs, workers: int, timeout: float, env: dict) -> tuple[float, dict, dict]:
    from django.db.models import Count

    from agents.orchestrator.models import Step, Workflow
    from agents.orchestrator.services import workflow_start
    from agents.orchestrator.states import SETTLED

    processes = Processes(env)
    for _ in range(workers):
        processes.manage("worker", "rqworker", "steps", "llm", "maintenance")
    processes.manage("scheduler", "rqcron", "agents.orchestrator.cron")
    try:
        wait_for_workers(workers, processes)
        time.sleep(1)  # let the workers finish starting up before their CPU is sampled
        pids = [p.pid for p in processes.started]
        cpu_before = cpu_seconds(pids) + _own_cpu()
        parts_before = _cpu_parts(pids)
        started = time.perf_counter()
        ids = [workflow_start(document=doc).pk for doc in store(pdfs)]
        pending = Workflow.objects.filter(pk__in=ids).exclude(state__in=SETTLED)
        while pending.exists():
            if time.perf_counter() - started > timeout:
                raise SystemExit(
                    f"the orchestrated run did not settle within {timeout:g} s:\n{processes.logs()}"
                )
            if len(processes.dead()) == len(processes.started):
                raise SystemExit(f"every bench process exited:\n{processes.logs()}")
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds(pids) + _own_cpu() - cpu_before
        parts = {k: round(v - parts_before[k], 2) for k, v in _cpu_parts(pids).items()}
    finally:
        processes.stop_all()
    workflows = Workflow.objects.filter(pk__in=ids)
    states = dict(workflows.values_list("state").annotate(n=Count("pk")).order_by())
    steps = Step.objects.filter(workflow__in=workflows)
    attempts = {
        "cpu_s": round(cpu, 2),
        "cpu_parts_s": parts,
        "steps": steps.count(),
        "attempts": sum(steps.values_list("attempt", flat=True)),
        "failed_steps": steps.filter(state=Step.State.FAILED).count(),
    }
    if os.environ.get("BENCH_LOGS"):
        print(processes.logs(tail=20000))
    return elapsed, states, attempts


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes and of their children that have exited (intake's
    sandbox forks), from /proc (Linux)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


def _cpu_parts(pids: list[int]) -> dict[str, float]:
    """CPU seconds by role: the workers, the scheduler (the last process started) and this
    process (storing the documents, starting the workflows, waiting for them to settle)."""
    *workers, scheduler = pids
    return {
        "workers": cpu_seconds(workers), "scheduler": cpu_seconds([scheduler]), "bench": _own_cpu(),
    }


def _own_cpu() -> float:
    """This process's CPU and its waited-for children's (not the worker subprocesses, which
    are only waited for after the clock stops)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def bare(pdfs) -> tuple[float, dict, float]:
    from django.db import transaction

    from agents.llm.gateway import LLMClient
    from agents.orchestrator.models import Step, Workflow
    from agents.orchestrator.pipeline import EVENT_STATES, SUBSCRIPTIONS
    from agents.orchestrator.registry import StepContext, get_agent
    from agents.tools.client import ToolClient
    from procurement.models import Invoice

    functions = {name: get_agent(name).resolve() for name in AGENTS}
    outcomes: Counter = Counter()
    cpu_before = _own_cpu()
    started = time.perf_counter()
    documents = store(pdfs)  # storing the PDFs is timed in both runs
    paused, paused_cpu = time.perf_counter(), _own_cpu()
    # A workflow row per document, as the tools' audit rows and the LLM ledger refer to one;
    # nothing here ever changes its state. Not timed: the bare run has no workflows.
    workflows = {doc.pk: Workflow.objects.get_or_create(document=doc)[0].pk for doc in documents}
    started += time.perf_counter() - paused
    cpu_before += _own_cpu() - paused_cpu
    for document in documents:
        event = "DocumentReceived"
        while event in SUBSCRIPTIONS:
            agent = SUBSCRIPTIONS[event].agent
            workflow_id = workflows[document.pk]
            vendor_id = (
                Invoice.objects.filter(document_id=document.pk)
                .values_list("vendor_id", flat=True).first()
            )
            # Tools that write accept calls only for a running step of the agent: one row, as
            # the orchestrator would claim (the managed run pays for its rows too).
            step_id = Step.objects.create(
                workflow_id=workflow_id, agent=agent, state=Step.State.RUNNING
            ).pk
            ctx = StepContext(
                workflow_id=workflow_id, step_id=step_id, document_id=document.pk, agent=agent,
                attempt=1, input={"event": event, "document_id": document.pk},
                tools=ToolClient(agent, workflow_id=workflow_id, step_id=step_id),
                llm=LLMClient(agent=agent, vendor_id=vendor_id, workflow_id=workflow_id),
            )
            with transaction.atomic():
                functions[agent](ctx)
            moving = [t for t, _ in ctx.emitted if t in EVENT_STATES]
            event = moving[0] if moving else "none"
        outcomes[str(EVENT_STATES.get(event, event))] += 1
    return time.perf_counter() - started, dict(outcomes), _own_cpu() - cpu_before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=200, help="invoices per run (default 200)")
    parser.add_argument("--workers", default="1,2,4",
                        help="worker processes of each orchestrated run, comma-separated")
    parser.add_argument("--every", type=int, default=4,
                        help="every k-th invoice has a price discrepancy (0: none)")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]

    env = bench_environment(REDIS_DB, LLM_PROVIDER="rules")
    import django

    django.setup()
    from procurement.demo import seed_demo

    reset_database_and_redis()
    seed_demo(pdf_dir=Path(tempfile.mkdtemp(prefix="pt-bench-demo-")))

    runs = len(worker_counts) + 1
    t0 = time.perf_counter()
    pdfs = invoice_pdfs(runs * args.n, every=args.every)
    mix = Counter(expected for _, _, expected in pdfs[: args.n])
    print(f"rendered {runs * args.n} distinct demo invoices in {time.perf_counter() - t0:.1f} s "
          f"(not timed); each run: {dict(mix)}")
    print(f"database {env['DATABASE_URL']}, redis {env['REDIS_URL']}, LLM provider rules, "
          f"{os.cpu_count()} cores")

    # The bare run first: the baseline every orchestrated run is compared with.
    bare_s, bare_outcomes, bare_cpu = bare(pdfs[: args.n])
    bare_rate = args.n / bare_s
    print(f"bare:         {args.n} invoices, 1 process, no queue, no workflow state, "
          f"{bare_s:.2f} s, {bare_rate:.2f} invoices/s, CPU {1000 * bare_cpu / args.n:.1f} ms "
          f"per invoice; end states {bare_outcomes}")
    results = []
    for run, workers in enumerate(worker_counts, start=1):
        batch = pdfs[run * args.n : (run + 1) * args.n]
        orch_s, orch_states, orch_steps = orchestrated(batch, workers, args.timeout, env)
        orch_cpu = orch_steps.pop("cpu_s")
        orch_parts = orch_steps.pop("cpu_parts_s")
        overhead = 100 * (orch_cpu / bare_cpu - 1)
        result = {
            "workers": workers, "seconds": round(orch_s, 2),
            "invoices_per_s": round(args.n / orch_s, 3),
            "cpu_ms_per_invoice": round(1000 * orch_cpu / args.n, 1),
            "overhead_pct": round(overhead, 1),
            "cpu_parts_ms_per_invoice": {
                name: round(1000 * seconds / args.n, 1) for name, seconds in orch_parts.items()
            },
            "states": orch_states, **orch_steps,
        }
        results.append(result)
        print(f"orchestrated: {args.n} invoices, {workers} worker(s) + scheduler, {orch_s:.2f} s, "
              f"{args.n / orch_s:.2f} invoices/s, CPU {result['cpu_ms_per_invoice']} ms per "
              f"invoice ({result['cpu_parts_ms_per_invoice']}); end states {orch_states}; "
              f"{orch_steps}")
    print()
    print("CPU per invoice of the Python processes (PostgreSQL and Redis not counted); "
          "orchestration overhead = orchestrated CPU / bare CPU - 1 (goal: at most 20%)")
    print(f"{'workers':>8} {'invoices/s':>11} {'CPU ms/invoice':>15} {'overhead':>9}")
    print(f"{'bare':>8} {bare_rate:>11.2f} {1000 * bare_cpu / args.n:>15.1f} {'':>9}")
    for r in results:
        print(f"{r['workers']:>8} {r['invoices_per_s']:>11.2f} {r['cpu_ms_per_invoice']:>15.1f} "
              f"{r['overhead_pct']:>8.0f}%")
    print(json.dumps({
        "n": args.n, "cores": os.cpu_count(), "bare_s": round(bare_s, 2),
        "bare_per_s": round(bare_rate, 3), "bare_cpu_ms_per_invoice": round(
            1000 * bare_cpu / args.n, 1),
        "bare_states": bare_outcomes, "orchestrated": results,
    }))


if __name__ == "__main__":
    main()
