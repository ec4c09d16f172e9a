"""Benchmarks can ask for any number of distinct, matching demo invoices."""
from __future__ import annotations

import datetime as dt

from procurement.demo import (
    DOCUMENTS,
    LAYOUTS,
    invoice_spec_for_order,
    matching_invoice_specs,
    render_invoice_pdf,
)
from procurement.models import PurchaseOrder


def test_it_makes_n_distinct_invoices_in_every_layout():
    specs = matching_invoice_specs(25)
    assert len(specs) == 25
    assert len({(s.vendor_name, s.invoice_number) for s in specs}) == 25
    assert {s.layout for s in specs} == set(LAYOUTS)
    pdfs = [render_invoice_pdf(s) for s in specs[:8]]
    assert len(set(pdfs)) == 8


def test_later_batches_do_not_repeat_earlier_numbers():
    first = {s.invoice_number for s in matching_invoice_specs(10)}
    second = {s.invoice_number for s in matching_invoice_specs(10, start=11)}
    assert not first & second
    assert not first & {d.spec.invoice_number for d in DOCUMENTS}


def test_it_bills_what_was_received_for_any_order(seeded):
    order = PurchaseOrder.objects.get(number="PO-2026-0015")  # 25 of 40 chairs received
    spec = invoice_spec_for_order(order, invoice_number="B-1", invoice_date=dt.date(2026, 3, 1))
    assert spec.po_number == "PO-2026-0015"
    assert spec.layout == "german"
    assert [line.quantity for line in spec.lines] == [25, 40]
    assert spec.iban == order.vendor.iban
    assert spec.total == spec.subtotal + spec.tax
    assert render_invoice_pdf(spec).startswith(b"%PDF-")
