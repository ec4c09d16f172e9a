"""A line table with a net and a gross amount column, in either order: the line amount is the
net one, which quantity x unit price gives and the subtotal adds up."""

from decimal import Decimal

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    ("first", "second", "net_first"),
    [
        ("Net amount", "Gross amount", True),
        ("Total TTC", "Total HT", False),
        ("Amount incl. VAT", "Amount excl. VAT", False),
    ],
)
def test_it_takes_the_net_amount_column_of_a_line_table(first, second, net_first) -> None:
    def row(desc, qty, price, net, gross):
        a, b = (net, gross) if net_first else (gross, net)
        return [(50, desc), (230, qty), (280, price), (340, "20%"), (400, a), (480, b)]

    inv = extract_invoice(
        make_pdf(
            [
                [(50, "Nordic Parts Ltd")],
                [(50, "Invoice No. NP-2025-4"), (400, "Date: 2025-03-02")],
                [
                    (50, "Description"),
                    (230, "Qty"),
                    (280, "Price"),
                    (340, "VAT"),
                    (400, first),
                    (480, second),
                ],
                row("Gear set", "2", "50.00", "100.00", "120.00"),
                row("Fitting", "1", "50.00", "50.00", "60.00"),
                [],
                [(250, "Subtotal"), (480, "150.00")],
                [(250, "VAT 20%"), (480, "30.00")],
                [(250, "Total"), (480, "180.00")],
            ]
        )
    )
    assert [ln.amount for ln in inv.lines] == [Decimal("100.00"), Decimal("50.00")]
