from datetime import date

import pytest

from approvals.models import OutboundEmail
from approvals.services import email_propose
from procurement.models import Document, Invoice


@pytest.fixture
def invoice(db):
    document = Document.objects.create(
        sha256="a" * 64, original_filename="inv.pdf", storage_path="aa/a.pdf", source="upload",
        size_bytes=10,
    )
    return Invoice.objects.create(document=document, invoice_number="INV-1",
                                  invoice_date=date(2026, 3, 1))


def _propose(invoice, key="wf:1:exception-email", subject="Invoice INV-1: price differs"):
    return email_propose(
        invoice_id=invoice.pk, workflow_id=None, to_email="billing@vendor.example",
        to_name="Billing", subject=subject, body="Dear Billing, ...", signed_by_id=None,
        drafted_by="exception/rules", idempotency_key=key,
    )


def test_it_records_a_drafted_email_as_a_proposal_not_a_sent_email(invoice):
    email, created = _propose(invoice)

    assert created
    assert email.state == OutboundEmail.State.PROPOSED


def test_it_proposes_once_when_a_retried_step_proposes_again(invoice):
    first, _ = _propose(invoice)
    again, created = _propose(invoice, subject="a second draft from the retry")

    assert not created
    assert again.pk == first.pk
    assert again.subject == "Invoice INV-1: price differs"
    assert OutboundEmail.objects.count() == 1
