"""A permanent refusal (5xx) is not retried: the email stays approved, marked failed with the
server's answer, for an approver to see (the relay here runs in-process, as in `make run`)."""
from __future__ import annotations

import pytest

from approvals.models import OutboundEmail
from approvals.outbox import outbox_sweep
from approvals.services import email_approve

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_keeps_the_refusal_for_the_approver(case, approver, smtp_settings, smtp_sink):
    smtp_settings.REDIS_URL = ""  # embedded mode: the relay runs in this process after commit
    smtp_sink.refuse_next(550, "5.1.1 Mailbox unavailable")
    email = case.propose()

    email_approve(email_id=email.pk, user=approver)
    outbox_sweep()  # a sweep does not retry it either

    email.refresh_from_db()
    assert email.state == OutboundEmail.State.APPROVED and email.send_failed
    assert email.send_error.startswith("550") and "Mailbox unavailable" in email.send_error
    assert smtp_sink.refused == 1 and smtp_sink.messages == []
    assert email.send_attempts == 1
