from decimal import Decimal as D

from agents.validation.facts import Tolerances
from agents.validation.rules import evaluate
from tests.validation.factories import invoice, line, order, vendor


def _invoice_with_paper_price(price: str):
    return invoice(lines=[line(1, "PAP-A4", "A4 copy paper, 80 g", "10", price)])


def test_it_accepts_a_price_within_the_vendor_tolerance():
    verdict = evaluate(_invoice_with_paper_price("25.50"), vendor=vendor(), order=order(),
                       duplicates=[])  # +2.0 % with a 2 % tolerance

    assert [f.kind for f in verdict.findings] == []


def test_it_flags_a_price_above_the_tolerance_with_expected_and_actual():
    verdict = evaluate(_invoice_with_paper_price("27.00"), vendor=vendor(), order=order(),
                       duplicates=[])

    [finding] = verdict.findings
    assert finding.kind == "price_variance"
    assert finding.line_no == 1
    assert finding.expected == "25.00 EUR" and finding.actual == "27.00 EUR"
    assert "8.0% above" in finding.message
    assert not verdict.is_clean


def test_it_uses_the_vendor_override_when_one_is_set():
    generous = vendor(tolerances=Tolerances(price_pct=D("10"), quantity_pct=D("0"),
                                            amount=D("1"))
                      )

    verdict = evaluate(_invoice_with_paper_price("27.00"), vendor=generous, order=order(),
                       duplicates=[])

    assert verdict.findings == []
