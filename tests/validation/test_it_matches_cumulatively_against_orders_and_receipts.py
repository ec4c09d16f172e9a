"""Three-way and cumulative: what may still be billed on a PO line is what was ordered (and,
once anything arrived, received) less what the order's other live invoices already billed."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.validation.factories import check, invoice, kinds, line, order, tolerances, vendor


def paper(qty):
    return invoice(lines=[line(1, "PAP-A4", "A4 copy paper, 80 g", qty, "25.00")])


def paper_order(received, billed="0", quantity="10"):
    base = order(received=(D(received), D("5")) if received is not None else None)
    paper_line = base.lines[0].model_copy(update={
        "quantity": D(quantity), "billed_elsewhere": D(billed)})
    net = D(billed) * D("25.00")
    return base.model_copy(update={"lines": [paper_line, base.lines[1]],
                                   "billed_elsewhere": net,
                                   "billed_invoice_count": 1 if D(billed) else 0})


@pytest.mark.parametrize(("qty", "received", "billed", "expected"), [
    ("10", "10", "0", []),
    ("6", "6", "0", []),  # partial delivery, billed as delivered
    ("10", "6", "0", ["billed_not_received"]),  # partial delivery, billed in full
    ("4", "10", "6", []),  # the rest, after an earlier invoice billed 6
    ("5", "10", "6", ["quantity_variance"]),  # one more than ordered across both invoices
    ("4", "8", "6", ["billed_not_received"]),  # 8 arrived, 6 billed before: 2 may be billed
    ("2", "8", "6", []),
    ("12", None, "0", ["quantity_variance"]),  # nothing received: two-way against ordered
    ("10", None, "0", []),
])
def test_it_compares_quantities_with_what_may_still_be_billed(qty, received, billed, expected):
    verdict = check(paper(qty), order_facts=paper_order(received, billed))

    assert kinds(verdict) == expected


@pytest.mark.parametrize(("qty", "expected"), [
    ("11", []),  # 10 % over: exactly at the quantity tolerance
    ("11.001", ["billed_not_received"]),  # just above
])
def test_it_allows_the_quantity_tolerance(qty, expected):
    lenient = vendor(tolerances=tolerances(quantity_pct=D("10"), invoice_pct=D("20")))

    verdict = check(paper(qty), vendor_facts=lenient,
                    order_facts=paper_order("10", quantity="20"))

    assert kinds(verdict) == expected


def test_it_holds_the_third_of_three_invoices_that_together_bill_more_than_arrived():
    # 10 ordered and received; the first two invoices billed 4 each; the third bills 4 again.
    verdict = check(paper("4"), order_facts=paper_order("10", billed="8"))

    assert kinds(verdict) == ["quantity_variance"]
    [finding] = verdict.findings
    assert "8 already billed on other invoices" in finding.message
    assert finding.expected == "2 (ordered, not yet billed)"


def test_it_flags_over_billing_of_the_order_by_splitting():
    # Each invoice bills 10 paper at 25.00 within what arrived, but the PO's paper and toner
    # are worth 650.00 and 600.00 was billed before.
    verdict = check(paper("2"), order_facts=paper_order("10", billed="0").model_copy(
        update={"billed_elsewhere": D("600.00"), "billed_invoice_count": 3}))

    assert kinds(verdict) == []  # 650.00 billed of 650.00

    verdict = check(paper("4"), order_facts=paper_order("10", billed="0").model_copy(
        update={"billed_elsewhere": D("600.00"), "billed_invoice_count": 3}))

    assert kinds(verdict) == ["over_billing"]
    assert "3 other invoice(s)" in verdict.findings[0].message


@pytest.mark.parametrize(("billed_before", "expected"), [
    ("663.00", []),  # 13.00 over 650.00: exactly 2 %
    ("663.01", ["over_billing"]),  # just above
])
def test_it_allows_the_invoice_tolerance_on_the_orders_total(billed_before, expected):
    nothing = invoice(lines=[], subtotal=D("0.00"), tax=D("0.00"), total=D("0.00"))

    verdict = check(nothing, order_facts=order().model_copy(
        update={"billed_elsewhere": D(billed_before), "billed_invoice_count": 2}))

    assert kinds(verdict) == expected


def test_it_raises_no_price_or_quantity_variance_on_a_credit_line():
    credit = invoice(lines=[line(1, "PAP-A4", "A4 copy paper, 80 g", "-2", "25.00")])

    assert kinds(check(credit, order_facts=paper_order("10", billed="10"))) == []
