"""A code printed after or under a seller label (an article or customer number) is not the
seller's name; the name printed with it is."""

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    "seller_rows",
    [
        [[(50, "Supplier: ART-447")], [(50, "Fabrikam Trading")]],
        [[(50, "Seller:")], [(50, "Item no. 447")], [(50, "Fabrikam Trading")]],
    ],
)
def test_it_does_not_take_an_article_number_for_the_seller(seller_rows) -> None:
    inv = extract_invoice(
        make_pdf(
            [
                *seller_rows,
                [(50, "Invoice No. 4711"), (300, "Date 02/03/2025")],
                [(300, "Total"), (470, "100.00")],
            ]
        )
    )
    assert inv.vendor_name == "Fabrikam Trading"
