"""A line table whose header names a column over three lines ("Prix" / "unitaire" around the
main header line) reads that column; a discount column makes quantity x price less the
discount the amount, so the arithmetic check does not flag the row."""

from decimal import Decimal

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf_at


def test_it_reads_a_line_discount_and_a_three_line_header() -> None:
    inv = extract_invoice(
        make_pdf_at(
            [
                (40, 40, "Épicerie Fine Lenoir SARL - 2 rue Basse - 13001 Marseille"),
                (70, 40, "Facture FA-2025-0042"),
                (90, 40, "Date de facture"),
                (90, 160, "14/03/2025"),
                (130, 420, "Prix"),
                (136, 150, "Description"),
                (136, 340, "Quantité"),
                (136, 470, "Rem."),
                (136, 515, "Prix HT"),
                (142, 412, "unitaire"),
                (160, 40, "Nougat 250 g"),
                (160, 360, "5"),
                (160, 430, "4,55 €"),
                (160, 476, "10%"),
                (160, 525, "20,48 €"),
                (178, 40, "Huile d'olive 1 L"),
                (178, 360, "10"),
                (178, 425, "19,80 €"),
                (178, 518, "198,00 €"),
                (210, 440, "Total HT"),
                (210, 518, "218,48 €"),
                (226, 440, "TVA"),
                (226, 522, "14,99 €"),
                (242, 440, "Total TTC"),
                (242, 518, "233,47 €"),
            ]
        )
    )
    assert [(ln.quantity, ln.unit_price, ln.amount) for ln in inv.lines] == [
        (Decimal("5"), Decimal("4.55"), Decimal("20.48")),
        (Decimal("10"), Decimal("19.80"), Decimal("198.00")),
    ]
    assert not any("quantity x unit price" in w for w in inv.warnings)
