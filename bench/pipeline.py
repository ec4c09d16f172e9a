"""End-to-end invoices per second through the orchestrator, against the bare step functions.

Usage:
    DATABASE_URL=postgres://postgres@localhost:5432/pt_orch_bench \\
    REDIS_URL=redis://127.0.0.1:6379/2 python bench/pipeline.py [-n 200] [--workers 2] [--pdfs DIR]

Orchestrated: N documents are stored and their workflows started (as `ingest` does) while
`--workers` rq worker processes run the steps; the clock stops when every workflow has settled.
Bare: N other documents go through the same step functions called in a loop in this process (no
queue, no workflow state written). Prints both rates and the ratio orchestrated / bare; with two
workers a ratio above 1 means the orchestration costs less than the parallelism gains.

The agents are the pipeline's (agents.intake.step, agents.validation.step, agents.exception.step).
While any of them is missing, the bench says so and measures stand-in agents that do no work, which
shows the orchestrator's own overhead per invoice; re-run it once the real agents exist.
PDFs: `--pdfs DIR` takes up to 2 x N distinct PDFs from DIR (e.g. the demo invoices); without it,
simple invoices are generated with reportlab. The bench database and Redis DB are emptied first.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


# --- Stand-in agents: the pipeline's events, no work. -------------------------------------------
def standin_intake(ctx):
    ctx.emit("DocumentParsed", {"standin": True})


def standin_validation(ctx):
    # one invoice in five has a discrepancy, so the exception step is part of the measurement
    if ctx.document_id % 5 == 0:
        ctx.emit("DiscrepancyFound", {"kind": "price", "standin": True})
    else:
        ctx.emit("InvoiceValidated", {"standin": True})


def standin_exception(ctx):
    ctx.emit("EmailDrafted", {"standin": True})


STANDINS = {
    "intake": standin_intake, "validation": standin_validation, "exception": standin_exception
}


def choose_agents(*, force_standins: bool, probe: bool = False) -> str | None:
    """Register stand-ins if the real agents are missing (or, with `probe`, fail on a sample
    invoice). Returns why, or None when the real agents are measured."""
    from agents.errors import PermanentError
    from agents.orchestrator.registry import get_agent, register

    missing = []
    for name in STANDINS:
        try:
            get_agent(name).resolve()
        except PermanentError as exc:
            missing.append(exc.reason)
    reason = "forced with --standins" if force_standins else "; ".join(missing) or None
    if not reason and probe:
        try:
            bare(make_pdfs(1, offset=99_999))
        except Exception as exc:
            reason = f"the real agents failed on a sample invoice: {type(exc).__name__}: {exc}"
    if reason:
        for name, run in STANDINS.items():
            spec = get_agent(name)
            register(
                name, run, queue=spec.queue, timeout=spec.timeout, max_attempts=spec.max_attempts
            )
    return reason


def run_worker(force_standins: bool) -> None:
    import django

    django.setup()
    choose_agents(force_standins=force_standins)
    from django.core.management import call_command

    call_command("rqworker", "steps", "llm", "maintenance", verbosity=0)


# --- The measurement. --------------------------------------------------------------------------
def make_pdfs(count: int, offset: int) -> list[tuple[str, bytes]]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdfs = []
    for n in range(offset, offset + count):
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, pagesize=A4)
        lines = [
            "INVOICE", "Acme Fasteners Ltd", f"Invoice number: BENCH-{n:05d}", "Date: 2026-11-02",
            "PO number: PO-1001", "Bolt M8 zinc plated   100 x 0.25   25.00",
            "Subtotal 25.00", "VAT 5.00", "Total 30.00 EUR",
        ]
        for i, line in enumerate(lines):
            page.drawString(72, 780 - 18 * i, line)
        page.save()
        pdfs.append((f"bench-{n:05d}.pdf", buffer.getvalue()))
    return pdfs


def load_pdfs(folder: Path, count: int) -> list[tuple[str, bytes]]:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".pdf")[:count]
    return [(p.name, p.read_bytes()) for p in files]


def store(pdfs):
    from procurement.services import document_store

    return [document_store(content=c, filename=n, source="cli").document for n, c in pdfs]


def orchestrated(pdfs, workers: int, force_standins: bool, timeout: float) -> tuple[float, dict]:
    from django.db.models import Count

    from agents.orchestrator.models import Workflow
    from agents.orchestrator.services import workflow_start
    from agents.orchestrator.states import SETTLED
    from agents.orchestrator.sweeper import sweep

    command = [sys.executable, __file__, "--worker"] + (["--standins"] if force_standins else [])
    procs = [subprocess.Popen(command, cwd=REPO, start_new_session=True) for _ in range(workers)]
    try:
        _wait_for_workers(workers)
        started = time.perf_counter()
        ids = [workflow_start(document=doc).pk for doc in store(pdfs)]
        last_sweep = time.monotonic()
        while Workflow.objects.filter(pk__in=ids).exclude(state__in=SETTLED).exists():
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"orchestrated run did not settle within {timeout} s")
            if time.monotonic() - last_sweep > 2:  # stands in for the scheduler
                sweep()
                last_sweep = time.monotonic()
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
    states = dict(
        Workflow.objects.filter(pk__in=ids).values_list("state").annotate(n=Count("pk")).order_by()
    )
    return elapsed, states


def _wait_for_workers(count: int) -> None:
    import django_rq
    from rq import Worker

    connection = django_rq.get_connection("steps")
    deadline = time.monotonic() + 60
    while Worker.count(connection=connection) < count:
        if time.monotonic() > deadline:
            raise SystemExit("the bench workers did not start within 60 s")
        time.sleep(0.1)


def bare(pdfs) -> tuple[float, dict]:
    from collections import Counter

    from agents.orchestrator.models import Workflow
    from agents.orchestrator.pipeline import EVENT_STATES, SUBSCRIPTIONS
    from agents.orchestrator.registry import StepContext, get_agent

    documents = store(pdfs)
    # Workflow rows exist so agents that look theirs up find it; none of them changes state here.
    workflows = {doc.pk: Workflow.objects.get_or_create(document=doc)[0].pk for doc in documents}
    functions = {name: get_agent(name).resolve() for name in STANDINS}
    outcomes: Counter = Counter()
    started = time.perf_counter()
    for document in documents:
        event = "DocumentReceived"
        while event in SUBSCRIPTIONS:
            agent = SUBSCRIPTIONS[event].agent
            ctx = StepContext(
                workflow_id=workflows[document.pk], step_id=None, document_id=document.pk,
                agent=agent, attempt=1, input={"event": event, "document_id": document.pk},
            )
            functions[agent](ctx)
            moving = [t for t, _ in ctx.emitted if t in EVENT_STATES]
            event = moving[0] if moving else "none"
        outcomes[str(EVENT_STATES.get(event, event))] += 1
    return time.perf_counter() - started, dict(outcomes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=200, help="invoices per run (default 200)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pdfs", type=Path, help="folder of distinct PDFs (needs 2 x N)")
    parser.add_argument("--standins", action="store_true", help="measure stand-in agents")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return run_worker(args.standins)

    database_url = os.environ.get("DATABASE_URL", "")
    if not os.environ.get("REDIS_URL") or not database_url.startswith("postgres"):
        raise SystemExit("set DATABASE_URL (PostgreSQL) and REDIS_URL for the bench database")
    import django

    django.setup()
    import django_rq
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    django_rq.get_connection("steps").flushdb()

    why = choose_agents(force_standins=args.standins, probe=True)
    if why:
        print(f"NOTE: measuring stand-in agents that do no work ({why}).")
        print("      The ratio shows the orchestrator's own overhead; re-run with the real agents.")
    else:
        print("agents: the pipeline's real agents (intake, validation, exception)")

    if args.pdfs:
        pdfs = load_pdfs(args.pdfs, 2 * args.n)
        if len(pdfs) < 2 * args.n:
            raise SystemExit(f"{args.pdfs} holds {len(pdfs)} PDFs; the bench needs {2 * args.n}")
    else:
        pdfs = make_pdfs(2 * args.n, 0)
    first, second = pdfs[: args.n], pdfs[args.n :]

    orch_seconds, orch_states = orchestrated(first, args.workers, bool(why), args.timeout)
    bare_seconds, bare_outcomes = bare(second)
    orch_rate, bare_rate = args.n / orch_seconds, args.n / bare_seconds
    print(f"orchestrated: {args.n} invoices, {args.workers} workers, {orch_seconds:.2f} s, "
          f"{orch_rate:.1f} invoices/s, states {orch_states}")
    print(f"bare:         {args.n} invoices, 1 process, no queue, {bare_seconds:.2f} s, "
          f"{bare_rate:.1f} invoices/s, outcomes {bare_outcomes}")
    print(f"ratio orchestrated/bare: {orch_rate / bare_rate:.3f}")
    print(json.dumps({
        "n": args.n, "workers": args.workers, "standins": bool(why),
        "orchestrated_per_s": round(orch_rate, 2), "bare_per_s": round(bare_rate, 2),
        "ratio": round(orch_rate / bare_rate, 4),
    }))


if __name__ == "__main__":
    main()
