"""invoice_revalidate: what the clerk's desk calls after a correction or a picked vendor."""
from __future__ import annotations

from django.utils import timezone

from agents.orchestrator.revalidation import invoice_revalidate
from tests.validation.conftest import receive


def test_it_checks_again_after_the_vendor_was_corrected(world, clerk):
    from agents.orchestrator.models import Event, Step
    from procurement.models import Invoice

    document_id = receive(number="C-1", vendor_name="Akme Industrial Supply", tax_id="", iban="")
    assert invoice_revalidate(document_id=document_id, by="agent")["kinds"] == [
        "ambiguous_vendor"
    ]

    Invoice.objects.filter(document_id=document_id).update(vendor_name="ACME Supplies")
    verdict = invoice_revalidate(document_id=document_id, by=clerk.username)

    assert (verdict["kinds"], verdict["status"]) == ([], "matched")
    invoice = Invoice.objects.get(document_id=document_id)
    assert invoice.vendor == world.acme and invoice.findings.count() == 0
    event = Event.objects.filter(workflow__document_id=document_id,
                                 type="InvoiceRevalidated").last()
    assert event.payload["by"] == clerk.username and event.payload["kinds"] == []
    step = Step.objects.filter(workflow__document_id=document_id).last()
    assert (step.agent, step.state, step.output["status"]) == ("validation", "succeeded",
                                                               "matched")


def test_it_keeps_a_persons_acceptance_of_a_finding_found_again(world, clerk):
    from procurement.models import Invoice

    # +10 % on the price, and 12 of the 10 ordered
    document_id = receive(number="C-2", price="5.50", widgets="12")
    invoice_revalidate(document_id=document_id)
    finding = Invoice.objects.get(document_id=document_id).findings.get(kind="price_variance")
    finding.accepted_by, finding.accepted_at = clerk, timezone.now()
    finding.accepted_reason = "Agreed surcharge"
    finding.save()

    invoice_revalidate(document_id=document_id)

    findings = Invoice.objects.get(document_id=document_id).findings.order_by("kind")
    assert [(f.kind, f.accepted_by, f.accepted_reason) for f in findings] == [
        ("over_billing", None, ""),  # never accepted: still open
        ("price_variance", clerk, "Agreed surcharge"),
        ("quantity_variance", None, ""),
    ]
