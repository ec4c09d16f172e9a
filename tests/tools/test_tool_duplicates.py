"""invoices.find_duplicates: same vendor and number, or same vendor, date and total."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest


@pytest.fixture
def original(seeded):
    from procurement.models import Invoice

    Invoice.objects.filter(pk=seeded.invoice.pk).update(vendor=seeded.acme, status="matched")
    return seeded.invoice


def new_invoice(name, **fields):
    from procurement.models import Invoice
    from procurement.services import document_store

    document = document_store(content=name.encode(), filename=name, source="upload").document
    return Invoice.objects.create(document=document, **fields)


def test_it_finds_an_earlier_invoice_with_the_same_number(tools_for, seeded, original):
    resent = new_invoice("resent.pdf", invoice_number="2026-001")
    result = tools_for("validation").call(
        "invoices.find_duplicates", invoice_id=resent.pk, vendor_id=seeded.acme.pk
    )
    assert [(d.invoice_id, d.reason) for d in result.duplicates] == [(original.pk, "same_number")]


def test_it_finds_an_earlier_invoice_with_the_same_date_and_total(tools_for, seeded, original):
    renumbered = new_invoice(
        "renumbered.pdf", invoice_number="2026-001-B", invoice_date=dt.date(2026, 1, 20),
        total=Decimal("119.00"),
    )
    result = tools_for("validation").call(
        "invoices.find_duplicates", invoice_id=renumbered.pk, vendor_id=seeded.acme.pk
    )
    assert [(d.invoice_id, d.reason) for d in result.duplicates] == [
        (original.pk, "same_date_and_total")
    ]


def test_it_finds_no_duplicate_of_another_vendor_or_another_invoice(tools_for, seeded, original):
    elsewhere = new_invoice("globex.pdf", invoice_number="2026-001")
    client = tools_for("validation")
    assert client.call("invoices.find_duplicates", invoice_id=elsewhere.pk,
                       vendor_id=seeded.globex.pk).duplicates == []
    different = new_invoice("other.pdf", invoice_number="2026-777",
                            invoice_date=dt.date(2026, 1, 20), total=Decimal("5.00"))
    assert client.call("invoices.find_duplicates", invoice_id=different.pk,
                       vendor_id=seeded.acme.pk).duplicates == []
    # An invoice is not a duplicate of itself.
    assert client.call("invoices.find_duplicates", invoice_id=original.pk).duplicates == []


def test_it_reads_an_invoice_with_lines_and_findings(tools_for, seeded):
    from procurement.models import Finding

    Finding.objects.create(invoice=seeded.invoice, kind="price_variance", message="Too dear",
                           invoice_line=seeded.invoice.lines.get(line_no=2))
    invoice = tools_for("exception").call("invoices.get", document_id=seeded.document.pk)
    assert (invoice.id, invoice.invoice_number, invoice.total) == (
        seeded.invoice.pk, "2026-001", Decimal("119.00")
    )
    assert [line.description for line in invoice.lines] == ["Widget", "Gadget"]
    assert [(f.kind, f.line_no) for f in invoice.findings] == [("price_variance", 2)]
