"""OCR often drops umlauts: "11. Marz 2014" is a date and "Falligkeitstag" a due-date label, as
"März" and "Fälligkeitstag" are."""

import datetime as dt

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    ("month", "due_label"), [("März", "Fälligkeitstag"), ("Marz", "Falligkeitstag")]
)
def test_it_reads_german_dates_and_due_labels_without_umlauts(month: str, due_label: str) -> None:
    inv = extract_invoice(
        make_pdf(
            [
                [(70, "Musterversicherung AG")],
                [(70, "Beitragsrechnung Nr. 00.123.456.7"), (460, f"11. {month} 2014")],
                [(70, "Rechnungszeitraum: 01.04.2014 - 30.06.2014")],
                [(70, f"{due_label}: 01.04.2014")],
                [(70, "Beitrag inklusive 19 % Versicherungsteuer"), (430, "220,00 €")],
            ]
        )
    )
    assert (inv.invoice_date, inv.due_date) == (dt.date(2014, 3, 11), dt.date(2014, 4, 1))
