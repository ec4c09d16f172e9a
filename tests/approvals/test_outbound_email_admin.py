"""A drafted email cannot be approved, re-addressed or rewritten by hand in the admin: that
would bypass the guardrails and the sign-off."""
import pytest
from django.urls import reverse

from approvals.models import OutboundEmail
from procurement.models import Invoice


@pytest.fixture
def proposal(case):
    return case.propose()


def test_it_refuses_a_hand_edit_of_a_proposed_email(client, ap_admin, proposal):
    client.force_login(ap_admin)
    url = reverse("admin:approvals_outboundemail_change", args=[proposal.pk])

    page = client.get(url)
    response = client.post(url, {"state": "sent", "to_email": "attacker@evil.example",
                                 "subject": "x" * 10, "body": "y" * 30})

    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == OutboundEmail.State.AWAITING_APPROVAL
    assert proposal.to_email == "petra@northwind.example"


def test_it_refuses_a_hand_edit_of_what_the_agents_read(client, ap_admin, proposal):
    client.force_login(ap_admin)
    url = reverse("admin:procurement_invoice_change", args=[proposal.invoice_id])

    response = client.post(url, {"iban": "GB29NWBK60161331926819", "status": "approved"})

    assert response.status_code == 403
    assert Invoice.objects.get(pk=proposal.invoice_id).status == Invoice.Status.EXCEPTION
