"""A seller whose name has small lower-case words is read whole, not as its last word and the
legal form ("moulin SARL" is a fragment of "Au bon moulin SARL")."""

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    "name", ["Au bon moulin SARL", "Gasthaus zur alten Post GmbH", "Boulangerie de la Gare SAS"]
)
def test_it_reads_a_company_name_with_small_words_whole(name: str) -> None:
    inv = extract_invoice(
        make_pdf(
            [
                [(60, f"{name} - 12 chemin des Oliviers - 84340 Malaucène")],
                [(60, "Facture FA-2025-0102"), (400, "Date : 04/02/2025")],
                [(60, "Client : Épicerie Martin")],
                [(300, "Total TTC"), (470, "120,00 €")],
            ]
        )
    )
    assert inv.vendor_name == name


def test_a_sentence_before_a_company_is_not_part_of_its_name() -> None:
    inv = extract_invoice(
        make_pdf(
            [
                [(60, "Rechnung RE-2025-0102"), (400, "Datum: 04.02.2025")],
                [(60, "Bitte überweisen Sie an Kranbau Vogel GmbH")],
                [(300, "Gesamtbetrag"), (470, "120,00 €")],
            ]
        )
    )
    assert inv.vendor_name == "Kranbau Vogel GmbH"
