"""Every tool call leaves one audit row, whatever its outcome."""
from __future__ import annotations

import pytest

from agents.errors import ToolPermissionError
from agents.tools.errors import InvalidArguments, NotFound
from agents.tools.models import ToolCall
from agents.tools.services import tool_call_trail


def test_it_records_a_successful_call_with_its_step_arguments_and_result(tools_for, seeded):
    tools_for("validation").call("vendors.find", tax_id="DE 123 456 789")
    call = ToolCall.objects.get()
    assert (call.agent, call.tool, call.outcome, call.via) == (
        "validation", "vendors.find", "ok", "python"
    )
    assert call.workflow_id == seeded.workflow.pk
    assert call.step_id == seeded.step.pk
    assert call.arguments == {"tax_id": "DE 123 456 789"}
    assert "Acme Industrial Supplies GmbH" in call.result_summary
    assert call.duration_ms >= 0
    assert call.error == ""


def test_it_records_a_denied_call(tools_for, seeded):
    with pytest.raises(ToolPermissionError):
        tools_for("validation").call("memory.write", subject="x", text="never written")
    call = ToolCall.objects.get()
    assert call.outcome == "denied"
    assert "memory:write" in call.error
    assert call.arguments == {"subject": "x", "text": "never written"}


def test_it_records_invalid_arguments(tools_for):
    with pytest.raises(InvalidArguments):
        tools_for("validation").call("vendors.get", vendor_id="seven")
    call = ToolCall.objects.get()
    assert call.outcome == "invalid_arguments"
    assert "vendor_id" in call.error


def test_it_records_a_tool_that_refused(tools_for):
    with pytest.raises(NotFound):
        tools_for("validation").call("vendors.get", vendor_id=999_999)
    call = ToolCall.objects.get()
    assert call.outcome == "error"
    assert "NotFound" in call.error and "999999" in call.error


def test_it_truncates_long_arguments_and_results(tools_for, seeded):
    document = tools_for("intake").call(
        "documents.get", document_id=seeded.document.pk, include_content=True
    )
    assert document.content() == seeded.document.read_bytes()
    tools_for("validation").call("vendors.find", name="x" * 280 + "y" * 20)
    calls = list(ToolCall.objects.order_by("pk"))
    assert len(calls[0].result_summary) <= 1001
    long_name = calls[1].arguments["name"]
    assert long_name == "x" * 280 + "y" * 20  # 300 characters are kept whole
    tools_for("validation").call("memory.search", query="z" * 301, vendor_id=seeded.acme.pk)
    assert ToolCall.objects.last().arguments["query"].endswith("… (301 chars)")


def test_it_shows_an_invoices_tool_calls_in_order_on_its_trail(tools_for, seeded, fresh_document):
    client = tools_for("validation")
    client.call("vendors.find", name="Acme")
    client.call("purchase_orders.get", number="PO-1001")
    with pytest.raises(ToolPermissionError):
        client.call("directory.account_manager_for_vendor", vendor_id=seeded.acme.pk)
    tools_for("intake").call("documents.get", document_id=fresh_document.pk)  # no workflow link
    other = type(client)("validation")  # a call outside any workflow is on no trail
    other.call("vendors.find", name="Acme")

    trail = tool_call_trail(invoice_id=seeded.invoice.pk)
    assert [(c.tool, c.outcome) for c in trail] == [
        ("vendors.find", "ok"),
        ("purchase_orders.get", "ok"),
        ("directory.account_manager_for_vendor", "denied"),
        ("documents.get", "ok"),
    ]
    assert list(tool_call_trail(workflow_id=seeded.workflow.pk)) == list(trail)
