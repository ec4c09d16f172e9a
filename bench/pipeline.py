"""End-to-end invoices per second through the orchestrator and real rq workers, against the same
agents' step functions called in a loop in one process.

Usage:
    python bench/pipeline.py [-n 200] [--workers 1,2,4] [--rounds 3] [--every 4]
                             [--query-sample 16]

Defaults: DATABASE_URL=postgres://postgres@localhost:5432/pt_bench, REDIS_URL=redis DB 11, a
temporary MEDIA_ROOT, LLM_PROVIDER=rules, DEBUG=false (as in production; with a bench-only
SECRET_KEY). The bench database and that Redis DB are emptied first, then the demo world is
seeded (vendors, purchase orders, receipts).

Invoices: N distinct demo invoices per run (`procurement.demo.matching_invoice_specs`, each with its
own invoice number, cycling through the vendors and so every layout), each billing a purchase
order (with goods receipts) of its own, copied from its template's, so that they go straight
through like a real batch instead of over-billing the same few demo orders. Every `--every`-th
one bills its first line 10% above the PO price, so validation holds it for a clerk (a price
discrepancy). Each run prints how many ended approved and how many in exception, and why.

Orchestrated, once per `--workers` count (1, 2 and 4 by default), each run on its own N documents:
that many real `manage.py rqworker steps llm maintenance` processes and one
`manage.py rqcron agents.orchestrator.cron` scheduler (the sweeper) run the real agents (intake,
validation). The clock runs from storing the first of N documents and starting its workflow (as
`ingest` does) until every workflow has settled.
Bare: N more documents are stored (timed, as in the orchestrated run) and go through the same
step functions called in a loop in this process, each with a StepContext built as the orchestrator
builds it (ToolClient, LLMClient) and inside one transaction per step as in a worker, but with no
queue and no workflow or step state changed (only the running step row that tools which write
require is created).
The tools' own writes (invoices, findings, audit rows) are part of the work.

Runs take turns, in `--rounds` rounds: the bare runs, then one orchestrated run per worker count,
then bare runs again after the last round. Each orchestrated run is compared with the mean of the
bare runs just before and after it, and the table prints the median of the rounds: a shared VM's
speed drifts by 10% and more within minutes, as much as the overhead being measured. The bare
loop runs in 1 process (the baseline of the overhead the issue asks about), and also in as many
processes at once as each worker count, each on its share of the N invoices after a warm-up of
its own (`bare_in_processes`): with more processes than cores, the same work costs more CPU,
and the second overhead column, against that run, shows how much of an orchestrated run's CPU
is the orchestration rather than the crowding.

It prints each run's throughput and the CPU time per invoice (user + system, from /proc: the
workers with their sandbox forks, the scheduler, and this process while it stores the documents
and starts the workflows, not while it waits for them) against the bare run's: the
orchestration overhead (goal: at most 20%). CPU time, not wall time, so that other work on a
shared machine changes the figures less. Throughput with more workers than cores mostly shows
PostgreSQL, Redis and the workers competing for the same cores.
A small sample also runs in this process with every SQL statement counted, to print the
statements per step that the orchestration adds.
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
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (  # noqa: E402 - bench/ is put on the path just above
    Processes,
    bench_environment,
    reset_database_and_redis,
    wait_for_workers,
)

REDIS_DB = 11
DEARER = Decimal("10.00")
WARM_UP_PER_WORKER = 3  # invoices run through each orchestrated run's workers before it is timed
AGENTS = ("intake", "validation", "exception")


@dataclasses.dataclass(frozen=True)
class BenchInvoice:
    name: str
    pdf: bytes
    expected: str  # "straight-through" or "exception"
    template_po: str  # the demo purchase order this invoice's own order copies
    po_number: str  # its own order, created by create_orders()
    first_sku: str
    first_po_price: Decimal  # the own order's price of the first line


def invoice_specs(count: int, *, every: int) -> list[BenchInvoice]:
    """`count` distinct demo invoices, each billing a purchase order of its own.

    Copies of the demo's straight-through invoices (`matching_invoice_specs`, cycling through the
    vendors and layouts) that all billed the same few demo POs would be held by validation's
    cumulative matching (over-billing) and duplicate checks from the second copy on. So each one
    gets its own order (`create_orders`: the template's lines and receipts under a new number) and
    its first line a price of its own (the template's plus n cents, on the order and the invoice
    alike; 10.00 more on the orders of those billed 10% above): no two bench invoices share lines
    or a total, as no two real invoices of a batch do.
    """
    from procurement.demo import matching_invoice_specs, render_invoice_pdf

    invoices = []
    for n, spec in enumerate(matching_invoice_specs(count, start=1), start=1):
        template_po = spec.po_number
        first, *rest = spec.lines
        po_price = first.unit_price + Decimal(n) / 100
        billed = po_price
        expected = "straight-through"
        if every and n % every == 0:
            # Ten more on the order, so that 10% above it is never the price a straight-through
            # copy bills (the same lines would make it a suspected duplicate too).
            po_price += DEARER
            billed = (po_price * Decimal("1.10")).quantize(Decimal("0.01"))
            expected = "exception"
        spec = dataclasses.replace(
            spec,
            po_number=f"{template_po}-{n:05d}",
            lines=(dataclasses.replace(first, unit_price=billed), *rest),
        )
        name = f"bench-{n:05d}-{spec.invoice_number}.pdf"
        invoices.append(BenchInvoice(
            name, render_invoice_pdf(spec), expected, template_po, spec.po_number, first.sku,
            po_price,
        ))
    return invoices


def create_orders(invoices: list[BenchInvoice]) -> None:
    """Each bench invoice's own purchase order and goods receipts: copies of its template's
    (seeded by seed_demo), with the first line's price of its own. Not timed: setup, like the
    demo world."""
    from django.db import transaction

    from procurement.models import (
        GoodsReceipt,
        GoodsReceiptLine,
        PurchaseOrder,
        PurchaseOrderLine,
    )

    templates = {
        order.number: order
        for order in PurchaseOrder.objects.filter(
            number__in={i.template_po for i in invoices}
        ).prefetch_related("lines", "receipts__lines")
    }
    with transaction.atomic():
        for invoice in invoices:
            template = templates[invoice.template_po]
            order = PurchaseOrder.objects.create(
                number=invoice.po_number, vendor_id=template.vendor_id, currency=template.currency,
                status=template.status, issued_on=template.issued_on,
                buyer_id=template.buyer_id,
            )
            lines = {}
            for line in template.lines.all():
                price = invoice.first_po_price if line.sku == invoice.first_sku else line.unit_price
                lines[line.pk] = PurchaseOrderLine.objects.create(
                    order=order, line_no=line.line_no, sku=line.sku, description=line.description,
                    quantity=line.quantity, unit_price=price,
                    unit_of_measure=line.unit_of_measure, tax_rate=line.tax_rate,
                )
            for receipt in template.receipts.all():
                copy = GoodsReceipt.objects.create(
                    number=f"{receipt.number}-{invoice.po_number}", order=order,
                    received_on=receipt.received_on, received_by=receipt.received_by,
                )
                GoodsReceiptLine.objects.bulk_create(
                    GoodsReceiptLine(receipt=copy, po_line=lines[received.po_line_id],
                                     quantity_received=received.quantity_received)
                    for received in receipt.lines.all()
                )


def store(invoices: list[BenchInvoice]):
    from procurement.services import document_store

    return [
        document_store(content=i.pdf, filename=i.name, source="cli").document for i in invoices
    ]


def finding_kinds(document_ids: list[int]) -> dict[str, int]:
    """Open findings of these documents' invoices by kind: why the held ones were held."""
    from procurement.models import Finding

    kinds = Finding.objects.filter(invoice__document_id__in=document_ids).values_list(
        "kind", flat=True
    )
    return dict(Counter(kinds))


def orchestrated(
    invoices, warm_up, workers: int, timeout: float, env: dict
) -> tuple[float, dict, dict]:
    from django.db.models import Count

    from agents.orchestrator.models import Step, Workflow
    from agents.orchestrator.services import workflow_start

    processes = Processes(env)
    for _ in range(workers):
        processes.manage("worker", "rqworker", "steps", "llm", "maintenance")
    processes.manage("scheduler", "rqcron", "agents.orchestrator.cron")
    try:
        wait_for_workers(workers, processes)
        # A few invoices first, so that every worker has started its sandbox child and done
        # whatever a process does once: the bare loop runs in a process that is warm as well.
        warm_ids = [workflow_start(document=doc).pk for doc in store(warm_up)]
        _wait_until_settled(warm_ids, processes, timeout)
        pids = [p.pid for p in processes.started]
        workers_before = _cpu_parts(pids)
        bench_before = _own_cpu(leave_out=frozenset(pids))
        started = time.perf_counter()
        documents = store(invoices)
        ids = [workflow_start(document=doc).pk for doc in documents]
        # This process's part ends here (storing, starting the workflows: what `ingest` does);
        # watching for the end below is the bench's, not the product's, and is not counted.
        bench_cpu = _own_cpu(leave_out=frozenset(pids)) - bench_before
        _wait_until_settled(ids, processes, timeout)
        elapsed = time.perf_counter() - started
        parts = {k: v - workers_before[k] for k, v in _cpu_parts(pids).items()}
        parts["bench"] = bench_cpu
        cpu = sum(parts.values())
        parts = {k: round(v, 2) for k, v in parts.items()}
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
        "findings": finding_kinds([doc.pk for doc in documents]),
    }
    if os.environ.get("BENCH_LOGS"):
        print(processes.logs(tail=20000))
    return elapsed, states, attempts


