"""The duplicate rule, given what invoices.find_duplicates found (the lookup itself is tested in
tests/tools/test_tool_duplicates.py)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from agents.validation.facts import DuplicateFacts
from tests.validation.factories import check, kinds


def found(invoice_id, reason, number="INV-1"):
    return DuplicateFacts(invoice_id=invoice_id, invoice_number=number, reason=reason,
                          invoice_date=dt.date(2026, 2, 1), total=D("773.50"))


@pytest.mark.parametrize(("duplicates", "expected"), [
    ([], []),
    ([found(1, "same_number")], []),  # itself
    ([found(7, "same_number")], ["duplicate_invoice"]),
    ([found(7, "same_lines", "INV-1-R")], ["suspected_duplicate"]),
    ([found(7, "same_total_nearby", "INV-0999")], ["suspected_duplicate"]),
    # a same-number match wins over a merely similar one
    ([found(6, "same_total_nearby", "X"), found(7, "same_number")], ["duplicate_invoice"]),
])
def test_it_tells_a_duplicate_from_a_suspected_one(duplicates, expected):
    assert kinds(check(duplicates=duplicates)) == expected


def test_it_names_the_earlier_invoice_of_a_renumbered_resend():
    verdict = check(duplicates=[found(7, "same_lines", "INV-1-R")])

    assert "INV-1-R (record 7)" in verdict.findings[0].message
    assert not verdict.is_clean
