"""A French invoice prints the legal form and capital beside the company's name ("SARL au
capital de 120 000 €", a mention French law requires); the registered name (the dénomination
sociale, what the company register and the invoice's Factur-X seller name carry) is the name
without that form. Without that mention the name is kept as printed."""

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


def _facture(letterhead: str, footer: str) -> bytes:
    return make_pdf(
        [
            [(50, letterhead)],
            [(50, "Facture FA-2025-0107"), (380, "Date : 14/03/2025")],
            [(50, "Client : Boutique Lenoir, 2 rue Basse, 13001 Marseille")],
            [(50, "Désignation"), (300, "Qté"), (360, "P.U. HT"), (460, "Montant HT")],
            [(50, "Savon d'Alep"), (300, "10"), (360, "4,00 €"), (460, "40,00 €")],
            [],
            [(360, "Total HT"), (460, "40,00 €")],
            [(360, "TVA 20 %"), (460, "8,00 €")],
            [(360, "Total TTC"), (460, "48,00 €")],
            [],
            [(50, footer)],
        ]
    )


@pytest.mark.parametrize(
    ("letterhead", "footer", "name"),
    [
        (
            "Savonnerie du vieux port SARL - 4 quai du Port - 13002 Marseille",
            "TVA : FR40123456789 - SARL au capital de 8 000,00 €",
            "Savonnerie du vieux port",
        ),
        (
            "Savonnerie Marius S.A.S. - 4 quai du Port - 13002 Marseille",
            "Savonnerie Marius SAS au capital de 10 000 euros - RCS Marseille 123 456 789",
            "Savonnerie Marius",
        ),
        (
            "Savonnerie du vieux port SARL - 4 quai du Port - 13002 Marseille",
            "TVA : FR40123456789 - RCS Marseille 123 456 789",
            "Savonnerie du vieux port SARL",
        ),
    ],
    ids=["form-in-capital-mention", "name-in-mention", "no-capital-mention"],
)
def test_it_names_a_french_seller_without_its_legal_form(letterhead, footer, name) -> None:
    assert extract_invoice(_facture(letterhead, footer)).vendor_name == name
