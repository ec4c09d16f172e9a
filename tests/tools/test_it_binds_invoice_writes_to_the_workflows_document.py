"""invoices.save_extraction and invoices.record_findings write, inside a workflow, only about
that workflow's document (security review, finding 3). Outside any workflow they are refused
(test_it_refuses_writes_without_a_running_step_of_the_callers_agent).
"""
from __future__ import annotations

import json

import pytest

from agents.tools.client import ToolClient
from agents.tools.errors import ToolFailed
from agents.tools.services import agent_token_create

EXTRACTION = {"vendor_name": "Mallory Ltd", "invoice_number": "X-1", "total": "1.00"}


@pytest.fixture
def other_workflow(db, fresh_document):
    """A second document's workflow, with an intake and a validation step running."""
    from agents.orchestrator.models import Step, Workflow

    workflow = Workflow.objects.create(document=fresh_document)
    steps = {
        agent: Step.objects.create(workflow=workflow, agent=agent, state=Step.State.RUNNING)
        for agent in ("intake", "validation")
    }
    return workflow, steps


def client_in(workflow, steps, agent) -> ToolClient:
    return ToolClient(agent, workflow_id=workflow.pk, step_id=steps[agent].pk)


def test_it_refuses_to_save_an_extraction_of_another_workflows_document(seeded, other_workflow):
    from procurement.models import Invoice

    status_before = seeded.document.status
    intake = client_in(*other_workflow, "intake")
    with pytest.raises(ToolFailed, match=f"does not belong to workflow {other_workflow[0].pk}"):
        intake.call("invoices.save_extraction", document_id=seeded.document.pk,
                    outcome="parsed", extraction=EXTRACTION)
    with pytest.raises(ToolFailed, match="does not belong to workflow"):
        intake.call("invoices.save_extraction", document_id=seeded.document.pk,
                    outcome="rejected", reason="Not an invoice.")
    seeded.document.refresh_from_db()
    assert seeded.document.status == status_before
    assert Invoice.objects.get(pk=seeded.invoice.pk).vendor_name == "ACME Supplies"


def test_it_refuses_to_record_findings_on_another_workflows_invoice(seeded, other_workflow):
    from procurement.models import Invoice

    validation = client_in(*other_workflow, "validation")
    with pytest.raises(ToolFailed, match=f"Invoice {seeded.invoice.pk} does not belong"):
        validation.call(
            "invoices.record_findings", invoice_id=seeded.invoice.pk,
            findings=[{"kind": "price_variance", "message": "Made up."}],
        )
    invoice = Invoice.objects.get(pk=seeded.invoice.pk)
    assert (invoice.status, invoice.findings.count()) == (Invoice.Status.EXTRACTED, 0)


def test_it_still_writes_about_its_own_workflows_document(other_workflow, fresh_document):
    workflow, steps = other_workflow
    saved = client_in(workflow, steps, "intake").call(
        "invoices.save_extraction", document_id=fresh_document.pk, outcome="parsed",
        extraction=EXTRACTION,
    )
    recorded = client_in(workflow, steps, "validation").call(
        "invoices.record_findings", invoice_id=saved.invoice_id,
    )
    assert recorded.status == "matched"


def test_it_answers_409_over_http_for_another_workflows_document(client, seeded,
                                                                  other_workflow):
    workflow, steps = other_workflow
    token = agent_token_create(agent="intake").raw
    response = client.post(
        "/api/tools/invoices.save_extraction",
        data=json.dumps({"document_id": seeded.document.pk, "outcome": "rejected",
                         "reason": "Overwritten by another workflow."}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_X_WORKFLOW_ID=str(workflow.pk), HTTP_X_STEP_ID=str(steps["intake"].pk),
    )
    assert response.status_code == 409
    assert "does not belong to workflow" in response.json()["error"]

