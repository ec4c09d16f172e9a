from __future__ import annotations

import pytest

from tests.validation.factories import check, invoice, kinds, order


@pytest.mark.parametrize(("inv", "order_facts", "expected"), [
    (invoice(po_number=""), None, ["missing_po"]),
    (invoice(po_number="PO-9999"), None, ["unknown_po"]),
    (invoice(), order(status="closed"), ["closed_po"]),
    (invoice(), order(status="cancelled"), ["closed_po"]),
    (invoice(), order(vendor_id=2), ["po_vendor_mismatch"]),
    (invoice(currency="USD"), order(), ["currency_mismatch"]),
])
def test_it_names_what_is_wrong_with_the_po(inv, order_facts, expected):
    assert kinds(check(inv, order_facts=order_facts)) == expected


def test_it_says_which_po_does_not_exist():
    verdict = check(invoice(po_number="PO-9999"), order_facts=None)

    assert "PO-9999 does not exist" in verdict.findings[0].message
