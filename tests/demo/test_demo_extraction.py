"""The template-free extractor reads every demo invoice back to the spec it was drawn from.

If it cannot, either the layout is not as conventional as it should be, or the extractor has a
gap: both are worth knowing before an end-to-end test fails for a reason nobody can see.
"""
from __future__ import annotations

import pytest

from procurement.demo import DOCUMENTS, render_invoice_pdf

extraction = pytest.importorskip("agents.intake.extraction")

HEADER_FIELDS = (
    "vendor_name", "vendor_tax_id", "invoice_number", "invoice_date", "due_date", "currency",
    "po_number", "subtotal", "tax", "total", "iban",
)


def _printed(value):
    """A field an invoice does not print (no PO number) is "" in the spec and None when read."""
    return None if value == "" else value


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.file)
def test_the_extractor_reads_each_demo_invoice_as_specified(document):
    spec = document.spec
    got = extraction.extract_invoice(render_invoice_pdf(spec))

    misread = {
        name: (getattr(spec, name), getattr(got, name))
        for name in HEADER_FIELDS
        if _printed(getattr(got, name)) != _printed(getattr(spec, name))
    }
    assert not misread, f"{spec.layout} layout: field -> (printed, extracted): {misread}"
    assert len(got.lines) == len(spec.lines)
    for printed, read in zip(spec.lines, got.lines, strict=True):
        assert (read.quantity, read.unit_price, read.amount) == (
            printed.quantity, printed.unit_price, printed.amount
        )
