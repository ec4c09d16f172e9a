from decimal import Decimal as D

from agents.validation.rules import evaluate
from tests.validation.factories import invoice, line, order, vendor


def test_it_compares_quantities_with_what_was_received():
    partial = order(received=(D("6"), D("5")))
    verdict = evaluate(invoice(), vendor=vendor(), order=partial, duplicates=[])

    [finding] = verdict.findings
    assert finding.kind == "billed_not_received"
    assert finding.expected == "6 (received)" and finding.actual == "10"


def test_it_falls_back_to_the_ordered_quantity_when_nothing_was_received():
    over_ordered = invoice(lines=[line(1, "PAP-A4", "A4 copy paper, 80 g", "12", "25.00")])

    verdict = evaluate(over_ordered, vendor=vendor(), order=order(received=None), duplicates=[])

    [finding] = verdict.findings
    assert finding.expected == "10 (ordered)"


def test_it_flags_a_line_that_is_not_on_the_order():
    extra = invoice(lines=[line(1, "PAP-A4", "A4 copy paper, 80 g", "10", "25.00"),
                           line(2, "", "Express delivery surcharge", "1", "15.00")])

    verdict = evaluate(extra, vendor=vendor(), order=order(), duplicates=[])

    [finding] = verdict.findings
    assert finding.kind == "unmatched_line" and finding.line_no == 2
    assert "not on purchase order PO-1001" in finding.message


def test_it_matches_lines_without_sku_by_description():
    no_skus = invoice(lines=[line(1, "", "Copy paper A4 80g", "10", "25.00"),
                             line(2, "", "Black toner cartridge", "5", "80.00")])

    verdict = evaluate(no_skus, vendor=vendor(), order=order(), duplicates=[])

    assert verdict.findings == []
    assert [m.po_line_id for m in verdict.matches] == [101, 102]


def test_it_matches_a_sku_printed_inside_the_description():
    glued = invoice(lines=[line(1, "", "TON-55 Toner, black", "5", "80.00"),
                           line(2, "", "PAP-A4 Paper", "10", "25.00")])

    verdict = evaluate(glued, vendor=vendor(), order=order(), duplicates=[])

    assert verdict.findings == []
    assert [(m.po_line_id, m.how) for m in verdict.matches] == [(102, "sku"), (101, "sku")]
