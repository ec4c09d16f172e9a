"""A proposed email cannot be approved, re-addressed or rewritten by hand in the admin: that
would bypass the guardrails and the sign-off."""
from datetime import date

import pytest
from django.urls import reverse

from approvals.models import OutboundEmail
from approvals.services import email_propose
from procurement.models import Document, Invoice


@pytest.fixture
def proposal(db):
    document = Document.objects.create(sha256="b" * 64, original_filename="inv.pdf",
                                       storage_path="bb/b.pdf", source="upload", size_bytes=10)
    invoice = Invoice.objects.create(document=document, invoice_number="INV-9",
                                     invoice_date=date(2026, 3, 1))
    email, _ = email_propose(
        invoice_id=invoice.pk, workflow_id=None, to_email="billing@vendor.example",
        to_name="Billing", subject="Invoice INV-9: price differs", body="Dear Billing, ...",
        signed_by_id=None, drafted_by="exception/rules", idempotency_key="k-9",
    )
    return email


def test_it_refuses_a_hand_edit_of_a_proposed_email(client, ap_admin, proposal):
    client.force_login(ap_admin)
    url = reverse("admin:approvals_outboundemail_change", args=[proposal.pk])

    page = client.get(url)
    response = client.post(url, {"state": "sent", "to_email": "attacker@evil.example",
                                 "subject": "x" * 10, "body": "y" * 30})

    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == OutboundEmail.State.PROPOSED
    assert proposal.to_email == "billing@vendor.example"


def test_it_refuses_a_hand_edit_of_what_the_agents_read(client, ap_admin, proposal):
    client.force_login(ap_admin)
    url = reverse("admin:procurement_invoice_change", args=[proposal.invoice_id])

    response = client.post(url, {"iban": "GB29NWBK60161331926819", "status": "approved"})

    assert response.status_code == 403
    assert Invoice.objects.get(pk=proposal.invoice_id).status == Invoice.Status.EXTRACTED
