"""An amount whose label says it includes the tax is the gross, however the amount is named."""

from decimal import Decimal

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    ("label", "tax_label", "tax"),
    [
        ("Total € incl. VAT", "VAT 20 %", "20.00"),
        ("Quarterly premium including 19 % insurance tax", "of which tax included", "(19.00)"),
        ("Beitrag inklusive 19 % Versicherungsteuer", "darin enthaltene Steuer", "(19,00)"),
    ],
)
def test_it_takes_an_amount_said_to_include_tax_as_the_total(
    label: str, tax_label: str, tax: str
) -> None:
    comma = "," in tax
    inv = extract_invoice(
        make_pdf(
            [
                [(50, "Harbour Mutual Insurance Ltd")],
                [(50, "Invoice No. HM-2025-311"), (400, "Date: 01.03.2025")],
                [],
                [(50, "Fleet cover, 1 April to 30 June"), (450, "119,00" if comma else "119.00")],
                [(50, label), (450, "119,00 €" if comma else "119.00 €")],
                [(50, tax_label), (450, tax + " €")],
            ]
        )
    )
    assert inv.total == Decimal("119.00")
    assert inv.tax == (Decimal("19.00") if "(" in tax else Decimal("20.00"))
