"""Without a legal form or a seller label, the seller is the letterhead name over an address,
not a tagline printed beside it."""

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf_at


def test_it_takes_the_letterhead_name_that_heads_an_address() -> None:
    inv = extract_invoice(
        make_pdf_at(
            [
                (30, 430, "Fine Teas & Infusions"),
                (48, 40, "Harrow Tea Merchants"),
                (60, 40, "12 Spice Row"),
                (72, 40, "Bristol BS1 5TR"),
                (130, 330, "Cafe Lumen"),
                (142, 330, "4 Harbour Street"),
                (154, 330, "Plymouth PL1 2AB"),
                (200, 40, "Invoice INV-2025-0310"),
                (230, 40, "Invoice Date: 03/10/2025"),
                (270, 40, "Darjeeling first flush, 1 kg"),
                (270, 480, "£ 64.00"),
                (290, 330, "Total"),
                (290, 480, "£ 64.00"),
            ]
        )
    )
    assert inv.vendor_name == "Harrow Tea Merchants"
