"""The validation agent end to end against the database: the issue's holes, closed."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.validation.conftest import receive, validate_document


def test_it_holds_the_third_of_three_invoices_against_one_po(world):
    kinds = [validate_document(receive(number=f"A-{n}", widgets=qty))
             for n, qty in enumerate(("4", "3", "5"))]

    # 4 + 3 fit the 10 ordered and received; 5 more do not, and the PO is billed 60.00 of 50.00.
    assert kinds == [[], [], ["over_billing", "quantity_variance"]]


def test_it_holds_a_renumbered_resend(world):
    first = validate_document(receive(number="A-100"))
    again = validate_document(receive(number="A-100-R"))

    # the same lines under another number (what the first billed does not count against it)
    assert (first, again) == ([], ["suspected_duplicate"])


def test_it_holds_a_copy_with_the_number_written_differently(world):
    from procurement.models import Invoice

    validate_document(receive(number="INV-0042", widgets="5"))
    copy = receive(number="inv 42", widgets="5")

    assert validate_document(copy) == ["duplicate_invoice"]
    assert Invoice.objects.get(document_id=copy).duplicate_of.invoice_number == "INV-0042"


def test_it_holds_a_resend_after_the_vendor_was_added(world):
    from procurement.models import Invoice, PurchaseOrder, PurchaseOrderLine, Vendor

    first = receive(number="FM-1", vendor_name="Fjord Marine AS", tax_id="NO995525828MVA",
                    po_number="", iban="")
    assert validate_document(first) == ["missing_po", "unknown_vendor"]

    fjord = Vendor.objects.create(legal_name="Fjord Marine AS", tax_id="NO 995 525 828 MVA",
                                  currency="EUR")
    order = PurchaseOrder.objects.create(number="PO-FM", vendor=fjord, issued_on="2026-01-01")
    PurchaseOrderLine.objects.create(order=order, line_no=1, sku="W-1", description="Widget",
                                     quantity=10, unit_price=5, tax_rate=19)
    again = receive(number="FM-1", vendor_name="Fjord Marine AS", tax_id="NO995525828MVA",
                    po_number="PO-FM", iban="")

    assert validate_document(again) == ["duplicate_invoice"]
    assert Invoice.objects.get(document_id=again).duplicate_of.document_id == first


def test_it_stores_every_checks_result_on_the_invoice(world):
    from procurement.models import Invoice

    document_id = receive(number="A-200")
    validate_document(document_id)

    checks = Invoice.objects.get(document_id=document_id).checks
    assert [c["check"] for c in checks] == [
        "vendor", "duplicates", "bank_account", "arithmetic", "purchase_order", "lines",
        "prices", "quantities", "over_billing", "tax",
    ]
    assert all(c["passed"] for c in checks)


@pytest.mark.parametrize("earlier", [0, 6])
def test_it_costs_the_same_queries_whatever_the_lines_and_history(world, earlier):
    from procurement.models import GoodsReceiptLine, PurchaseOrderLine
    from procurement.services import vendor_find

    receipt = world.order.receipts.get()
    for n in range(2, 41):
        part = PurchaseOrderLine.objects.create(order=world.order, line_no=n, sku=f"P-{n}",
                                                description=f"Part {n}", quantity=100,
                                                unit_price=1, tax_rate=19)
        GoodsReceiptLine.objects.create(receipt=receipt, po_line=part, quantity_received=100)
    vendor_find(name="warm-up")  # asks once per process whether pg_trgm is there
    for n in range(earlier):
        validate_document(receive(number=f"H-{n}", widgets="1"))
    small = receive(number="S-1", widgets="2")
    large = receive(number="L-1", lines=[("W-1", "Widget, steel", "1", "5.00")] + [
        (f"P-{n}", f"Part {n}", "1", "1.00") for n in range(2, 41)])

    counts = []
    for document_id in (small, large):
        with CaptureQueriesContext(connection) as queries:
            validate_document(document_id)
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
    assert counts[0] <= 80
