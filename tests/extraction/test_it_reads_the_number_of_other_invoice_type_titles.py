"""Invoice-type titles besides "Invoice": final and partial invoices, corrections, debit and
credit memos, and Italian, Spanish and Polish titles give the document's number."""

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("Schlussrechnung SR-2025-11", "SR-2025-11"),
        ("Abschlagsrechnung AR-2025-11", "AR-2025-11"),
        ("Rechnungskorrektur RK-2025-11", "RK-2025-11"),
        ("Debit note DN-2025-11", "DN-2025-11"),
        ("Credit memo CM-2025-11", "CM-2025-11"),
        ("Nota di credito NC-2025-11", "NC-2025-11"),
        ("Fattura n. FT-2025-11", "FT-2025-11"),
        ("Factura nº FC-2025-11", "FC-2025-11"),
        ("Faktura nr FK-2025-11", "FK-2025-11"),
    ],
)
def test_it_reads_the_number_of_other_invoice_type_titles(title: str, number: str) -> None:
    inv = extract_invoice(
        make_pdf(
            [
                [(50, "Fabrikam GmbH")],
                [(50, title), (400, "Datum: 14.03.2025")],
                [(300, "Total"), (470, "100,00")],
            ]
        )
    )
    assert inv.invoice_number == number
