"""A small world for validating real invoices through the agent's tools: Acme on file, a PO of
widgets (10 ordered and received, 5.00 each, 19 % VAT), and a way to receive an invoice."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from tests.llm.conftest import fake_llm, llm_settings  # noqa: F401 - shared fixtures

_documents = itertools.count(1)


@pytest.fixture
def world(db):
    from procurement.models import (
        GoodsReceipt,
        GoodsReceiptLine,
        PurchaseOrder,
        PurchaseOrderLine,
        Vendor,
    )

    acme = Vendor.objects.create(
        legal_name="Acme Industrial Supplies GmbH", aliases=["ACME Supplies"],
        tax_id="DE136695976", iban="DE89370400440532013000", currency="EUR",
    )
    order = PurchaseOrder.objects.create(number="PO-7001", vendor=acme, currency="EUR",
                                         issued_on=dt.date(2026, 1, 5))
    widgets = PurchaseOrderLine.objects.create(
        order=order, line_no=1, sku="W-1", description="Widget, steel", quantity=D("10"),
        unit_price=D("5.00"), tax_rate=D("19"),
    )
    receipt = GoodsReceipt.objects.create(number="GR-7001", order=order,
                                          received_on=dt.date(2026, 1, 9))
    GoodsReceiptLine.objects.create(receipt=receipt, po_line=widgets, quantity_received=D("10"))
    return SimpleNamespace(acme=acme, order=order, widgets=widgets)


def receive(*, number, widgets="10", vendor_name="Acme Industrial Supplies GmbH",
            tax_id="DE 136 695 976", price="5.00", invoice_date=dt.date(2026, 2, 1),
            po_number="PO-7001", lines=None, iban="DE89 3704 0044 0532 0130 00",
            kind="invoice", corrects_number=""):
    """Store a document and the invoice intake read from it (or the credit note: negative
    quantities); returns the document id."""
    from agents.orchestrator.models import Workflow
    from procurement.services import document_store, invoice_save_extraction

    document = document_store(content=f"%PDF-1.4 #{next(_documents)}".encode(),
                              filename=f"{number}.pdf", source="upload").document
    Workflow.objects.create(document=document)
    lines = lines or [("W-1", "Widget, steel", widgets, price)]
    rows = [{"line_no": n, "sku": sku, "description": text, "quantity": D(qty),
             "unit_price": D(unit), "amount": (D(qty) * D(unit)).quantize(D("0.01")),
             "confidence": {}} for n, (sku, text, qty, unit) in enumerate(lines, start=1)]
    subtotal = sum(row["amount"] for row in rows)
    tax = (subtotal * D("0.19")).quantize(D("0.01"))
    invoice_save_extraction(document_id=document.pk, kind=kind, corrects_number=corrects_number,
                            lines=rows, fields={
        "vendor_name": vendor_name, "vendor_tax_id": tax_id, "invoice_number": number,
        "invoice_date": invoice_date, "currency": "EUR", "po_number": po_number,
        "subtotal": subtotal, "tax": tax, "total": subtotal + tax,
        "iban": iban,
    })
    return document.pk


def validate_document(document_id):
    """What the validation step does for a document (run in-line, as a re-run is); returns the
    blocking kinds."""
    from agents.orchestrator.revalidation import invoice_revalidate

    return invoice_revalidate(document_id=document_id, by="test")["kinds"]
