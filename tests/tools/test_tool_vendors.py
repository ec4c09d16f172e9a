"""vendors.find / vendors.get / directory.account_manager_for_vendor against seeded vendors."""
from __future__ import annotations

from decimal import Decimal

import pytest

from agents.tools.errors import NotFound


def names_and_signals(result):
    return [(c.legal_name, c.matched_on) for c in result.candidates]


def test_it_finds_a_vendor_by_tax_id_printed_with_spaces(tools_for, seeded):
    result = tools_for("validation").call("vendors.find", tax_id="de 123.456.789")
    assert names_and_signals(result) == [("Acme Industrial Supplies GmbH", ["tax_id"])]
    assert result.candidates[0].score == 1.0


def test_it_finds_a_vendor_by_tax_id_printed_without_country_prefix(tools_for, seeded):
    result = tools_for("validation").call("vendors.find", tax_id="123456789")
    assert result.candidates[0].vendor_id == seeded.acme.pk


def test_it_finds_a_vendor_by_iban(tools_for, seeded):
    result = tools_for("validation").call("vendors.find", iban="GB29 NWBK 6016 1331 9268 19")
    [candidate] = result.candidates
    assert (candidate.legal_name, candidate.score, candidate.is_active) == (
        "Globex Corporation", 0.95, False
    )


def test_it_finds_a_vendor_by_an_alias(tools_for, seeded):
    result = tools_for("validation").call("vendors.find", name="Acme Supplies Ltd.")
    assert names_and_signals(result) == [("Acme Industrial Supplies GmbH", ["alias"])]
    assert result.candidates[0].score == 0.9


def test_it_scores_a_similar_name_lower_than_an_exact_one(tools_for, seeded):
    result = tools_for("validation").call("vendors.find", name="Globex Corporatoin")
    [candidate] = result.candidates
    assert candidate.matched_on == ["similar_name"]
    assert 0.5 < candidate.score < 0.9


def test_it_adds_agreeing_signals_to_the_score(tools_for, seeded):
    result = tools_for("validation").call(
        "vendors.find", name="ACME Supplies", iban="DE89370400440532013000"
    )
    assert result.candidates[0].matched_on == ["iban", "alias"]
    assert result.candidates[0].score == 1.0


def test_it_finds_nothing_for_a_stranger(tools_for, seeded):
    result = tools_for("validation").call("vendors.find", name="Initech", tax_id="FR000")
    assert result.candidates == []


def test_it_gets_what_is_on_file_for_a_vendor(tools_for, seeded):
    vendor = tools_for("validation").call("vendors.get", vendor_id=seeded.acme.pk)
    assert vendor.iban == "DE89370400440532013000"
    assert vendor.currency == "EUR"
    assert vendor.tolerances.price_pct == Decimal("1.500")  # the vendor's own override
    assert vendor.tolerances.invoice_amount == Decimal("100.00")  # the default
    assert [c.email for c in vendor.contacts] == ["billing@acme.example"]
    assert vendor.aliases == ["ACME Supplies"]


def test_it_names_the_account_manager_of_a_vendor(tools_for, seeded):
    result = tools_for("exception").call(
        "directory.account_manager_for_vendor", vendor_id=seeded.acme.pk
    )
    assert (result.account_manager.name, result.account_manager.email) == (
        "Mia Manager", "mia@buyer.example"
    )
    nobody = tools_for("exception").call(
        "directory.account_manager_for_vendor", vendor_id=seeded.globex.pk
    )
    assert nobody.account_manager is None


def test_it_reports_an_unknown_vendor_as_not_found(tools_for, seeded):
    with pytest.raises(NotFound):
        tools_for("exception").call("directory.account_manager_for_vendor", vendor_id=0)
