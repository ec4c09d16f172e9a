"""invoices.find_duplicates: the same normalised number, the same lines, or the same total within
a few days, from the vendor or from an earlier invoice no vendor was attached to yet."""
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


def test_it_finds_an_earlier_invoice_with_the_same_total_nearby(tools_for, seeded, original):
    renumbered = new_invoice(
        "renumbered.pdf", invoice_number="2026-001-B", invoice_date=dt.date(2026, 1, 24),
        total=Decimal("119.00"),
    )
    result = tools_for("validation").call(
        "invoices.find_duplicates", invoice_id=renumbered.pk, vendor_id=seeded.acme.pk
    )
    assert [(d.invoice_id, d.reason) for d in result.duplicates] == [
        (original.pk, "same_total_nearby")
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


@pytest.mark.parametrize(("number", "expected"), [
    ("2026-001", "same_number"),
    ("2026 001", "same_number"),  # spaces for dashes
    ("002026-001", "same_number"),  # leading zeros
    ("2026001", "same_number"),
    ("2026-010", None),
    ("2026-1", None),  # zeros inside the number count
])
def test_it_compares_normalised_numbers(tools_for, seeded, original, number, expected):
    resent = new_invoice(f"{number}.pdf", invoice_number=number)

    found = tools_for("validation").call(
        "invoices.find_duplicates", invoice_id=resent.pk, vendor_id=seeded.acme.pk
    ).duplicates

    assert [d.reason for d in found] == ([expected] if expected else [])


def test_it_finds_the_same_lines_under_another_number(tools_for, seeded, original):
    from procurement.matching import lines_fingerprint
    from procurement.models import Invoice

    lines = [{"line_no": 1, "sku": "", "description": "Widget", "quantity": Decimal("10"),
              "unit_price": Decimal("5.00"), "amount": Decimal("50.00"), "confidence": {}},
             {"line_no": 2, "sku": "", "description": "Gadget", "quantity": Decimal("4"),
              "unit_price": Decimal("12.50"), "amount": Decimal("50.00"), "confidence": {}}]

    Invoice.objects.filter(pk=original.pk).update(lines_fingerprint=lines_fingerprint(lines))
    renumbered = new_invoice("renumbered.pdf", invoice_number="R-77", total=Decimal("500.00"))
    for line in reversed(lines):  # the same lines, in another order
        renumbered.lines.create(**{k: v for k, v in line.items() if k != "confidence"})

    found = tools_for("validation").call(
        "invoices.find_duplicates", invoice_id=renumbered.pk, vendor_id=seeded.acme.pk
    ).duplicates

    assert [(d.invoice_id, d.reason) for d in found] == [(original.pk, "same_lines")]


def test_it_finds_a_copy_stored_before_the_vendor_was_known(tools_for, seeded):
    """The first copy was validated while the vendor was not on file, so no vendor is attached
    to it; the copy sent after the vendor was added must still be caught."""
    first = seeded.invoice  # vendor not attached; prints "ACME Supplies", an alias of Acme
    again = new_invoice("again.pdf", vendor_name="ACME Supplies", invoice_number="2026-001")
    stranger = new_invoice("stranger.pdf", vendor_name="Initech", invoice_number="2026-001")

    found = tools_for("validation").call(
        "invoices.find_duplicates", invoice_id=again.pk, vendor_id=seeded.acme.pk
    ).duplicates

    assert [(d.invoice_id, d.reason) for d in found] == [(first.pk, "same_number")]
    assert stranger.pk not in [d.invoice_id for d in found]


def test_it_ignores_rejected_and_later_invoices(tools_for, seeded, original):
    from procurement.models import Invoice

    resent = new_invoice("resent.pdf", invoice_number="2026-001")
    Invoice.objects.filter(pk=original.pk).update(status="rejected")
    client = tools_for("validation")

    assert client.call("invoices.find_duplicates", invoice_id=resent.pk,
                       vendor_id=seeded.acme.pk).duplicates == []
    Invoice.objects.filter(pk=original.pk).update(status="matched")
    # the original is not a duplicate of the copy that came after it
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
