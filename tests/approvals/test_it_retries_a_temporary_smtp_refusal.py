"""A temporary refusal (4xx) is retried with backoff by a real worker until the server takes
the message; the email's trail shows the refusal."""
from __future__ import annotations

import pytest

from approvals.services import email_approve
from tests.approvals.conftest import wait_for_state

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_retries_until_the_server_accepts(case, approver, relay_workers, smtp_sink):
    smtp_sink.refuse_next(451, "4.3.0 Mailbox busy, try again later", times=2)
    email = case.propose()
    email_approve(email_id=email.pk, user=approver)

    relay_workers.worker("steps")

    wait_for_state(email, "sent", processes=relay_workers)
    assert smtp_sink.refused == 2
    assert smtp_sink.message_ids() == [email.message_id]
    assert email.send_attempts == 3
    notes = list(email.events.values_list("note", flat=True))
    assert sum("temporary failure" in note and "451" in note for note in notes) == 2
