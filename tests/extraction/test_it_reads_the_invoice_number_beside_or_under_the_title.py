"""A title with a short number label beside or under it ("INVOICE" / "No. 4711") gives the
invoice number; the same label elsewhere (a customer number) does not."""

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ([[(50, "INVOICE")], [(50, "No. 2025-0311")]], "2025-0311"),
        ([[(50, "RECHNUNG"), (200, "Nr. 2025-0311")]], "2025-0311"),
        ([[(50, "FACTURE")], [(50, "N° FA-0311")]], "FA-0311"),
        ([[(50, "CREDIT NOTE")], [(50, "No. CN-0311")]], "CN-0311"),
    ],
)
def test_it_reads_the_invoice_number_beside_or_under_the_title(title, number) -> None:
    rows = [
        [(50, "Blue Harbour Ltd")],
        *title,
        [(400, "Date: 02.03.2025")],
        [(300, "Total"), (470, "120.00")],
    ]
    assert extract_invoice(make_pdf(rows)).invoice_number == number


def test_a_number_label_far_from_the_title_is_not_the_invoice_number() -> None:
    rows = [
        [(50, "Blue Harbour Ltd")],
        [(50, "INVOICE")],
        [],
        [],
        [],
        [(50, "Customer")],
        [(50, "No. 55012")],
        [(300, "Total"), (470, "120.00")],
    ]
    assert extract_invoice(make_pdf(rows)).invoice_number is None
