"""A tax printed as 0.00, also on a line that says why (reverse charge, exempt), is a tax of 0,
not a missing one; a base amount on such a line is not taken for the tax."""

from decimal import Decimal

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    "tax_row",
    [
        [(250, "Tax"), (470, "$0.00")],
        [(250, "VAT 0 %"), (470, "0.00")],
        [(250, "VAT (reverse charge)"), (470, "0.00")],
        [(250, "VAT exempt on 100.00"), (470, "0.00")],
    ],
)
def test_it_reads_a_zero_tax_as_zero(tax_row) -> None:
    inv = extract_invoice(
        make_pdf(
            [
                [(50, "Nordic Parts Ltd")],
                [(50, "Invoice No. NP-2025-4"), (400, "Date: 2025-03-02")],
                [(250, "Subtotal"), (470, "$100.00")],
                tax_row,
                [(250, "Total"), (470, "$100.00")],
            ]
        )
    )
    assert (inv.subtotal, inv.tax, inv.total) == (
        Decimal("100.00"),
        Decimal("0.00"),
        Decimal("100.00"),
    )
