"""More invoices on demand, for benchmarks and load tests.

`matching_invoice_specs` needs no database: it varies the demo's straight-through invoices.
`invoice_spec_for_order` reads a PurchaseOrder (any, not only the demo's) and bills what has
been received at PO prices, so the result should pass validation.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from procurement.demo.data import APPROVED, DOCUMENTS, VENDORS
from procurement.demo.pdfs import LAYOUTS
from procurement.demo.specs import InvoiceLineSpec, InvoiceSpec


def matching_invoice_specs(count: int, *, start: int = 1) -> list[InvoiceSpec]:
    """`count` distinct invoices, each a copy of a straight-through demo invoice with its own
    number (`<original>-<n>`), cycling through the vendors and so through every layout.

    They all bill the same few demo POs: a validator that checks cumulative invoiced quantity
    against receipts will flag the second and later ones; use `invoice_spec_for_order` with
    fresh POs when that matters.
    """
    templates = [doc.spec for doc in DOCUMENTS if doc.expected == APPROVED]
    specs = []
    for n in range(start, start + count):
        template = templates[(n - start) % len(templates)]
        specs.append(
            dataclasses.replace(template, invoice_number=f"{template.invoice_number}-{n:05d}")
        )
    return specs


def invoice_spec_for_order(
    order, *, invoice_number: str, invoice_date: dt.date, layout: str | None = None
) -> InvoiceSpec:
    """An invoice for `order` (a procurement PurchaseOrder) billing the received quantities
    (the ordered ones when nothing has been received) at PO prices."""
    vendor = order.vendor
    known = next((v for v in VENDORS if v.legal_name == vendor.legal_name), None)
    received = order.received_quantities()
    lines = tuple(
        InvoiceLineSpec(
            line.sku,
            line.description,
            received.get(line.pk, line.quantity) if received else line.quantity,
            line.unit_price.quantize(Decimal("0.01")),
            line.unit_of_measure,
        )
        for line in order.lines.all()
    )
    first = order.lines.first()
    chosen = layout or (known.layout if known else "classic")
    if chosen not in LAYOUTS:
        raise ValueError(f"unknown layout {chosen!r}; choose from {sorted(LAYOUTS)}")
    return InvoiceSpec(
        layout=chosen,
        vendor_name=vendor.legal_name,
        vendor_address=known.address if known else (),
        vendor_tax_id=vendor.tax_id,
        invoice_number=invoice_number,
        invoice_date=invoice_date,
        due_date=invoice_date + dt.timedelta(days=vendor.payment_terms_days),
        currency=order.currency,
        po_number=order.number,
        lines=lines,
        tax_rate=first.tax_rate if first else Decimal("0"),
        iban=vendor.iban,
        bic=known.bic if known else "",
        bank_name=known.bank_name if known else "",
    )
