"""A total line that also shows the amount in a second currency gives the invoice's total in the
invoice's currency, and the currency is not taken from the converted figure."""

from decimal import Decimal

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    "total_row",
    [
        [(250, "Total"), (350, "125.00 EUR"), (470, "1,356.75 SEK")],
        [(250, "Total"), (350, "1,356.75 SEK"), (470, "125.00 EUR")],
        [(250, "Total"), (350, "125.00"), (470, "135.20 USD")],
        [(250, "Total"), (350, "€125.00"), (470, "($135.20)")],
    ],
)
def test_it_keeps_a_second_currency_on_the_total_line_apart(total_row) -> None:
    inv = extract_invoice(
        make_pdf(
            [
                [(50, "Nordic Parts AB")],
                [(50, "Invoice No. NP-2025-4"), (400, "Date: 2025-03-02")],
                [(50, "Gear set"), (470, "100.00 EUR")],
                [(50, "Freight"), (470, "25.00 EUR")],
                total_row,
            ]
        )
    )
    assert (inv.total, inv.currency) == (Decimal("125.00"), "EUR")