def _wait_until_settled(ids: list[int], processes: Processes, timeout: float) -> None:
    from agents.orchestrator.models import Workflow
    from agents.orchestrator.states import SETTLED

    started = time.perf_counter()
    pending = Workflow.objects.filter(pk__in=ids).exclude(state__in=SETTLED)
    while pending.exists():
        if time.perf_counter() - started > timeout:
            raise SystemExit(
                f"the orchestrated run did not settle within {timeout:g} s:\n{processes.logs()}"
            )
        if len(processes.dead()) == len(processes.started):
            raise SystemExit(f"every bench process exited:\n{processes.logs()}")
        time.sleep(0.1)


def cpu_seconds(pids: list[int], *, leave_out: frozenset[int] = frozenset()) -> float:
    """User + system CPU of these processes and of every process below them, from /proc
    (Linux): their children that have exited (counted in the parent) and those still running,
    such as intake's warm sandbox child, which parses every PDF of a process and is only reaped
    when it is replaced or the process ends. Processes in `leave_out` (and theirs) are not
    counted."""
    stats: dict[int, tuple[int, float]] = {}  # pid -> (parent pid, its CPU ticks)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it has just exited
        # ppid; utime stime cutime cstime
        stats[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    total, todo = 0, [pid for pid in pids if pid not in leave_out]
    while todo:
        pid = todo.pop()
        if pid in stats:
            total += stats[pid][1]
        todo.extend(child for child in children.get(pid, ()) if child not in leave_out)
    return total / os.sysconf("SC_CLK_TCK")


def _cpu_parts(pids: list[int]) -> dict[str, float]:
    """CPU seconds of the workers and of the scheduler (the last process started)."""
    *workers, scheduler = pids
    return {"workers": cpu_seconds(workers), "scheduler": cpu_seconds([scheduler])}


def _own_cpu(*, leave_out: frozenset[int] = frozenset()) -> float:
    """This process's CPU and its children's (the sandbox), except the worker and scheduler
    subprocesses (`leave_out`), which are counted on their own."""
    return cpu_seconds([os.getpid()], leave_out=leave_out)


def bare(invoices) -> tuple[float, dict, float]:
    cpu_before = _own_cpu()
    started = time.perf_counter()
    documents = store(invoices)  # storing the PDFs is timed in both runs
    paused, paused_cpu = time.perf_counter(), _own_cpu()
    workflows = _bare_workflows(documents)  # not timed: the bare run has no workflows
    started += time.perf_counter() - paused
    cpu_before += _own_cpu() - paused_cpu
    outcomes = _bare_steps(documents, workflows)
    elapsed, cpu = time.perf_counter() - started, _own_cpu() - cpu_before
    outcomes["findings"] = finding_kinds([doc.pk for doc in documents])
    return elapsed, dict(outcomes), cpu


def bare_in_processes(invoices, warm_up, processes: int) -> tuple[float, dict, float]:
    """The bare loop in `processes` processes at once, each on its share of `invoices`: the
    reference for an orchestrated run with as many workers. On 2 cores, 4 processes (with their
    sandbox children and PostgreSQL backends) take turns on the cores, and the same work costs
    more CPU than in one process (caches, switches); this shows how much of an orchestrated
    run's CPU is that and not the orchestration. Each process first runs its part of `warm_up`
    (not timed), as every orchestrated worker does, then all start together."""
    import pickle
    import subprocess

    if processes == 1:
        return bare(invoices)
    shares = [invoices[k::processes] for k in range(processes)]
    warm = [warm_up[k::processes] for k in range(processes)]
    children = []
    for share, warm_share in zip(shares, warm, strict=True):
        with tempfile.NamedTemporaryFile(prefix="pt-bench-bare-", delete=False) as f:
            pickle.dump((warm_share, share), f)
        children.append(subprocess.Popen(
            [sys.executable, __file__, "--bare-part", f.name],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        ))
    for child in children:
        if child.stdout.readline().strip() != "ready":
            raise SystemExit("a bare process did not start (its error is above)")
    started = time.perf_counter()
    for child in children:
        child.stdin.write("go\n")
        child.stdin.flush()
    parts = [json.loads(child.stdout.readline()) for child in children]
    elapsed = time.perf_counter() - started
    for child in children:
        child.wait()
    outcomes: Counter = Counter()
    for part in parts:
        outcomes.update(part["outcomes"])
    outcomes["findings"] = finding_kinds([pk for part in parts for pk in part["documents"]])
    return elapsed, dict(outcomes), sum(part["cpu"] for part in parts)


def bare_part(path: str) -> None:
    """One process of bare_in_processes (`--bare-part FILE`): warm up, say "ready", wait for
    "go", run the bare loop on its share and print its CPU and outcomes as JSON."""
    import pickle

    with open(path, "rb") as f:
        warm_up, share = pickle.load(f)  # noqa: S301 - the bench's own file, written just now
    os.unlink(path)
    bare(warm_up)
    print("ready", flush=True)
    sys.stdin.readline()
    cpu_before = _own_cpu()
    documents = store(share)
    paused = _own_cpu()
    workflows = _bare_workflows(documents)  # not counted, as in bare()
    resumed = _own_cpu()
    outcomes = _bare_steps(documents, workflows)
    cpu = (paused - cpu_before) + (_own_cpu() - resumed)
    print(json.dumps({
        "cpu": cpu, "outcomes": dict(outcomes), "documents": [d.pk for d in documents],
    }), flush=True)


def _bare_workflows(documents) -> dict[int, int]:
    """A workflow row per document, as the tools' audit rows and the LLM ledger refer to one;
    nothing in the bare run ever changes its state."""
    from agents.orchestrator.models import Workflow

    return {doc.pk: Workflow.objects.get_or_create(document=doc)[0].pk for doc in documents}


def _bare_steps(documents, workflows: dict[int, int]) -> Counter:
    """Each document through the agents' step functions, as the pipeline's events lead, in one
    transaction per step; returns the end states."""
    from django.db import transaction

    from agents.llm.gateway import LLMClient
    from agents.orchestrator.models import Step
    from agents.orchestrator.pipeline import EVENT_STATES, SUBSCRIPTIONS
    from agents.orchestrator.registry import StepContext, get_agent
    from agents.tools.client import ToolClient
    from procurement.models import Invoice

    functions = {name: get_agent(name).resolve() for name in AGENTS}
    outcomes: Counter = Counter()
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
    return outcomes


def query_counts(invoices: list[BenchInvoice]) -> dict:
    """SQL statements per invoice and per step, counted with Django's CaptureQueriesContext on
    a sample run in this process: half the sample through the bare loop, half through the
    orchestrator in-process (no Redis: each job runs right after the commit that enqueued it,
    the same service code a worker runs). Storing the documents is not counted in either.
    Counted apart from the timed runs, because capturing queries costs CPU itself."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from agents.orchestrator.models import Step
    from agents.orchestrator.services import workflow_start

    half = len(invoices) // 2
    bare_sample, orchestrated_sample = invoices[:half], invoices[half:]
    bare_documents = store(bare_sample)
    workflows = _bare_workflows(bare_documents)
    with CaptureQueriesContext(connection) as bare_queries:
        _bare_steps(bare_documents, workflows)
    documents = store(orchestrated_sample)
    with override_settings(REDIS_URL=""), CaptureQueriesContext(connection) as orch_queries:
        for document in documents:
            workflow_start(document=document)
    steps = Step.objects.filter(workflow__document__in=documents).count()
    bare_per_invoice = len(bare_queries) / len(bare_sample)
    orch_per_invoice = len(orch_queries) / len(documents)
    steps_per_invoice = steps / len(documents)
    return {
        "sample": len(invoices),
        "steps_per_invoice": round(steps_per_invoice, 2),
        "bare_per_invoice": round(bare_per_invoice, 1),
        "orchestrated_per_invoice": round(orch_per_invoice, 1),
        "orchestration_per_step": round(
            (orch_per_invoice - bare_per_invoice) / steps_per_invoice, 1
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=200, help="invoices per run (default 200)")
    parser.add_argument("--workers", default="1,2,4",
                        help="worker processes of each orchestrated run, comma-separated")
    parser.add_argument("--every", type=int, default=4,
                        help="every k-th invoice has a price discrepancy (0: none)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of runs, each compared with the bare runs around it")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--query-sample", type=int, default=16,
                        help="invoices of the in-process run that counts SQL statements")
    parser.add_argument("--bare-part", help=argparse.SUPPRESS)  # bare_in_processes' children
    args = parser.parse_args()
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]

    # As in production, DEBUG is off (in both runs): Django's debug cursor would otherwise time
    # and keep every SQL statement.
    for name, value in {
        "DEBUG": "false", "SECRET_KEY": "bench-only-not-secret", "ALLOWED_HOSTS": "localhost",
    }.items():
        os.environ.setdefault(name, value)
    env = bench_environment(REDIS_DB, LLM_PROVIDER="rules")
    import django

    django.setup()
    if args.bare_part:
        bare_part(args.bare_part)
        return
    from procurement.demo import seed_demo

    reset_database_and_redis()
    seed_demo(pdf_dir=Path(tempfile.mkdtemp(prefix="pt-bench-demo-")))

    # Bare runs and orchestrated runs take turns, and each orchestrated run is compared with the
    # bare runs just before and after it: the speed of a shared VM drifts by 10% and more within
    # minutes, as much as the overhead being measured (README, "Cheaper steps").
    rounds = args.rounds
    parallel = sorted({1, *worker_counts})  # the bare loop in 1 process, and in as many as workers
    t0 = time.perf_counter()
    warm_up_sizes = [
        WARM_UP_PER_WORKER * k for _ in range(rounds + 1) for k in parallel if k > 1
    ] + [WARM_UP_PER_WORKER * w for _ in range(rounds) for w in worker_counts]
    runs = (rounds + 1) * len(parallel) + rounds * len(worker_counts)
    invoices = invoice_specs(
        runs * args.n + args.query_sample + sum(warm_up_sizes), every=args.every
    )
    create_orders(invoices)
    sample, invoices = invoices[: args.query_sample], invoices[args.query_sample :]
    batches = [invoices[k * args.n : (k + 1) * args.n] for k in range(runs)]
    spare = invoices[runs * args.n :]

    def next_warm_up(count: int) -> list:
        nonlocal spare
        taken, spare = spare[:count], spare[count:]
        return taken

    mix = Counter(i.expected for i in batches[0])
    print(f"rendered {len(invoices) + len(sample)} distinct demo invoices, each with its "
          f"own PO and receipts, in {time.perf_counter() - t0:.1f} s (not timed); "
          f"each run: {dict(mix)}")
    print(f"database {env['DATABASE_URL']}, redis {env['REDIS_URL']}, LLM provider rules, "
          f"{os.cpu_count()} cores; {rounds} round(s): bare runs (1 process, and as many "
          f"processes as each worker count), one orchestrated run per worker count, and bare "
          f"runs again at the end")

    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

    queries = query_counts(sample) if args.query_sample >= 2 else {}
    if queries:
        print(f"SQL statements (in-process sample of {queries['sample']}, storing not counted): "
              f"bare {queries['bare_per_invoice']} per invoice, orchestrated "
              f"{queries['orchestrated_per_invoice']} per invoice, "
              f"{queries['steps_per_invoice']} steps per invoice: the orchestration's "
              f"{queries['orchestration_per_step']} per step")

    def bare_runs() -> dict[int, dict]:
        found = {}
        for processes in parallel:
            warm_up = next_warm_up(WARM_UP_PER_WORKER * processes) if processes > 1 else []
            seconds, outcomes, cpu = bare_in_processes(batches.pop(0), warm_up, processes)
            found[processes] = {
                "processes": processes, "seconds": round(seconds, 2),
                "invoices_per_s": round(args.n / seconds, 3),
                "cpu_ms_per_invoice": round(1000 * cpu / args.n, 1), "states": outcomes,
            }
            print(f"bare:         {args.n} invoices, {processes} process(es), no queue, no "
                  f"workflow state, {seconds:.2f} s, {args.n / seconds:.2f} invoices/s, CPU "
                  f"{1000 * cpu / args.n:.1f} ms per invoice; end states {outcomes}")
        return found

    bares = [bare_runs()]
    results = []
    for _ in range(rounds):
        this_round = []
        for workers in worker_counts:
            orch_s, orch_states, orch_steps = orchestrated(
                batches.pop(0), next_warm_up(WARM_UP_PER_WORKER * workers), workers,
                args.timeout, env,
            )
            orch_cpu = orch_steps.pop("cpu_s")
            orch_parts = orch_steps.pop("cpu_parts_s")
            result = {
                "workers": workers, "seconds": round(orch_s, 2),
                "invoices_per_s": round(args.n / orch_s, 3),
                "cpu_ms_per_invoice": round(1000 * orch_cpu / args.n, 1),
                "cpu_parts_ms_per_invoice": {
                    name: round(1000 * seconds / args.n, 1)
                    for name, seconds in orch_parts.items()
                },
                "states": orch_states, **orch_steps,
            }
            this_round.append(result)
            print(f"orchestrated: {args.n} invoices, {workers} worker(s) + scheduler, "
                  f"{orch_s:.2f} s, {args.n / orch_s:.2f} invoices/s, CPU "
                  f"{result['cpu_ms_per_invoice']} ms per invoice "
                  f"({result['cpu_parts_ms_per_invoice']}); end states {orch_states}; "
                  f"{orch_steps}")
        bares.append(bare_runs())
        # Against the mean of the bare runs on either side of this round's orchestrated runs.
        for result in this_round:
            def around(processes: int) -> float:
                return sum(b[processes]["cpu_ms_per_invoice"] for b in bares[-2:]) / 2

            one, same = around(1), around(result["workers"])
            result["bare_cpu_ms_per_invoice"] = round(one, 1)
            result["overhead_pct"] = round(100 * (result["cpu_ms_per_invoice"] / one - 1), 1)
            result["bare_same_processes_cpu_ms_per_invoice"] = round(same, 1)
            result["overhead_same_processes_pct"] = round(
                100 * (result["cpu_ms_per_invoice"] / same - 1), 1
            )
        results.extend(this_round)

    print()
    print("CPU per invoice of the Python processes (PostgreSQL and Redis not counted). "
          "Orchestration overhead = orchestrated CPU / bare CPU - 1 (goal: at most 20%), against "
          "the mean of the bare runs just before and after: in 1 process, and in as many "
          "processes as workers. The median of the rounds, then each round's.")
    print(f"{'':>8} {'invoices/s':>11} {'CPU ms/invoice':>15} {'overhead':>9} "
          f"{'vs same':>8}   rounds (overhead; vs the bare loop in as many processes)")
    for processes in parallel:
        cpu = [b[processes]["cpu_ms_per_invoice"] for b in bares]
        rate = median([b[processes]["invoices_per_s"] for b in bares])
        label = f"bare x{processes}"
        print(f"{label:>8} {rate:>11.2f} {median(cpu):>15.1f} {'':>9} {'':>8}   "
              + " ".join(f"{c:.1f}" for c in cpu))
    summary = []
    for workers in worker_counts:
        of = [r for r in results if r["workers"] == workers]
        row = {
            "workers": workers,
            "invoices_per_s": round(median([r["invoices_per_s"] for r in of]), 2),
            "cpu_ms_per_invoice": round(median([r["cpu_ms_per_invoice"] for r in of]), 1),
            "overhead_pct": round(median([r["overhead_pct"] for r in of]), 1),
            "overhead_same_processes_pct": round(
                median([r["overhead_same_processes_pct"] for r in of]), 1
            ),
        }
        summary.append(row)
        label = f"{workers} wkr"
        print(f"{label:>8} {row['invoices_per_s']:>11.2f} {row['cpu_ms_per_invoice']:>15.1f} "
              f"{row['overhead_pct']:>8.0f}% {row['overhead_same_processes_pct']:>7.0f}%   "
              + " ".join(
                  f"{r['overhead_pct']:.0f}%;{r['overhead_same_processes_pct']:.0f}%" for r in of
              ))
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(json.dumps({
        "n": args.n, "cores": os.cpu_count(), "rounds": rounds, "queries": queries,
        "bare": [list(b.values()) for b in bares], "summary": summary, "orchestrated": results,
    }))


if __name__ == "__main__":
    main()
