"""The sender's email domain, the weakest vendor signal: `validate(..., sender_email=...)`
settles who sent an invoice that prints no tax id, IBAN or known name, and never overrules
what the invoice prints. (Email intake is to pass the address it received the document from.)"""
from __future__ import annotations

from tests.validation.conftest import receive


def _validate(document_id, sender_email):
    from django.utils import timezone

    from agents.orchestrator.models import Step, Workflow
    from agents.tools.client import ToolClient
    from agents.validation.step import validate

    workflow = Workflow.objects.get(document_id=document_id)
    step = Step.objects.create(workflow=workflow, agent="validation", queue="inline",
                               workflow_state=workflow.state, state=Step.State.RUNNING,
                               attempt=1, started_at=timezone.now())
    tools = ToolClient("validation", workflow_id=workflow.pk, step_id=step.pk)
    _, summary = validate(tools, document_id, sender_email=sender_email)
    return summary


def _with_domain(world, *domains):
    world.acme.email_domains = list(domains)
    world.acme.save()


def test_the_senders_domain_names_the_vendor_when_nothing_printed_does(world):
    _with_domain(world, "acme.example")
    document = receive(number="INV-1", vendor_name="Billing Department", tax_id="", iban="")

    summary = _validate(document, "Invoices@ACME.example")

    assert (summary["vendor_id"], summary["vendor_matched_on"], summary["kinds"]) == (
        world.acme.pk, "email_domain", [])


def test_without_a_sender_the_same_invoice_is_from_an_unknown_vendor(world):
    _with_domain(world, "acme.example")
    document = receive(number="INV-1", vendor_name="Billing Department", tax_id="", iban="")

    summary = _validate(document, "")

    assert (summary["vendor_id"], summary["kinds"]) == (None, ["unknown_vendor"])


def test_a_printed_tax_id_outranks_the_senders_domain(world):
    from procurement.models import Vendor

    Vendor.objects.create(legal_name="Globex Corporation", email_domains=["globex.example"])
    document = receive(number="INV-1")  # prints Acme's tax id

    summary = _validate(document, "ap@globex.example")

    assert (summary["vendor_id"], summary["vendor_matched_on"]) == (world.acme.pk, "tax_id")
