"""Credit notes print their amounts with a minus sign: the router reads a minus before an
amount as a word of its own, so a credit note titled "Invoice" reads as a credit note, while a
date range, a document number or a phone number keeps its hyphen as a separator."""
from __future__ import annotations

from agents.router import decide
from agents.router.classifier import fold


def test_a_minus_before_an_amount_is_read_as_minus():
    assert fold("Total -52.80 GBP") == "total minus 0 0 gbp"
    assert fold("Summe: -9,31 EUR") == "summe minus 0 0 eur"
    assert fold("(\u22121.234,50 €)") == "minus 0 0 0"


def test_hyphens_that_are_not_signs_stay_separators():
    assert "minus" not in fold("1 - 30 April 2026, BOS-22871, Tel. 0800-014 2231, -2 hours")


def test_an_invoice_titled_page_with_negative_amounts_is_a_credit_note():
    text = ("INVOICE\nNo. 4711-C  Date 01.03.2026\nReturned: 2 x cable drum  -84.00\n"
            "VAT 19%  -15.96\nTotal  -99.96 EUR")
    decision = decide(text)
    assert (decision.route, decision.triage) == ("credit_note", False)
    assert decide(text.replace("-", "")).route == "invoice"
