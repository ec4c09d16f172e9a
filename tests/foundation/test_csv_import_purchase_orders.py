"""Importing purchase orders from CSV, one row per order line."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from procurement.imports import PURCHASE_ORDERS, csv_import
from procurement.models import PurchaseOrder, PurchaseOrderLine, Vendor
from tests.foundation.csv_files import csv_bytes

HEADER = ("po_number,vendor,issued_on,currency,status,line_no,sku,description,quantity,"
          "unit_price,unit_of_measure,tax_rate")


def test_it_imports_orders_with_their_lines(acme):
    content = csv_bytes(
        HEADER,
        "PO-7,Acme Industrial Supplies GmbH,2025-03-14,EUR,open,1,BOLT-M8,Bolt,500,0.1234,EA,19",
        "PO-7,Acme Industrial Supplies GmbH,2025-03-14,EUR,open,2,NUT-M8,Hex nut,500.5,0.05,KG,7",
        "PO-8,DE123456789,2025-03-15,,closed,1,,Consulting,8,95,H,",
    )

    report = csv_import(kind=PURCHASE_ORDERS, content=content)

    assert report.ok, report.errors
    assert report.summary() == ("Imported 3 rows of purchase orders. purchase orders: 2 created, "
                                "0 updated, 0 unchanged; order lines: 3 created, 0 updated, "
                                "0 unchanged.")
    po7 = PurchaseOrder.objects.get(number="PO-7")
    assert (po7.vendor, po7.issued_on, po7.currency, po7.status) == (
        acme, dt.date(2025, 3, 14), "EUR", "open")
    second = po7.lines.get(line_no=2)
    assert (second.sku, second.quantity, second.unit_price, second.unit_of_measure,
            second.tax_rate) == ("NUT-M8", Decimal("500.5"), Decimal("0.05"), "KG", Decimal("7"))
    po8 = PurchaseOrder.objects.get(number="PO-8")
    assert (po8.vendor, po8.status, po8.currency) == (acme, "closed", "EUR")  # vendor's currency
    assert po8.lines.get().tax_rate == Decimal("0")


def test_it_changes_nothing_when_the_same_file_is_imported_twice(acme):
    content = csv_bytes(HEADER, "PO-7,Acme Industrial Supplies GmbH,2025-03-14,EUR,open,1,B,"
                                "Bolt,500,0.12,EA,19")
    csv_import(kind=PURCHASE_ORDERS, content=content)

    again = csv_import(kind=PURCHASE_ORDERS, content=content)

    assert again.ok
    assert dict(again.counts) == {("purchase orders", "unchanged"): 1,
                                  ("order lines", "unchanged"): 1}
    assert PurchaseOrderLine.objects.count() == 1


def test_it_updates_a_line_by_po_number_and_line_no_and_keeps_other_lines(acme_order):
    content = csv_bytes(
        "po_number,vendor,issued_on,line_no,description,quantity,unit_price",
        "PO-1,Acme Industrial Supplies GmbH,2025-03-01,2,Hex nut M8,600,0.05",
    )

    report = csv_import(kind=PURCHASE_ORDERS, content=content)

    assert report.ok, report.errors
    assert report.counts["order lines", "updated"] == 1
    assert acme_order.lines.get(line_no=2).quantity == Decimal("600")
    assert acme_order.lines.get(line_no=1).quantity == Decimal("500")  # not in the file: kept


def test_it_reads_decimal_commas_in_semicolon_files(acme):
    content = csv_bytes(
        "po_number;vendor;issued_on;line_no;description;quantity;unit_price",
        "PO-9;Acme Industrial Supplies GmbH;2025-03-14;1;Schrauben, verzinkt;1,5;12,50",
    )

    report = csv_import(kind=PURCHASE_ORDERS, content=content)

    assert report.ok, report.errors
    line = PurchaseOrderLine.objects.get()
    assert (line.description, line.quantity, line.unit_price) == (
        "Schrauben, verzinkt", Decimal("1.5"), Decimal("12.50"))


def test_it_reports_bad_numbers_dates_and_negative_quantities_by_row_and_column(acme):
    content = csv_bytes(
        HEADER,
        "PO-7,Acme Industrial Supplies GmbH,2025-03-14,EUR,open,1,,Bolt,500,0.12,EA,19",
        "PO-7,Acme Industrial Supplies GmbH,2025-03-14,EUR,open,2,,Nut,500,0.05,EA,19",
        "PO-8,Acme Industrial Supplies GmbH,14/03/2025,EUR,pending,1,,Nut,-2,0.05,EA,19",
        "PO-8,Acme Industrial Supplies GmbH,2025-03-14,EUR,open,x,,Nut,2,0.05,EA,19",
        "PO-9,Acme Industrial Supplies GmbH,2025-03-14,EUR,open,1,,Washer,2,\"12,5O\",EA,19",
        "PO-9,Acme Industrial Supplies GmbH,2025-03-14,EUR,open,2,,,2,1.00001,EA,19",
    )

    report = csv_import(kind=PURCHASE_ORDERS, content=content)

    assert [str(e) for e in report.errors] == [
        'row 4, issued_on: "14/03/2025" is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14',
        'row 4, status: "pending" is not one of: open, closed, cancelled',
        'row 4, quantity: "-2" is negative; a quantity cannot be below zero',
        'row 5, line_no: "x" is not a whole number',
        'row 6, unit_price: "12,5O" is not a number',
        "row 7, description: is empty, but it is required",
        'row 7, unit_price: "1.00001" has 5 decimal places; at most 4 are kept',
    ]
    assert not PurchaseOrder.objects.exists()


def test_it_refuses_an_unknown_vendor_and_a_po_moving_to_another_vendor(acme_order):
    Vendor.objects.create(legal_name="Beta Ltd")
    content = csv_bytes(
        "po_number,vendor,issued_on,line_no,description,quantity,unit_price",
        "PO-2,Nobody Inc,2025-03-14,1,Bolt,1,1",
        "PO-1,Beta Ltd,2025-03-01,1,Hex bolt M8,500,0.12",
    )

    report = csv_import(kind=PURCHASE_ORDERS, content=content)

    assert [str(e) for e in report.errors] == [
        'row 2, vendor: no vendor on file has the legal name or tax id "Nobody Inc"; import the '
        "vendor first",
        'row 3, vendor: PO PO-1 is on file for "Acme Industrial Supplies GmbH"; an import cannot '
        'move it to "Beta Ltd"',
    ]


def test_it_refuses_lines_of_one_order_that_disagree_or_repeat(acme):
    content = csv_bytes(
        "po_number,vendor,issued_on,line_no,description,quantity,unit_price",
        "PO-7,Acme Industrial Supplies GmbH,2025-03-14,1,Bolt,1,1",
        "PO-7,Acme Industrial Supplies GmbH,2025-03-15,2,Nut,1,1",
        "PO-7,Acme Industrial Supplies GmbH,2025-03-14,1,Bolt again,1,1",
    )

    report = csv_import(kind=PURCHASE_ORDERS, content=content)

    assert [str(e) for e in report.errors] == [
        'row 3, issued_on: "2025-03-15" differs from row 2 ("2025-03-14") for the same PO PO-7',
        "row 4, line_no: this PO line appears twice: also on row 2",
    ]
    assert not PurchaseOrder.objects.exists()
