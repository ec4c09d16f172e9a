"""Thresholds per route and the margin rule: what the router is unsure of goes to a person."""
from __future__ import annotations

from agents.router import MARGIN, THRESHOLDS, decide, decision_from


def scores(**given: float) -> dict[str, float]:
    base = dict.fromkeys(THRESHOLDS, 0.05)
    return {**base, **given}


def test_a_clear_invoice_goes_to_intake():
    decision = decision_from(scores(invoice=0.40, statement=0.20))
    assert (decision.route, decision.triage) == ("invoice", False)


def test_a_best_route_below_its_threshold_goes_to_triage_with_the_scores():
    below = THRESHOLDS["invoice"] - 0.01
    decision = decision_from(scores(invoice=below))
    assert (decision.route, decision.triage) == ("invoice", True)
    assert "below its threshold" in decision.reason
    assert decision.as_json()["scores"]["invoice"] == below


def test_an_invoice_too_close_to_a_statement_goes_to_triage():
    decision = decision_from(scores(invoice=0.30, statement=0.30 * (1 - MARGIN / 2)))
    assert decision.triage is True
    assert decision.candidates == ("invoice", "statement")
    assert "Too close to call" in decision.reason


def test_an_invoice_just_clear_of_a_statement_goes_to_intake():
    decision = decision_from(scores(invoice=0.30, statement=0.30 * (1 - MARGIN * 1.5)))
    assert (decision.route, decision.triage) == ("invoice", False)


def test_an_invoice_close_to_a_credit_note_still_goes_to_intake_as_the_higher():
    decision = decision_from(scores(credit_note=0.30, invoice=0.29))
    assert (decision.route, decision.triage) == ("credit_note", False)


def test_a_clear_statement_goes_to_triage_as_a_statement():
    decision = decision_from(scores(statement=0.40, invoice=0.20))
    assert (decision.route, decision.triage) == ("statement", True)


def test_an_empty_or_meaningless_text_goes_to_triage():
    assert decide("").triage is True
    assert decide("xq zzv 0000 ---").triage is True


def test_titles_tax_invoice_and_rechnung_never_land_in_triage():
    for title in ("TAX INVOICE", "Tax Invoice", "Rechnung", "RECHNUNG", "Facture"):
        text = f"{title}\nNo. 4711  Date 01.03.2026\nTotal 119.00"
        assert decide(text).triage is False, title
