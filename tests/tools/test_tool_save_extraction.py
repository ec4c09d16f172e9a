"""invoices.save_extraction: intake's one write, idempotent for a document."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from agents.tools.client import ToolClient
from agents.tools.errors import InvalidArguments, ToolFailed

EXTRACTION = {
    "vendor_name": "ACME Supplies",
    "vendor_tax_id": "DE123456789",
    "invoice_number": "2026-002",
    "invoice_date": "2026-02-01",
    "currency": "eur",
    "po_number": "PO-1001",
    "subtotal": "50.00",
    "tax": "9.50",
    "total": "59.50",
    "iban": "DE89370400440532013000",
    "lines": [
        {"description": "Widget", "quantity": "10", "unit_price": "5.00", "amount": "50.00"},
    ],
    "confidence": {"total": 0.98, "invoice_number": 0.9},
    "evidence": {"total": {"page": 0, "bbox": [400.0, 700.0, 460.0, 712.0]}},
    "page_count": 1,
    "text_chars": 812,
    "warnings": [],
    "source": "text",
}


def intake_for(document) -> ToolClient:
    """Intake inside the document's own workflow: a step writes only about its workflow's
    document (see test_it_binds_invoice_writes_to_the_workflows_document.py).
    """
    from agents.orchestrator.models import Step, Workflow

    workflow, _ = Workflow.objects.get_or_create(document=document)
    step, _ = Step.objects.get_or_create(
        workflow=workflow, agent="intake", defaults={"state": Step.State.RUNNING}
    )
    return ToolClient("intake", workflow_id=workflow.pk, step_id=step.pk)


def save(document, **overrides):
    arguments = {"document_id": document.pk, "outcome": "parsed", "extraction": EXTRACTION,
                 "extracted_by": "rules", **overrides}
    return intake_for(document).call("invoices.save_extraction", **arguments)


def test_it_creates_the_invoice_and_marks_the_document_parsed(fresh_document):
    from procurement.models import Invoice

    result = save(fresh_document)
    invoice = Invoice.objects.get(pk=result.invoice_id)
    assert (invoice.invoice_number, invoice.invoice_date, invoice.total, invoice.currency) == (
        "2026-002", dt.date(2026, 2, 1), Decimal("59.50"), "EUR"
    )
    assert invoice.evidence["total"] == {"page": 0, "bbox": [400.0, 700.0, 460.0, 712.0]}
    assert invoice.confidence == {"total": 0.98, "invoice_number": 0.9}
    assert invoice.bank_account_number == ""  # not read: blank, not null
    assert [(line.line_no, line.amount) for line in invoice.lines.all()] == [
        (1, Decimal("50.00"))
    ]
    fresh_document.refresh_from_db()
    assert (fresh_document.status, fresh_document.page_count) == ("parsed", 1)
    assert result.line_count == 1


def test_it_saves_the_same_extraction_twice_as_one_invoice(fresh_document):
    from procurement.models import Invoice, InvoiceLine

    first = save(fresh_document)
    second = save(fresh_document)
    assert first == second
    assert Invoice.objects.filter(document=fresh_document).count() == 1
    assert InvoiceLine.objects.filter(invoice_id=first.invoice_id).count() == 1


def test_it_replaces_an_earlier_extraction_of_the_same_document(fresh_document):
    from procurement.models import Invoice

    first = save(fresh_document)
    corrected = {**EXTRACTION, "total": "60.00", "lines": EXTRACTION["lines"] * 2}
    second = save(fresh_document, extraction=corrected)
    assert second.invoice_id == first.invoice_id
    invoice = Invoice.objects.get(pk=first.invoice_id)
    assert invoice.total == Decimal("60.00")
    assert invoice.lines.count() == 2


def test_it_rejects_a_document_with_the_reason(fresh_document):
    result = intake_for(fresh_document).call(
        "invoices.save_extraction", document_id=fresh_document.pk, outcome="rejected",
        reason="Scanned image without text; no invoice number or total found.",
    )
    fresh_document.refresh_from_db()
    assert (result.document_status, result.invoice_id) == ("rejected", None)
    assert fresh_document.status == "rejected"
    assert fresh_document.error_reason.startswith("Scanned image")


def test_it_drops_an_unvalidated_extraction_when_the_document_is_rejected(fresh_document):
    from procurement.models import Invoice

    save(fresh_document)
    intake_for(fresh_document).call(
        "invoices.save_extraction", document_id=fresh_document.pk, outcome="rejected",
        reason="Not an invoice: a delivery note.",
    )
    assert not Invoice.objects.filter(document=fresh_document).exists()


def test_it_will_not_replace_an_invoice_validation_has_moved_on(seeded):
    from procurement.models import Invoice

    Invoice.objects.filter(pk=seeded.invoice.pk).update(status=Invoice.Status.EXCEPTION)
    with pytest.raises(ToolFailed, match="already exception"):
        save(seeded.document)
    assert Invoice.objects.get(pk=seeded.invoice.pk).invoice_number == "2026-001"


def test_it_needs_a_reason_to_reject_and_an_extraction_to_parse(fresh_document):
    with pytest.raises(InvalidArguments, match="needs a reason"):
        intake_for(fresh_document).call(
            "invoices.save_extraction", document_id=fresh_document.pk, outcome="rejected"
        )
    with pytest.raises(InvalidArguments, match="needs an extraction"):
        intake_for(fresh_document).call(
            "invoices.save_extraction", document_id=fresh_document.pk, outcome="parsed"
        )
