"""The amount due after a deposit, or with an earlier bill's balance added, is not the total."""

from decimal import Decimal

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    ("adjustment", "figure", "due"),
    [
        ("Less deposit paid", "-300.00", "900.00"),
        ("Advance payment received", "300.00", "900.00"),
        ("Previous balance outstanding", "250.00", "1,450.00"),
        ("Balance brought forward", "250.00", "1,450.00"),
    ],
)
def test_it_keeps_a_deposit_or_an_old_balance_out_of_the_total(
    adjustment: str, figure: str, due: str
) -> None:
    inv = extract_invoice(
        make_pdf(
            [
                [(50, "Kestrel Joinery Ltd · 8 Mill Lane · Leeds LS1 4AB")],
                [(50, "Invoice No. KJ-5521"), (400, "Date: 12/03/2025")],
                [(400, "Amount due:"), (470, due)],  # repeated in a summary box at the top
                [],
                [(50, "Staircase, oak, fitted"), (470, "1,200.00")],
                [(300, "Invoice total"), (470, "1,200.00")],
                [(300, "of which VAT 20%"), (470, "200.00")],
                [(300, adjustment), (470, figure)],
                [(300, "Amount due"), (470, due)],
            ]
        )
    )
    assert (inv.tax, inv.total) == (Decimal("200.00"), Decimal("1200.00"))
