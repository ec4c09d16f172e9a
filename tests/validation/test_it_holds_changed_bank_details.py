"""A printed account that is not the one on file, or not a valid IBAN, is a blocking hold."""
from __future__ import annotations

import pytest

from tests.validation.factories import IBAN, check, invoice, kinds, vendor

OTHER_VALID_IBAN = "GB29NWBK60161331926819"


@pytest.mark.parametrize(("printed", "on_file", "expected", "passed"), [
    ("DE89 3704 0044 0532 0130 00", IBAN, [], True),  # spacing does not matter
    (OTHER_VALID_IBAN, IBAN, ["bank_account_changed"], False),
    ("DE89 3704 0044 0532 0130 01", IBAN, ["bank_account_changed"], False),  # bad check digits
    ("", IBAN, [], None),  # nothing printed
    (OTHER_VALID_IBAN, "", [], None),  # nothing on file to compare with
])
def test_it_compares_the_printed_iban_with_the_one_on_file(printed, on_file, expected, passed):
    verdict = check(invoice(iban=printed), vendor_facts=vendor(iban=on_file))

    assert kinds(verdict) == expected
    assert {c.check: c.passed for c in verdict.checks}["bank_account"] is passed
    assert verdict.is_clean == (not expected)


def test_it_compares_a_domestic_account_number_too():
    verdict = check(invoice(iban="", bank_account_number="12-3456-78"),
                    vendor_facts=vendor(iban="", bank_account_number="12345679"))

    assert kinds(verdict) == ["bank_account_changed"]
    assert verdict.findings[0].severity == "blocking"
