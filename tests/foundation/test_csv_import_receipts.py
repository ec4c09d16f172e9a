"""Importing goods receipts from CSV, one row per received PO line."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from procurement.imports import RECEIPTS, csv_import
from procurement.models import GoodsReceipt, GoodsReceiptLine, PurchaseOrder
from tests.foundation.csv_files import csv_bytes

HEADER = "receipt_number,po_number,received_on,received_by,line_no,quantity_received"


def test_it_imports_receipts_against_po_lines(acme_order):
    content = csv_bytes(
        HEADER,
        "GR-1,PO-1,2025-03-21,Warehouse Nord,1,500",
        "GR-1,PO-1,2025-03-21,Warehouse Nord,2,480.5",
    )

    report = csv_import(kind=RECEIPTS, content=content)

    assert report.ok, report.errors
    receipt = GoodsReceipt.objects.get()
    assert (receipt.number, receipt.order, receipt.received_on, receipt.received_by) == (
        "GR-1", acme_order, dt.date(2025, 3, 21), "Warehouse Nord")
    assert acme_order.received_quantities() == {
        acme_order.lines.get(line_no=1).pk: Decimal("500"),
        acme_order.lines.get(line_no=2).pk: Decimal("480.5"),
    }


def test_it_updates_by_receipt_number_and_po_line_on_reimport(acme_order):
    csv_import(kind=RECEIPTS, content=csv_bytes(HEADER, "GR-1,PO-1,2025-03-21,,1,400"))

    same = csv_import(kind=RECEIPTS, content=csv_bytes(HEADER, "GR-1,PO-1,2025-03-21,,1,400"))
    corrected = csv_import(kind=RECEIPTS, content=csv_bytes(HEADER, "GR-1,PO-1,2025-03-21,,1,450"))

    assert same.counts["receipt lines", "unchanged"] == 1
    assert corrected.counts["receipt lines", "updated"] == 1
    assert GoodsReceiptLine.objects.get().quantity_received == Decimal("450")


def test_it_refuses_unknown_orders_lines_and_negative_quantities(acme_order):
    content = csv_bytes(
        HEADER,
        "GR-1,PO-404,2025-03-21,,1,5",
        "GR-2,PO-1,2025-03-21,,3,5",
        "GR-3,PO-1,2025-03-21,,1,-5",
    )

    report = csv_import(kind=RECEIPTS, content=content)

    assert [str(e) for e in report.errors] == [
        'row 2, po_number: no purchase order "PO-404" is on file; import it first',
        "row 3, line_no: PO PO-1 has no line 3",
        'row 4, quantity_received: "-5" is negative; a quantity cannot be below zero',
    ]
    assert not GoodsReceipt.objects.exists()


def test_it_refuses_moving_a_receipt_to_another_order(acme_order):
    other = PurchaseOrder.objects.create(number="PO-2", vendor=acme_order.vendor,
                                         issued_on=dt.date(2025, 3, 2))
    other.lines.create(line_no=1, description="Washer", quantity=1, unit_price=1)
    csv_import(kind=RECEIPTS, content=csv_bytes(HEADER, "GR-1,PO-1,2025-03-21,,1,5"))

    report = csv_import(kind=RECEIPTS, content=csv_bytes(HEADER, "GR-1,PO-2,2025-03-21,,1,5"))

    assert [str(e) for e in report.errors] == [
        "row 2, po_number: receipt GR-1 is on file for PO PO-1; an import cannot move it to "
        "PO PO-2"
    ]
    assert GoodsReceipt.objects.get().order == acme_order
