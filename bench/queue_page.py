"""Server time of the clerk's queue and case pages over 100,000 invoices with findings.

Usage:
    python bench/queue_page.py [--invoices 100000] [--requests 200]

Seeds a PostgreSQL database (DATABASE_URL, default pt_bench_queue, created if missing, emptied
first) with N documents, each with an invoice, two lines, findings, a workflow and its case, in
the proportions of a busy AP team: a quarter need a clerk. Cases are written in bulk with the
values case_sync computes (state from the workflow, open finding kinds, queue columns); a sample
is then re-synced with case_sync and must come out unchanged, so the bench measures the tables the
product really writes. Then it times, with Django's test client in this process (the whole view:
middleware, session, queries, templates; no network), the queue unfiltered, filtered (finding
kind + unassigned; vendor), searched (invoice number; vendor name), and case pages, and prints
the median and p95 of each in milliseconds (wall clock), the median CPU time the web process
spent (what the page costs us, whatever else runs on the machine), and the queries each page ran.
The load average is printed with the figures: on a shared machine the wall clock includes
waiting for a CPU.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@localhost:5432/pt_bench_queue")

from _common import bench_environment  # noqa: E402

BATCH = 5_000
STATES = [  # (workflow state, share)
    ("approved", 0.60), ("exception", 0.22), ("needs_human", 0.03),
    ("awaiting_approval", 0.05), ("sent", 0.03), ("on_hold", 0.02),
    ("rejected", 0.03), ("closed", 0.02),
]


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed(n: int) -> None:
    from django.core.management import call_command

    from agents.orchestrator.models import Workflow
    from procurement.cases import CASE_STATE_OF_WORKFLOW
    from procurement.models import Case, Document, Finding, Invoice, InvoiceLine, Vendor

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(7)
    vendors = Vendor.objects.bulk_create(
        Vendor(legal_name=f"Vendor {i:03d} {rng.choice(['GmbH', 'Ltd', 'SA', 'Inc'])}",
               tax_id=f"DE{100000000 + i}") for i in range(200)
    )
    kinds = [k for k in Finding.Kind.values if k not in ("unreadable",)]
    weights = [w for _, w in STATES]
    today = date(2026, 3, 1)
    started = time.monotonic()
    for start in range(0, n, BATCH):
        count = min(BATCH, n - start)
        documents = Document.objects.bulk_create(
            Document(sha256=f"{start + i:064x}", original_filename=f"inv-{start + i}.pdf",
                     storage_path=f"bench/{start + i}.pdf", source=Document.Source.INBOX,
                     size_bytes=40_000, status=Document.Status.PARSED)
            for i in range(count)
        )
        states = rng.choices([s for s, _ in STATES], weights, k=count)
        invoices, plans = [], []
        for i, (document, state) in enumerate(zip(documents, states, strict=True)):
            vendor = rng.choice(vendors)
            total = Decimal(rng.randint(5_000, 5_000_000)) / 100
            held = state not in ("approved",)
            invoices.append(Invoice(
                document=document, vendor=vendor, vendor_name=vendor.legal_name,
                invoice_number=f"INV-{start + i:07d}", po_number=f"PO-{rng.randint(1, 40000):06d}",
                currency="EUR", subtotal=total, tax=Decimal("0"), total=total,
                invoice_date=today - timedelta(days=rng.randint(0, 90)),
                due_date=today + timedelta(days=rng.randint(-10, 60)),
                status=Invoice.Status.EXCEPTION if held else Invoice.Status.MATCHED,
            ))
            plans.append(rng.sample(kinds, rng.choice((1, 1, 2, 3))) if held else [])
        invoices = Invoice.objects.bulk_create(invoices)
        InvoiceLine.objects.bulk_create(
            InvoiceLine(invoice=invoice, line_no=line_no, description=f"Item {line_no}",
                        quantity=Decimal("10"), unit_price=invoice.total / 20,
                        amount=invoice.total / 2)
            for invoice in invoices for line_no in (1, 2)
        )
        Finding.objects.bulk_create(
            Finding(invoice=invoice, kind=kind, message=f"{kind} on {invoice.invoice_number}",
                    expected="1.00", actual="1.10")
            for invoice, planned in zip(invoices, plans, strict=True) for kind in planned
        )
        Workflow.objects.bulk_create(
            Workflow(document=document, state=state)
            for document, state in zip(documents, states, strict=True)
        )
        now = time.time()
        Case.objects.bulk_create(
            Case(
                document=document, invoice=invoice, state=CASE_STATE_OF_WORKFLOW[state],
                vendor=invoice.vendor, vendor_name=invoice.vendor_name,
                invoice_number=invoice.invoice_number, po_number=invoice.po_number,
                currency="EUR", total=invoice.total, due_date=invoice.due_date,
                finding_kinds=sorted(planned),
                search_text=" ".join([invoice.vendor_name, invoice.vendor_name,
                                      invoice.invoice_number, invoice.po_number]).lower(),
                received_at=document.created_at - timedelta(days=rng.randint(0, 40)),
                updated_at=document.created_at,
            )
            for document, invoice, state, planned in zip(documents, invoices, states, plans,
                                                          strict=True)
        )
        print(f"  seeded {start + count:,} invoices ({time.time() - now:.1f} s batch)",
              file=sys.stderr)
    print(f"seeded {n:,} invoices in {time.monotonic() - started:.0f} s", file=sys.stderr)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def check_sample() -> None:
    """Cases written in bulk must be what case_sync computes (fields the queue reads)."""
    from procurement.cases import case_sync
    from procurement.models import Case

    fields = ("state", "vendor_name", "invoice_number", "total", "due_date", "finding_kinds")
    for case in Case.objects.order_by("?")[:200]:
        synced = case_sync(document_id=case.document_id)
        differs = [f for f in fields if getattr(synced, f) != getattr(case, f)]
        if differs:
            raise SystemExit(f"case {case.pk}: bulk values differ from case_sync in {differs}")


def measure(client, url: str, requests: int) -> tuple[float, float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):  # warm caches (templates, the query plan, the session)
        assert client.get(url).status_code == 200, url
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return (statistics.median(times), times[int(len(times) * 0.95) - 1], statistics.median(cpu),
            len(queries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--no-seed", action="store_true", help="reuse the seeded database")
    args = parser.parse_args()
    bench_environment(redis_db=14, REDIS_URL="", ALLOWED_HOSTS="testserver")
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from procurement.models import Case
    from procurement.roles import CLERK

    if args.no_seed:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    else:
        seed(args.invoices)
        check_sample()
    clerk, _ = get_user_model().objects.get_or_create(username="bench.clerk")
    clerk.groups.add(Group.objects.get(name=CLERK))
    client = Client()
    client.force_login(clerk)
    held = list(Case.objects.filter(state="needs_clerk").values_list("pk", flat=True)[:500])
    some_case = Case.objects.get(pk=held[len(held) // 2])
    pages = [
        ("queue, unfiltered", "/cases/"),
        ("queue, filtered: kind + unassigned", "/cases/?kind=price_variance&assignee=unassigned"),
        ("queue, filtered: vendor", f"/cases/?vendor={some_case.vendor_id}"),
        ("queue, searched: invoice number", f"/cases/?q={some_case.invoice_number.lower()}"),
        ("queue, searched: vendor name", "/cases/?q=vendor 042"),
        ("queue, page 40", "/cases/?page=40"),
        ("case page", f"/cases/{some_case.pk}/"),
    ]
    waiting = Case.objects.filter(state="needs_clerk").count()
    print(f"{Case.objects.count():,} cases, {waiting:,} needing a clerk; "
          f"{args.requests} requests each, server time in ms; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'page':38} {'median':>8} {'p95':>8} {'web CPU':>8} {'queries':>8}")
    for label, url in pages:
        median, p95, cpu, queries = measure(client, url, args.requests)
        print(f"{label:38} {median:8.1f} {p95:8.1f} {cpu:8.1f} {queries:8d}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
