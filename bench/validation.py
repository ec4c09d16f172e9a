"""Validation throughput and database queries per invoice, against POs with history.

Usage:
    DATABASE_URL=postgres://.../pt_bench python bench/validation.py [--invoices 20] [--history 3]

For each configuration, builds one purchase order per invoice (LINES lines, all received), bills
it `history` times already (earlier invoices, validated), then validates N fresh invoices of
LINES lines each through the validation agent's own tools (the in-line re-run the clerk's desk
uses, so every tool call is audited as in production) and prints invoices per second and the
queries each validation took. Queries must not grow with the number of lines or of earlier
invoices: the three configurations print the same count. The database is flushed first.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from decimal import Decimal as D
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_environment, reset_database_and_redis  # noqa: E402

_serial = iter(range(1, 10**9))


def build_order(vendor, lines: int):
    from procurement.models import (
        GoodsReceipt,
        GoodsReceiptLine,
        PurchaseOrder,
        PurchaseOrderLine,
    )

    n = next(_serial)
    order = PurchaseOrder.objects.create(number=f"PO-B{n:06d}", vendor=vendor,
                                         issued_on=dt.date(2026, 1, 5))
    po_lines = PurchaseOrderLine.objects.bulk_create(
        # SKUs of their own per order, so bench invoices are not each other's "same lines"
        PurchaseOrderLine(order=order, line_no=i, sku=f"{order.number}-{i:03d}",
                          description=f"Part {i}, steel, {i} mm", quantity=D("100"),
                          unit_price=D("2.50"), tax_rate=D("19"))
        for i in range(1, lines + 1)
    )
    receipt = GoodsReceipt.objects.create(number=f"GR-B{n:06d}", order=order,
                                          received_on=dt.date(2026, 1, 9))
    GoodsReceiptLine.objects.bulk_create(
        GoodsReceiptLine(receipt=receipt, po_line=line, quantity_received=D("100"))
        for line in po_lines
    )
    return order


def receive_invoice(order, lines: int, quantity: int) -> int:
    """A document and the invoice intake would have read from it; returns the document id."""
    from agents.orchestrator.models import Workflow
    from procurement.services import document_store, invoice_save_extraction

    n = next(_serial)
    document = document_store(content=f"%PDF-1.4 bench {n}".encode(), filename=f"b{n}.pdf",
                              source="cli").document
    Workflow.objects.create(document=document)
    rows = [{"line_no": i, "sku": f"{order.number}-{i:03d}",
             "description": f"Part {i}, steel, {i} mm",
             "quantity": D(quantity), "unit_price": D("2.50"),
             "amount": D(quantity) * D("2.50"), "confidence": {}}
            for i in range(1, lines + 1)]
    subtotal = sum(row["amount"] for row in rows)
    tax = (subtotal * D("0.19")).quantize(D("0.01"))
    invoice_save_extraction(document_id=document.pk, lines=rows, fields={
        "vendor_name": "Bench Components GmbH", "vendor_tax_id": "DE136695976",
        "invoice_number": f"B-{n}",
        # a month apart: never "the same total within a few days"
        "invoice_date": dt.date(2026, 2, 1) + dt.timedelta(days=30 * n),
        "currency": "EUR", "po_number": order.number, "subtotal": subtotal, "tax": tax,
        "total": subtotal + tax, "iban": "DE89370400440532013000",
    })
    return document.pk


def run(vendor, *, invoices: int, lines: int, history: int) -> tuple[float, list[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agents.orchestrator.revalidation import invoice_revalidate

    fresh = []
    for _ in range(invoices):
        order = build_order(vendor, lines)
        for _ in range(history):
            invoice_revalidate(document_id=receive_invoice(order, lines, quantity=history + 1))
        fresh.append(receive_invoice(order, lines, quantity=1))
    queries, kinds = [], set()
    started = time.perf_counter()
    for document_id in fresh:
        with CaptureQueriesContext(connection) as captured:
            kinds.update(invoice_revalidate(document_id=document_id, by="bench")["kinds"])
        queries.append(len(captured))
    elapsed = time.perf_counter() - started
    if kinds:
        raise SystemExit(f"the bench invoices should pass validation, got {sorted(kinds)}")
    return elapsed, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=20)
    parser.add_argument("--history", type=int, default=3)
    parser.add_argument("--lines", type=int, default=50)
    args = parser.parse_args()

    bench_environment(redis_db=14, LLM_PROVIDER="rules")
    import django

    django.setup()
    reset_database_and_redis()
    from procurement.models import Vendor

    vendor = Vendor.objects.create(legal_name="Bench Components GmbH", tax_id="DE136695976",
                                   iban="DE89370400440532013000", currency="EUR")
    print(f"{args.invoices} invoices per configuration, PostgreSQL, validation in-line")
    for lines, history in ((5, 0), (args.lines, 0), (args.lines, args.history)):
        elapsed, queries = run(vendor, invoices=args.invoices, lines=lines, history=history)
        print(
            f"  {lines:3d} lines, {history} earlier invoices per PO: "
            f"{args.invoices / elapsed:6.1f} invoices/s, "
            f"{statistics.mean(queries):.0f} queries per invoice "
            f"(min {min(queries)}, max {max(queries)})"
        )


if __name__ == "__main__":
    main()
