"""The send job delivered three times, to two real workers: the SMTP server receives one
message, with the Message-ID stored when the email was approved."""
from __future__ import annotations

import pytest

from approvals.outbox import outbox_enqueue
from approvals.services import email_approve
from tests.approvals.conftest import wait_for_state

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_sends_once(case, approver, relay_workers, smtp_sink):
    email = case.propose()
    email_approve(email_id=email.pk, user=approver)  # enqueues the send job after commit
    outbox_enqueue(email_id=email.pk)  # and Redis delivers it twice more
    outbox_enqueue(email_id=email.pk)

    relay_workers.worker("steps")
    relay_workers.worker("steps")

    wait_for_state(email, "sent", processes=relay_workers)
    smtp_sink.wait_for(lambda: len(smtp_sink.messages) >= 1)
    assert smtp_sink.message_ids() == [email.message_id]
    assert smtp_sink.envelopes == [("accounts-payable@ourco.example", ["petra@northwind.example"])]
    assert email.send_attempts == 1
    [message] = smtp_sink.messages
    assert message["Subject"] == email.subject
    assert message.get_content_type() == "text/plain"
