"""A tool that writes acts for a running step of the caller's own agent, over HTTP as in process
(issue 12, item 3: a validation token without workflow headers could clear any invoice's
findings). Reading tools still work without a step.
"""
from __future__ import annotations

import json

import pytest

from agents.errors import ToolPermissionError
from agents.tools.client import ToolClient
from agents.tools.models import ToolCall
from agents.tools.services import agent_token_create


@pytest.fixture
def flagged_invoice(seeded):
    """The seeded invoice with a blocking finding that a clerk must see."""
    seeded.step_client = ToolClient(
        "validation", workflow_id=seeded.workflow.pk, step_id=seeded.step.pk
    )
    seeded.step_client.call(
        "invoices.record_findings",
        invoice_id=seeded.invoice.pk,
        findings=[{"kind": "price_variance", "severity": "blocking", "message": "Widget +20%"}],
    )
    return seeded.invoice


def post(client, token, body, **headers):
    return client.post(
        "/api/tools/invoices.record_findings", data=json.dumps(body),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}", **headers,
    )


def test_it_refuses_a_write_over_http_without_workflow_headers(client, seeded, flagged_invoice):
    token = agent_token_create(agent="validation").raw
    response = post(client, token, {"invoice_id": flagged_invoice.pk, "findings": []})
    assert response.status_code == 403
    assert "running step of the validation agent" in response.json()["error"]
    flagged_invoice.refresh_from_db()
    assert (flagged_invoice.status, flagged_invoice.findings.count()) == ("exception", 1)
    assert ToolCall.objects.filter(via="http").get().outcome == "denied"


def test_it_refuses_a_write_for_a_step_that_is_no_longer_running(client, seeded, flagged_invoice):
    seeded.step.state = "succeeded"
    seeded.step.save(update_fields=["state"])
    token = agent_token_create(agent="validation").raw
    response = post(client, token, {"invoice_id": flagged_invoice.pk, "findings": []},
                    HTTP_X_STEP_ID=str(seeded.step.pk))
    assert response.status_code == 403
    assert flagged_invoice.findings.count() == 1


def test_it_refuses_a_write_in_process_without_a_step(seeded, flagged_invoice):
    with pytest.raises(ToolPermissionError, match="running step of the validation agent"):
        ToolClient("validation").call(
            "invoices.record_findings", invoice_id=flagged_invoice.pk, findings=[]
        )
    assert flagged_invoice.findings.count() == 1


def test_it_refuses_a_write_in_process_for_another_agents_step(seeded, flagged_invoice):
    from agents.orchestrator.models import Step

    intake_step = Step.objects.create(
        workflow=seeded.workflow, agent="intake", state=Step.State.RUNNING
    )
    client = ToolClient("validation", workflow_id=seeded.workflow.pk, step_id=intake_step.pk)
    with pytest.raises(ToolPermissionError, match="not a running step of the validation agent"):
        client.call("invoices.record_findings", invoice_id=flagged_invoice.pk, findings=[])
    assert flagged_invoice.findings.count() == 1


def test_it_accepts_a_write_over_http_for_the_tokens_running_step(client, seeded, flagged_invoice):
    token = agent_token_create(agent="validation").raw
    response = post(client, token, {"invoice_id": flagged_invoice.pk, "findings": []},
                    HTTP_X_STEP_ID=str(seeded.step.pk))
    assert response.status_code == 200
    assert response.json()["status"] == "matched"


def test_it_still_answers_reads_without_a_step(client, seeded):
    token = agent_token_create(agent="validation").raw
    response = client.post(
        "/api/tools/vendors.find", data=json.dumps({"tax_id": "DE123456789"}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200
