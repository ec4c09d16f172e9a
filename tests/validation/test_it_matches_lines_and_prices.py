"""Pairing invoice lines with PO lines (one description matcher that refuses different numbers),
and unit prices within tolerance: percentage and amount, per line and per invoice."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from agents.validation.facts import OrderLineFacts
from tests.validation.factories import (
    check,
    invoice,
    kinds,
    line,
    order,
    tolerances,
    vendor,
)


def paper_at(price, qty="10"):
    return invoice(lines=[line(1, "PAP-A4", "A4 copy paper, 80 g", qty, price)])


@pytest.mark.parametrize(("price", "expected"), [
    ("25.00", []),
    ("24.00", []),  # cheaper is fine
    ("25.50", []),  # +2.0 %: exactly at the 2 % tolerance
    ("25.51", ["price_variance"]),  # just above
    ("27.00", ["price_variance"]),
])
def test_it_compares_unit_prices_with_the_po_within_the_percentage(price, expected):
    assert kinds(check(paper_at(price))) == expected


@pytest.mark.parametrize(("amount_cap", "expected"), [
    ("5.00", []),  # 10 x 0.50 over = 5.00: exactly at the per-line amount
    ("4.99", ["price_variance"]),  # just above it, though within 2 %
])
def test_it_caps_a_tolerated_price_difference_by_the_line_amount(amount_cap, expected):
    capped = vendor(tolerances=tolerances(price_amount=D(amount_cap)))

    assert kinds(check(paper_at("25.50"), vendor_facts=capped)) == expected


def test_it_flags_a_price_above_the_tolerance_with_expected_and_actual():
    [finding] = check(paper_at("27.00")).findings

    assert (finding.line_no, finding.expected, finding.actual) == (1, "25.00 EUR", "27.00 EUR")
    assert "8.0% above" in finding.message


def test_it_uses_the_vendor_override_when_one_is_set():
    generous = vendor(tolerances=tolerances(price_pct=D("10"), invoice_pct=D("10")))

    assert kinds(check(paper_at("27.00"), vendor_facts=generous)) == []


@pytest.mark.parametrize(("invoice_amount", "expected"), [
    ("9.00", []),  # 5.00 + 4.00 over in total: within
    # each line within its tolerance, together too much (a price matter, not over-billing)
    ("8.99", ["price_variance"]),
])
def test_it_adds_up_tolerated_differences_against_the_invoice_tolerance(invoice_amount, expected):
    both_dearer = invoice(lines=[line(1, "PAP-A4", "A4 copy paper, 80 g", "10", "25.50"),
                                 line(2, "TON-55", "Toner cartridge black", "5", "80.80")])
    strict = vendor(tolerances=tolerances(invoice_amount=D(invoice_amount)))

    verdict = check(both_dearer, vendor_facts=strict)

    assert kinds(verdict) == expected
    assert all(f.line_no is None for f in verdict.findings)


def bolts_order():
    return order(lines=[
        OrderLineFacts(po_line_id=201, line_no=1, description="Hex bolt M10 x 60, zinc plated",
                       quantity=D("100"), unit_price=D("0.40"), tax_rate=D("19"),
                       received=D("100")),
    ])


@pytest.mark.parametrize(("description", "expected", "paired"), [
    ("Hex bolt M10 x 60, zinc plated", [], 201),
    ("Hex bolt M10x60 zinc", [], 201),
    ("Hex bolt M8 x 40, zinc plated", ["unmatched_line"], None),  # reads alike, another bolt
    ("Hex bolt M10 x 80, zinc plated", ["unmatched_line"], None),
])
def test_it_refuses_to_pair_descriptions_whose_numbers_differ(description, expected, paired):
    inv = invoice(lines=[line(1, "", description, "100", "0.40")])

    verdict = check(inv, order_facts=bolts_order())

    assert kinds(verdict) == expected
    assert verdict.matches[0].po_line_id == paired


def test_it_matches_lines_without_sku_by_description():
    no_skus = invoice(lines=[line(1, "", "Copy paper A4 80g", "10", "25.00"),
                             line(2, "", "Black toner cartridge", "5", "80.00")])

    verdict = check(no_skus)

    assert verdict.findings == []
    assert [(m.po_line_id, m.how) for m in verdict.matches] == [
        (101, "description"), (102, "description")
    ]


def test_it_matches_a_sku_printed_inside_the_description():
    glued = invoice(lines=[line(1, "", "TON-55 Toner, black", "5", "80.00"),
                           line(2, "", "PAP-A4 Paper", "10", "25.00")])

    verdict = check(glued)

    assert verdict.findings == []
    assert [(m.po_line_id, m.how) for m in verdict.matches] == [(102, "sku"), (101, "sku")]


def test_it_flags_a_line_that_is_not_on_the_order():
    extra = invoice(lines=[line(1, "PAP-A4", "A4 copy paper, 80 g", "10", "25.00"),
                           line(2, "", "Desk lamp", "1", "15.00")])

    verdict = check(extra, order_facts=order(received=(D("10"), D("5"))))

    assert kinds(verdict) == ["unmatched_line"]
    assert verdict.findings[0].line_no == 2


@pytest.mark.parametrize(("freight_tolerance", "expected"), [
    ("0.00", ["unmatched_line"]),  # the default: freight the PO does not have is held
    ("15.00", []),  # exactly at the freight tolerance
    ("14.99", ["unmatched_line"]),  # just below what is billed
])
def test_it_accepts_freight_without_a_po_line_only_within_its_own_tolerance(
    freight_tolerance, expected
):
    with_freight = invoice(lines=[line(1, "PAP-A4", "A4 copy paper, 80 g", "10", "25.00"),
                                  line(2, "", "Freight / shipping", "1", "15.00")])
    allowing = vendor(tolerances=tolerances(freight_amount=D(freight_tolerance)))

    assert kinds(check(with_freight, vendor_facts=allowing)) == expected


def two_similar_order():
    return order(lines=[
        OrderLineFacts(po_line_id=301, line_no=1, description="Office chair, black mesh",
                       quantity=D("5"), unit_price=D("120.00"), tax_rate=D("19")),
        OrderLineFacts(po_line_id=302, line_no=2, description="Office chair, black leather",
                       quantity=D("5"), unit_price=D("120.00"), tax_rate=D("19")),
    ])


@pytest.mark.parametrize(("answer", "paired", "how", "expected"), [
    (302, 302, "llm", []),  # the model chose one of the plausible lines
    (None, None, "none", ["unmatched_line"]),  # it declined: a clerk pairs it
    (999, None, "none", ["unmatched_line"]),  # a line it was not offered is ignored
])
def test_it_asks_the_model_only_among_several_plausible_lines_and_checks_its_answer(
    answer, paired, how, expected
):
    asked = []

    def pick(inv_line, options):
        asked.append(sorted(o.po_line_id for o in options))
        return answer

    inv = invoice(lines=[line(1, "", "Office chair black", "5", "120.00")])

    verdict = check(inv, order_facts=two_similar_order(), pick=pick)

    assert asked == [[301, 302]]
    assert (verdict.matches[0].po_line_id, verdict.matches[0].how) == (paired, how)
    assert kinds(verdict) == expected


def test_it_does_not_ask_the_model_when_one_line_is_clearly_meant():
    def pick(inv_line, options):
        raise AssertionError("asked without need")

    inv = invoice(lines=[line(1, "", "Office chair, black leather", "5", "120.00")])

    assert check(inv, order_facts=two_similar_order(), pick=pick).matches[0].po_line_id == 302
