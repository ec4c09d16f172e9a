"""Totals labelled with a word or two: "Net", "Tax", "Total", "HT", "TVA", "TTC", beside their
amounts or above them in a totals box; the same letters inside an article code are no label."""

from decimal import Decimal

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf

_HEAD = [
    [(50, "Atelier Rouge SARL - 5 rue Haute - 69002 Lyon")],
    [(50, "Facture FA-2025-77"), (400, "Date : 02/03/2025")],
]


@pytest.mark.parametrize(
    "totals",
    [
        # beside their amounts
        [
            [(300, "HT"), (470, "100,00 €")],
            [(300, "TVA"), (470, "20,00 €")],
            [(300, "TTC"), (470, "120,00 €")],
        ],
        [
            [(300, "Net:"), (470, "100,00 €")],
            [(300, "Tax:"), (470, "20,00 €")],
            [(300, "Total:"), (470, "120,00 €")],
        ],
        # above them, in a totals box
        [
            [(300, "Net"), (380, "Tax"), (460, "Total")],
            [(300, "100,00"), (380, "20,00"), (460, "120,00")],
        ],
        [
            [(300, "HT"), (380, "TVA"), (460, "TTC")],
            [(300, "100,00 €"), (380, "20,00 €"), (460, "120,00 €")],
        ],
    ],
)
def test_it_reads_short_money_labels(totals) -> None:
    inv = extract_invoice(make_pdf([*_HEAD, [], *totals]))
    assert (inv.subtotal, inv.tax, inv.total) == (
        Decimal("100.00"),
        Decimal("20.00"),
        Decimal("120.00"),
    )


def test_the_letters_of_a_short_label_inside_an_article_code_are_no_label() -> None:
    inv = extract_invoice(
        make_pdf(
            [
                *_HEAD,
                [(50, "Réf."), (130, "Désignation"), (330, "Qté"), (390, "P.U."), (470, "Montant")],
                [(50, "HT-220"), (130, "Perceuse"), (330, "2"), (390, "50,00"), (470, "100,00")],
                [(300, "Total HT"), (470, "100,00 €")],
                [(300, "TVA 20 %"), (470, "20,00 €")],
                [(300, "Total TTC"), (470, "120,00 €")],
            ]
        )
    )
    assert [(ln.sku, ln.amount) for ln in inv.lines] == [("HT-220", Decimal("100.00"))]
    assert inv.subtotal == Decimal("100.00")


def test_a_short_label_word_alone_in_a_description_does_not_end_the_table() -> None:
    inv = extract_invoice(
        make_pdf(
            [
                *_HEAD,
                [(50, "Désignation"), (330, "Qté"), (390, "P.U."), (470, "Montant")],
                [(50, "Câble"), (330, "2"), (390, "50,00"), (470, "100,00")],
                [(50, "HT")],  # the description's second line: "Câble HT" (high voltage)
                [(50, "Gaine"), (330, "1"), (390, "20,00"), (470, "20,00")],
                [(300, "Total HT"), (470, "120,00 €")],
            ]
        )
    )
    assert [ln.amount for ln in inv.lines] == [Decimal("100.00"), Decimal("20.00")]
