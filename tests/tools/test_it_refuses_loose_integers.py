"""Integer arguments are integers: `true`, `"1"` or `1.0` is refused, not read as 1 (issue 12,
item 11), over HTTP and in process alike.
"""
from __future__ import annotations

import json

import pytest

from agents.tools.errors import InvalidArguments
from agents.tools.models import ToolCall
from agents.tools.services import agent_token_create


@pytest.mark.parametrize("loose", [True, "1", 1.0])
def test_it_refuses_a_loose_vendor_id_over_http(client, seeded, loose):
    token = agent_token_create(agent="validation").raw
    response = client.post(
        "/api/tools/vendors.get", data=json.dumps({"vendor_id": loose}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert "vendor_id" in response.json()["error"]
    assert ToolCall.objects.get().outcome == "invalid_arguments"


def test_it_refuses_a_boolean_invoice_id_in_process(tools_for, seeded):
    with pytest.raises(InvalidArguments, match="invoice_id"):
        tools_for("validation").call("invoices.get", invoice_id=True)


def test_it_refuses_a_string_line_number_inside_a_nested_argument(tools_for, seeded):
    with pytest.raises(InvalidArguments, match="line_links.0.line_no"):
        tools_for("validation").call(
            "invoices.record_findings", invoice_id=seeded.invoice.pk,
            line_links=[{"line_no": "1", "po_line_id": seeded.widgets.pk}],
        )


def test_it_still_takes_a_real_integer(tools_for, seeded):
    result = tools_for("validation").call("vendors.get", vendor_id=seeded.acme.pk)
    assert result.legal_name == "Acme Industrial Supplies GmbH"
