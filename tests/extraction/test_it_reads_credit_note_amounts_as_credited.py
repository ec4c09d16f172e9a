"""A credit note printed with minus signs gives the credited amounts, as its e-invoice XML does."""

from decimal import Decimal

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


def _credit_note(title: str, sign: str) -> bytes:
    return make_pdf(
        [
            [(50, "Brasserie du Port SARL - 4 quai Nord - 29200 Brest")],
            [(50, title)],
            [(50, "Date"), (150, "03/02/2025")],
            [(50, "Description"), (300, "Quantité"), (380, "Prix unitaire"), (480, "Montant HT")],
            [(50, "Fût 30 L"), (300, "2"), (380, f"{sign}60,00 €"), (480, f"{sign}120,00 €")],
            [(380, "Total HT"), (480, f"{sign}120,00 €")],
            [(380, "TVA 20 %"), (480, f"{sign}24,00 €")],
            [(380, "Total TTC"), (480, f"{sign}144,00 €")],
        ]
    )


def test_it_reads_a_credit_note_printed_negative_as_the_amounts_credited() -> None:
    inv = extract_invoice(_credit_note("Avoir AV-2025-0007", "-"))
    assert (inv.subtotal, inv.tax, inv.total) == (
        Decimal("120.00"),
        Decimal("24.00"),
        Decimal("144.00"),
    )
    assert [(ln.quantity, ln.unit_price, ln.amount) for ln in inv.lines] == [
        (Decimal("2"), Decimal("60.00"), Decimal("120.00"))
    ]
    assert any("credit note" in w for w in inv.warnings)


def test_a_corrective_invoice_that_is_not_titled_a_credit_note_keeps_its_minus() -> None:
    inv = extract_invoice(_credit_note("Facture rectificative FR-2025-0007", "-"))
    assert inv.total == Decimal("-144.00")
    assert inv.lines[0].amount == Decimal("-120.00")


def test_a_credit_note_printed_positive_stays_positive() -> None:
    inv = extract_invoice(_credit_note("Credit note CN-2025-0007", ""))
    assert (inv.subtotal, inv.tax, inv.total) == (
        Decimal("120.00"),
        Decimal("24.00"),
        Decimal("144.00"),
    )
