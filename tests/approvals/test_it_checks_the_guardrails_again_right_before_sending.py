"""The guardrails run again right before sending: a contact removed from the vendor file after
the approval blocks the email, and nothing goes out."""
from __future__ import annotations

import pytest
from django.core import mail

from approvals.models import OutboundEmail
from approvals.outbox import email_send
from approvals.services import email_approve

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_blocks_an_approved_email_whose_recipient_left_the_vendor_file(case, approver,
                                                                           settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # unreachable: the approval's job is not run
    email = case.propose()
    email_approve(email_id=email.pk, user=approver)
    case.contact.delete()
    case.vendor.email_domains = []
    case.vendor.save()

    outcome = email_send(email_id=email.pk)

    email.refresh_from_db()
    assert outcome == "blocked before sending"
    assert email.state == OutboundEmail.State.BLOCKED
    assert "petra@northwind.example is not a contact" in email.blocking_verdicts[0]["evidence"]
    assert mail.outbox == []


def test_it_does_nothing_for_an_email_that_is_not_approved(case):
    email = case.propose()

    assert email_send(email_id=email.pk).startswith("skipped")
    assert mail.outbox == []
