"""A quantity column that prints hours rounded ("28 Std" for 27.5 hours at 10,50 = 288,75) is
read as the exact quantity amount / price gives, with a warning; a row whose *price* is the
rounded figure (10000 kWh at 0,05 for 52,00) and a row that adds up keep what is printed."""

from decimal import Decimal

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


def test_it_reads_a_rounded_quantity_from_amount_and_price() -> None:
    inv = extract_invoice(
        make_pdf(
            [
                [(50, "Hallenservice Krüger GmbH · Lagerweg 4 · 28195 Bremen")],
                [(50, "Rechnung Nr. HK-2025-117"), (380, "Datum: 03.04.2025")],
                [
                    (50, "Beschreibung"),
                    (250, "Menge"),
                    (330, "Einzelpreis"),
                    (460, "Betrag"),
                ],
                [(50, "Kommissionierung"), (250, "28 Std"), (330, "10,50"), (460, "288,75")],
                [(50, "Strom Halle 2"), (250, "10000 kWh"), (330, "0,05"), (460, "52,00")],
                [(50, "Palettenmiete"), (250, "4 Stk"), (330, "12,00"), (460, "48,00")],
                [],
                [(300, "Nettobetrag"), (460, "388,75")],
                [(300, "MwSt. 19 %"), (460, "73,86")],
                [(300, "Gesamtbetrag"), (460, "462,61")],
            ]
        )
    )
    assert [(ln.quantity, ln.unit_price, ln.amount) for ln in inv.lines] == [
        (Decimal("27.5"), Decimal("10.50"), Decimal("288.75")),
        (Decimal("10000"), Decimal("0.05"), Decimal("52.00")),
        (Decimal("4"), Decimal("12.00"), Decimal("48.00")),
    ]
    assert "line 1: quantity printed 28, read as 27.5 (amount / unit price)" in inv.warnings
    assert not any(w.startswith(("line 2:", "line 3:")) for w in inv.warnings)
