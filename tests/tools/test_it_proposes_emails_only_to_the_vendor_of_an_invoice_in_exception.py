"""email.propose: only about an invoice in exception, only to one of its vendor's contacts on
file, and inside a workflow only about that workflow's invoice (security review, finding 1).
"""
from __future__ import annotations

import pytest

from agents.tools.client import ToolClient
from agents.tools.errors import ToolFailed
from agents.tools.services import agent_token_create

BODY = "Dear Bill, the gadget line is billed above the ordered price. Could you check it?"


@pytest.fixture
def in_exception(seeded):
    """The seeded invoice, linked to Acme and in exception, with an exception step running."""
    from agents.orchestrator.models import Step
    from procurement.models import Invoice

    Invoice.objects.filter(pk=seeded.invoice.pk).update(
        vendor=seeded.acme, status=Invoice.Status.EXCEPTION
    )
    seeded.exception_step = Step.objects.create(
        workflow=seeded.workflow, agent="exception", state=Step.State.RUNNING
    )
    return seeded


def exception_agent(seeded) -> ToolClient:
    return ToolClient(
        "exception", workflow_id=seeded.workflow.pk, step_id=seeded.exception_step.pk
    )


def propose(client, invoice_id, to_email="billing@acme.example"):
    return client.call(
        "email.propose", invoice_id=invoice_id, to_email=to_email, to_name="Bill Ing",
        subject="Invoice 2026-001: price difference", body=BODY,
    )


def proposals():
    from approvals.models import OutboundEmail

    return OutboundEmail.objects.count()


def test_it_proposes_to_a_vendor_contact_ignoring_the_case_of_the_address(in_exception):
    result = propose(exception_agent(in_exception), in_exception.invoice.pk,
                     to_email="Billing@ACME.example")
    assert (result.state, result.created) == ("awaiting_approval", True)
    assert proposals() == 1


def test_it_refuses_a_recipient_who_is_not_a_contact_of_the_invoices_vendor(in_exception):
    from procurement.models import VendorContact

    # A contact of another vendor on file is no better than a stranger.
    VendorContact.objects.create(
        vendor=in_exception.globex, name="Gus", email="ap@globex.example"
    )
    client = exception_agent(in_exception)
    for stranger in ("attacker@evil.example", "ap@globex.example"):
        with pytest.raises(ToolFailed, match="not a contact of the invoice's vendor"):
            propose(client, in_exception.invoice.pk, to_email=stranger)
    assert proposals() == 0


def test_it_refuses_an_invoice_that_is_not_in_exception(in_exception):
    from procurement.models import Invoice

    client = exception_agent(in_exception)
    for status in (Invoice.Status.MATCHED, Invoice.Status.EXTRACTED, Invoice.Status.APPROVED):
        Invoice.objects.filter(pk=in_exception.invoice.pk).update(status=status)
        with pytest.raises(ToolFailed, match="not in exception"):
            propose(client, in_exception.invoice.pk)
    assert proposals() == 0


def test_it_refuses_an_invoice_without_a_vendor_on_file(in_exception):
    from procurement.models import Invoice

    Invoice.objects.filter(pk=in_exception.invoice.pk).update(vendor=None)
    with pytest.raises(ToolFailed, match="not linked to a vendor"):
        propose(exception_agent(in_exception), in_exception.invoice.pk)
    assert proposals() == 0


def test_it_refuses_an_invoice_of_another_workflow(in_exception, fresh_document):
    from agents.orchestrator.models import Step, Workflow
    from procurement.models import Invoice

    other_workflow = Workflow.objects.create(document=fresh_document)
    other_step = Step.objects.create(
        workflow=other_workflow, agent="exception", state=Step.State.RUNNING
    )
    client = ToolClient("exception", workflow_id=other_workflow.pk, step_id=other_step.pk)
    with pytest.raises(ToolFailed, match=f"does not belong to workflow {other_workflow.pk}"):
        propose(client, in_exception.invoice.pk)
    # Its own invoice, in exception and to its vendor's contact, it may write about.
    own = Invoice.objects.create(
        document=fresh_document, vendor=in_exception.acme, status=Invoice.Status.EXCEPTION
    )
    assert propose(client, own.pk).created
    assert proposals() == 1


def test_it_answers_409_over_http_for_the_reviewed_attack(client, in_exception):
    """The reviewed request: an exception token, a matched invoice, a stranger's address."""
    from procurement.models import Invoice

    Invoice.objects.filter(pk=in_exception.invoice.pk).update(status=Invoice.Status.MATCHED)
    token = agent_token_create(agent="exception").raw
    response = client.post(
        "/api/tools/email.propose",
        data={"invoice_id": in_exception.invoice.pk, "to_email": "attacker@evil.example",
              "subject": "Updated bank details", "body": BODY},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_X_STEP_ID=str(in_exception.exception_step.pk),
        HTTP_X_WORKFLOW_ID=str(in_exception.workflow.pk),
    )
    assert response.status_code == 409
    assert "not in exception" in response.json()["error"]
    assert proposals() == 0
