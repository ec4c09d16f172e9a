"""Arguments from agent code are validated against the tool's pydantic model before it runs."""
from __future__ import annotations

import pytest

from agents.errors import PermanentError
from agents.tools.errors import InvalidArguments, UnknownTool


def test_it_refuses_a_missing_argument_as_a_permanent_error(tools_for):
    with pytest.raises(InvalidArguments) as raised:
        tools_for("validation").call("vendors.get")
    assert isinstance(raised.value, PermanentError)
    assert "vendor_id" in raised.value.reason
    assert raised.value.errors[0]["loc"] == ["vendor_id"]


def test_it_refuses_an_argument_of_the_wrong_type(tools_for):
    with pytest.raises(InvalidArguments, match="vendor_id"):
        tools_for("validation").call("vendors.get", vendor_id="the acme one")


def test_it_refuses_an_unknown_argument_instead_of_ignoring_it(tools_for, seeded):
    with pytest.raises(InvalidArguments, match="vendorid"):
        tools_for("validation").call("vendors.get", vendor_id=seeded.acme.pk, vendorid=1)


def test_it_applies_the_tools_own_rules_across_fields(tools_for):
    with pytest.raises(InvalidArguments, match="at least one of name, tax_id, iban or email"):
        tools_for("validation").call("vendors.find", name="  ")


def test_it_refuses_money_with_more_decimals_than_the_ledger_keeps(tools_for, fresh_document):
    with pytest.raises(InvalidArguments, match="decimal"):
        tools_for("intake").call(
            "invoices.save_extraction",
            document_id=fresh_document.pk,
            outcome="parsed",
            extraction={"total": "10.005"},
        )


def test_it_names_an_unknown_tool(tools_for):
    with pytest.raises(UnknownTool, match="vendors.delete"):
        tools_for("validation").call("vendors.delete", vendor_id=1)
