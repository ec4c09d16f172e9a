"""What a CSV file may look like: BOM or not, `,` or `;`, and a header naming known columns."""
from __future__ import annotations

import csv
import io

import pytest

from procurement.imports import (
    COLUMNS,
    KINDS,
    PURCHASE_ORDERS,
    RECEIPTS,
    VENDORS,
    csv_import,
    csv_template,
)
from procurement.models import GoodsReceipt, PurchaseOrder, Vendor
from tests.foundation.csv_files import csv_bytes


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_it_accepts_utf8_with_or_without_bom_and_either_delimiter(db, bom, delimiter):
    content = csv_bytes(delimiter.join(["Legal Name", "tax_id"]),
                        delimiter.join(["Müller & Söhne KG", "DE1"]), bom=bom)

    report = csv_import(kind=VENDORS, content=content)

    assert report.ok, report.errors
    assert Vendor.objects.get().legal_name == "Müller & Söhne KG"


def test_it_refuses_unknown_and_missing_headers_naming_them(db):
    report = csv_import(kind=PURCHASE_ORDERS,
                        content=csv_bytes("po_number,vendor,colour", "PO-1,Acme,red"))

    messages = [str(e) for e in report.errors]
    assert messages[0].startswith("row 1, colour: unknown column; the columns for purchase "
                                  "orders are: po_number, vendor, issued_on,")
    assert messages[1:] == [
        f"row 1, {name}: required column is missing from the first row"
        for name in ("issued_on", "line_no", "description", "quantity", "unit_price")
    ]
    assert not PurchaseOrder.objects.exists()


def test_it_refuses_a_file_that_is_not_utf8(db):
    report = csv_import(kind=VENDORS, content="legal_name\nMüller\n".encode("latin-1"))

    assert [str(e) for e in report.errors] == [
        'file: the file is not UTF-8 text; in Excel, save it as "CSV UTF-8 (Comma delimited)"'
    ]


def test_it_refuses_an_empty_file_and_a_header_without_rows(db):
    assert [str(e) for e in csv_import(kind=RECEIPTS, content=b"").errors] == [
        "file: the file is empty; the first row must name the columns"
    ]
    header_only = csv_bytes("receipt_number,po_number,received_on,line_no,quantity_received")
    assert [str(e) for e in csv_import(kind=RECEIPTS, content=header_only).errors] == [
        "file: the file has a header row but no data rows"
    ]
    assert not GoodsReceipt.objects.exists()


def test_it_counts_rows_as_a_spreadsheet_does_skipping_blank_lines(db):
    content = csv_bytes("legal_name,currency", "Acme,EUR", ",", '"Beta\nLimited",EUR', "Gamma,EU")

    report = csv_import(kind=VENDORS, content=content)

    assert [str(e) for e in report.errors] == [
        'row 5, currency: "EU" is not a currency code; use the three-letter ISO 4217 code, '
        "e.g. EUR, USD, GBP"
    ]


def test_it_refuses_a_row_with_more_cells_than_columns(db):
    report = csv_import(kind=VENDORS, content=csv_bytes("legal_name,tax_id", "Acme,DE1,extra"))

    assert [str(e) for e in report.errors] == [
        "row 2: has 3 cells but the first row names 2 columns"
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_it_offers_a_template_with_every_column(kind):
    rows = list(csv.reader(io.StringIO(csv_template(kind=kind))))

    assert rows[0] == [column.name for column in COLUMNS[kind]]
    assert len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows)


def test_it_imports_its_own_templates_in_order(db):
    for kind in (VENDORS, PURCHASE_ORDERS, RECEIPTS):
        report = csv_import(kind=kind, content=csv_template(kind=kind).encode())
        assert report.ok, (kind, report.errors)

    assert GoodsReceipt.objects.get().order.vendor.account_manager.name == "Maria Keller"
