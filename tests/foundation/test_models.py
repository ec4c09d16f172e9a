"""Rules the database itself keeps, whatever code writes to it."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from procurement.models import (
    Document,
    GoodsReceipt,
    GoodsReceiptLine,
    Invoice,
    PurchaseOrderLine,
    Vendor,
)


def _document(sha: str) -> Document:
    return Document.objects.create(sha256=sha * 64, original_filename=f"{sha}.pdf",
                                   storage_path=f"{sha}.pdf", source=Document.Source.UPLOAD,
                                   size_bytes=1)


def test_it_refuses_a_second_document_with_the_same_sha256(db):
    _document("a")

    with pytest.raises(IntegrityError), transaction.atomic():
        _document("a")

    assert Document.objects.count() == 1


def test_it_refuses_a_second_live_invoice_with_the_same_vendor_and_number(acme):
    Invoice.objects.create(document=_document("a"), vendor=acme, invoice_number="INV-1")

    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(document=_document("b"), vendor=acme, invoice_number="INV-1")


def test_it_keeps_a_resent_invoice_marked_as_duplicate_of_the_first(acme):
    first = Invoice.objects.create(document=_document("a"), vendor=acme, invoice_number="INV-1")

    copy = Invoice.objects.create(document=_document("b"), vendor=acme, invoice_number="INV-1",
                                  duplicate_of=first)

    assert list(first.duplicates.all()) == [copy]


def test_it_allows_the_same_invoice_number_from_another_vendor_or_an_unknown_one(acme):
    beta = Vendor.objects.create(legal_name="Beta Ltd")
    Invoice.objects.create(document=_document("a"), vendor=acme, invoice_number="1001")

    Invoice.objects.create(document=_document("b"), vendor=beta, invoice_number="1001")
    Invoice.objects.create(document=_document("c"), vendor=None, invoice_number="1001")
    Invoice.objects.create(document=_document("d"), vendor=None, invoice_number="1001")

    assert Invoice.objects.filter(invoice_number="1001").count() == 4


def test_it_stores_and_reads_money_back_as_exact_decimals(acme):
    Invoice.objects.create(document=_document("a"), vendor=acme, invoice_number="INV-1",
                           subtotal=Decimal("0.10"), tax=Decimal("0.20"), total=Decimal("0.30"))
    Invoice.objects.create(document=_document("b"), vendor=acme, invoice_number="INV-2",
                           subtotal=Decimal("999999999999.98"), tax=Decimal("0.01"),
                           total=Decimal("999999999999.99"))  # the largest a MONEY field holds

    small, large = Invoice.objects.order_by("invoice_number")

    assert type(small.subtotal) is Decimal
    assert small.subtotal + small.tax == small.total == Decimal("0.30")
    assert small.tax_arithmetic_error() == Decimal("0")
    assert large.total == Decimal("999999999999.99")
    assert large.tax_arithmetic_error() == Decimal("0")


def test_it_keeps_four_decimal_places_of_a_unit_price(acme_order):
    line = acme_order.lines.get(line_no=1)
    line.unit_price = Decimal("0.1235")
    line.quantity = Decimal("3.333")
    line.save()

    line.refresh_from_db()

    assert (line.unit_price, line.quantity) == (Decimal("0.1235"), Decimal("3.333"))
    assert line.net_amount() == Decimal("0.41")


@pytest.mark.parametrize("field", ["quantity", "unit_price", "tax_rate"])
def test_it_refuses_a_negative_po_line_figure_in_the_database(acme_order, field):
    values = {"quantity": Decimal("1"), "unit_price": Decimal("1"), "tax_rate": Decimal("0"),
              field: Decimal("-1")}

    with pytest.raises(IntegrityError), transaction.atomic():
        PurchaseOrderLine.objects.create(order=acme_order, line_no=9, description="x", **values)


def test_it_refuses_a_negative_received_quantity_in_the_database(acme_order):
    receipt = GoodsReceipt.objects.create(number="GR-1", order=acme_order,
                                          received_on=dt.date(2025, 3, 21))

    with pytest.raises(IntegrityError), transaction.atomic():
        GoodsReceiptLine.objects.create(receipt=receipt, po_line=acme_order.lines.first(),
                                        quantity_received=Decimal("-0.001"))

    GoodsReceiptLine.objects.create(receipt=receipt, po_line=acme_order.lines.first(),
                                    quantity_received=Decimal("0"))


def test_it_uses_a_vendors_tolerance_overrides_and_the_defaults_for_the_rest(acme, settings):
    settings.VALIDATION_PRICE_TOLERANCE_PCT = Decimal("2")
    settings.VALIDATION_INVOICE_TOLERANCE_AMOUNT = Decimal("100.00")
    settings.VALIDATION_QUANTITY_TOLERANCE_PCT = Decimal("0")
    assert (acme.tolerances().price_pct, acme.tolerances().invoice_amount) == (
        Decimal("2"), Decimal("100.00")
    )

    acme.price_tolerance_pct = Decimal("5.000")
    acme.amount_tolerance = Decimal("0.00")  # zero is an override, not "unset"
    acme.save()
    acme.refresh_from_db()

    tolerances = acme.tolerances()
    assert (tolerances.price_pct, tolerances.invoice_amount, tolerances.quantity_pct) == (
        Decimal("5.000"), Decimal("0.00"), Decimal("0")
    )
