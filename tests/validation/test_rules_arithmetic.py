from decimal import Decimal as D

from agents.validation.rules import evaluate
from tests.validation.factories import invoice, order, vendor


def test_it_flags_a_total_that_is_not_subtotal_plus_tax():
    wrong = invoice(subtotal=D("650.00"), tax=D("123.50"), total=D("783.50"))

    verdict = evaluate(wrong, vendor=vendor(), order=order(), duplicates=[])

    [finding] = verdict.findings
    assert finding.kind == "arithmetic_error"
    assert finding.expected == "773.50 EUR" and finding.actual == "783.50 EUR"


def test_it_tolerates_a_cent_of_rounding():
    rounded = invoice(subtotal=D("650.00"), tax=D("123.50"), total=D("773.51"))

    assert evaluate(rounded, vendor=vendor(), order=order(), duplicates=[]).findings == []


def test_it_flags_lines_that_do_not_add_up_to_the_subtotal():
    wrong = invoice(subtotal=D("700.00"), tax=D("133.00"), total=D("833.00"))

    verdict = evaluate(wrong, vendor=vendor(), order=order(), duplicates=[])

    assert [f.kind for f in verdict.findings] == ["arithmetic_error"]
    assert "lines add up to 650.00 EUR" in verdict.findings[0].message
