"""qty x price = amount, lines = subtotal, subtotal + tax = total (Decimal, rounded half-up,
within VALIDATION_ROUNDING_AMOUNT), and the tax against the rate on the PO."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from agents.validation.facts import InvoiceLineFacts
from tests.validation.factories import check, invoice, kinds, order, vendor


def paper(qty, price, amount):
    return InvoiceLineFacts(line_no=1, sku="PAP-A4", description="A4 copy paper, 80 g",
                            quantity=D(qty), unit_price=D(price), amount=D(amount))


def priced(line, tax=None, subtotal=None, total=None):
    subtotal = D(subtotal) if subtotal is not None else line.amount
    tax = D(tax) if tax is not None else (subtotal * D("0.19")).quantize(D("0.01"))
    total = D(total) if total is not None else subtotal + tax
    return invoice(lines=[line], subtotal=subtotal, tax=tax, total=total)


PAPER_ORDER = order(received=(D("1000"), D("5")))


@pytest.mark.parametrize(("inv", "expected"), [
    (priced(paper("10", "25.00", "250.00")), []),
    # 3 x 0.335 = 1.005: rounded half-up to 1.01, and 1.00 is within rounding too
    (priced(paper("3", "0.335", "1.01")), []),
    (priced(paper("3", "0.335", "1.00")), []),
    (priced(paper("3", "0.335", "1.03")), []),  # exactly 0.02 off: the rounding tolerance
    (priced(paper("3", "0.335", "1.04")), ["arithmetic_error"]),  # just above
    (priced(paper("10", "25.00", "205.00")), ["arithmetic_error"]),  # qty x price != amount
    (priced(paper("10", "25.00", "250.00"), subtotal="260.00"),
     ["arithmetic_error"]),  # lines != subtotal (tax is 19% of the printed net, so right)
    (priced(paper("10", "25.00", "250.00"), tax="47.50", total="298.00"),
     ["arithmetic_error"]),  # subtotal + tax != total
    (priced(paper("10", "25.00", "250.00"), total="297.52"), []),  # total 0.02 off: rounding
])
def test_it_checks_the_invoices_own_figures(inv, expected):
    assert kinds(check(inv, order_facts=PAPER_ORDER)) == expected


@pytest.mark.parametrize(("tax", "expected"), [
    ("380.00", []),  # 19% of 2,000.00
    ("380.02", []),  # exactly at the 0.02 tax tolerance
    ("379.97", ["tax_mismatch"]),  # just beyond it
    ("1.00", ["tax_mismatch"]),  # the example: sums consistent, tax wrong
])
def test_it_checks_the_tax_against_the_po_rate_even_when_the_sums_agree(tax, expected):
    line = paper("80", "25.00", "2000.00")
    inv = invoice(lines=[line], subtotal=D("2000.00"), tax=D(tax), total=D("2000.00") + D(tax))

    verdict = check(inv, order_facts=order(received=(D("80"), D("5")),
                                           lines=_paper_line_of(80)))

    assert kinds(verdict) == expected
    if expected:
        assert verdict.findings[0].expected == "380.00 EUR"


def _paper_line_of(quantity):
    return [order().lines[0].model_copy(update={"quantity": D(quantity), "received": D(quantity)})]


def test_it_uses_the_vendors_rate_when_there_is_no_po():
    inv = invoice(po_number="", tax=D("10.00"), total=D("660.00"))

    verdict = check(inv, order_facts=None, vendor_facts=vendor(tax_rate=D("19")))

    assert kinds(verdict) == ["missing_po", "tax_mismatch"]
    assert verdict.findings[1].expected == "123.50 EUR"


def test_it_skips_the_tax_check_when_no_rate_is_on_file():
    inv = invoice(po_number="", tax=D("10.00"), total=D("660.00"))

    verdict = check(inv, order_facts=None, vendor_facts=vendor(tax_rate=None))

    assert kinds(verdict) == ["missing_po"]
    assert {c.check: c.passed for c in verdict.checks}["tax"] is None


@pytest.mark.parametrize(("amount", "tax", "total", "expected"), [
    ("-50.00", "-9.50", "-59.50", []),  # a credit note: same rules, signs kept
    # the line lost its sign: it is not qty x price, and the lines are not the subtotal
    ("50.00", "-9.50", "-59.50", ["arithmetic_error", "arithmetic_error"]),
    ("-50.00", "-9.50", "-40.50", ["arithmetic_error"]),  # total computed as if tax were added
])
def test_it_checks_a_credit_note_with_signs_kept(amount, tax, total, expected):
    credit_line = InvoiceLineFacts(line_no=1, sku="PAP-A4", description="A4 copy paper, 80 g",
                                   quantity=D("-2"), unit_price=D("25.00"), amount=D(amount))
    inv = invoice(lines=[credit_line], subtotal=D("-50.00"), tax=D(tax), total=D(total))

    assert kinds(check(inv)) == expected
