"""Allowances and charges printed under the lines' sum ("Discount -10.00", "Shipping 5.00") are
part of the net the tax is on: the subtotal is the lines' sum with them, said in a warning, and
the lines still add up."""

from decimal import Decimal

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    ("adjustments", "net", "tax", "total"),
    [
        ([("Discount 10%", "-10.00"), ("Shipping", "5.00")], "95.00", "19.00", "114.00"),
        ([("Freight charge", "20.00")], "120.00", "24.00", "144.00"),
        ([("Rabatt 5 %", "-5,00"), ("Versandkosten", "4,90")], "99,90", "18,98", "118,88"),
    ],
)
def test_it_reads_the_net_after_allowances_and_charges(adjustments, net, tax, total) -> None:
    comma = "," in net
    inv = extract_invoice(
        make_pdf(
            [
                [(50, "Nordic Parts Ltd")],
                [(50, "Invoice No. NP-2025-4"), (400, "Date: 2025-03-02")],
                [(50, "Description"), (300, "Qty"), (380, "Unit price"), (470, "Amount")],
                [
                    (50, "Gear set"),
                    (300, "2"),
                    (380, "50,00" if comma else "50.00"),
                    (470, "100,00" if comma else "100.00"),
                ],
                [],
                [(250, "Subtotal"), (470, "100,00" if comma else "100.00")],
                *[[(250, label), (470, figure)] for label, figure in adjustments],
                [(250, "VAT 20%" if not comma else "MwSt. 19 %"), (470, tax)],
                [(250, "Total"), (470, total)],
            ]
        )
    )

    def dec(text: str) -> Decimal:
        return Decimal(text.replace(",", "."))

    assert (inv.subtotal, inv.tax, inv.total) == (dec(net), dec(tax), dec(total))
    assert any("allowances and charges" in w for w in inv.warnings)
    assert not any("line amounts" in w for w in inv.warnings)
