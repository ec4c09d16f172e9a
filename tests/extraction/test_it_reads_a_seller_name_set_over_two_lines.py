"""A letterhead that sets the seller's name over two lines gives the whole name."""

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf_at


def _letter(first_line: str) -> bytes:
    return make_pdf_at(
        [
            (60, 70, first_line),
            (72, 70, "Versorgungswerk Nordstadt eG"),
            (120, 70, "Herrn"),
            (132, 70, "Jonas Beispiel"),
            (144, 70, "Birkenweg 3"),
            (156, 70, "12345 Nordstadt"),
            (220, 70, "Rechnung Nr. VW-2025-0042"),
            (220, 420, "03.02.2025"),
            (260, 70, "Jahresbeitrag 2025"),
            (260, 430, "240,00 €"),
            (272, 70, "Rechnungsbetrag"),
            (272, 430, "240,00 €"),
        ]
    )


def test_it_reads_a_seller_name_set_over_two_lines() -> None:
    inv = extract_invoice(_letter("Gemeinnütziges"))
    assert inv.vendor_name == "Gemeinnütziges Versorgungswerk Nordstadt eG"


def test_a_line_above_that_is_not_part_of_a_name_is_left_out() -> None:
    inv = extract_invoice(_letter("Tel. 0123 456789"))
    assert inv.vendor_name == "Versorgungswerk Nordstadt eG"
