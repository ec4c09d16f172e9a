"""A drafted email is a proposal: guardrails run on it at once, and nothing is sent."""
from __future__ import annotations

import pytest
from django.core import mail

from approvals.models import OutboundEmail
from approvals.services import EmailRefused, email_propose

S = OutboundEmail.State


def _propose(case, key="wf:1:step:7:exception-email", subject="Invoice INV-1: price differs",
             to="petra@northwind.example"):
    return email_propose(
        invoice_id=case.invoice.pk, workflow_id=None, to_email=to, to_name="Petra",
        subject=subject, body="Dear Petra, line 2 of invoice INV-1 is billed at 88.00 EUR.",
        signed_by_id=None, drafted_by="exception/rules", idempotency_key=key,
    )


def test_it_records_a_drafted_email_as_awaiting_approval_not_as_sent(case):
    email, created = _propose(case)

    assert created
    assert email.state == S.AWAITING_APPROVAL
    assert {v["rule"] for v in email.verdicts} >= {"recipients", "secrets", "facts_only"}
    assert email.checked_hash == email.content_hash
    assert not mail.outbox


def test_it_proposes_once_when_a_retried_step_proposes_again(case):
    first, _ = _propose(case)
    again, created = _propose(case, subject="a second draft from the retry")

    assert not created
    assert again.pk == first.pk
    assert again.subject == "Invoice INV-1: price differs"
    assert OutboundEmail.objects.count() == 1


def test_it_refuses_a_recipient_who_is_not_a_contact_of_the_vendor(case):
    with pytest.raises(EmailRefused, match="not a contact of the invoice's vendor"):
        _propose(case, to="attacker@evil.example")
    assert not OutboundEmail.objects.exists()


def test_it_refuses_an_email_about_an_invoice_not_in_exception(case):
    case.invoice.status = "approved"
    case.invoice.save()
    with pytest.raises(EmailRefused, match="not in exception"):
        _propose(case)
