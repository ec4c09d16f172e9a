"""Two approvers approving the same email at the same moment, and one approver's double click:
one approval decides, one message reaches the SMTP server."""
from __future__ import annotations

import threading

import pytest
from django.db import connection

from approvals.models import OutboundEmail
from approvals.services import EmailRefused, email_approve
from procurement.roles import APPROVER
from tests.approvals.conftest import wait_for_state
from tests.conftest import _user

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*calls):
    """Run the calls in threads (each with its own database connection), released together."""
    start, outcomes = threading.Barrier(len(calls)), []

    def run(call):
        start.wait()
        try:
            outcomes.append(call().message)
        except EmailRefused as refused:
            outcomes.append(f"refused: {refused}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def test_it_sends_once_when_two_approvers_click_at_once(case, approver, django_user_model,
                                                        relay_workers, smtp_sink):
    beth = _user(django_user_model, "beth.approver", APPROVER)
    email = case.propose()
    relay_workers.worker("steps")

    outcomes = _at_once(lambda: email_approve(email_id=email.pk, user=approver),
                        lambda: email_approve(email_id=email.pk, user=beth))

    assert sum(o.startswith("Approved") for o in outcomes) == 1, outcomes
    wait_for_state(email, "sent", processes=relay_workers)
    smtp_sink.wait_for(lambda: len(smtp_sink.messages) >= 1)
    assert smtp_sink.message_ids() == [email.message_id]


def test_it_sends_once_when_an_approver_double_clicks(case, approver, relay_workers, smtp_sink):
    email = case.propose()
    relay_workers.worker("steps")

    outcomes = _at_once(lambda: email_approve(email_id=email.pk, user=approver),
                        lambda: email_approve(email_id=email.pk, user=approver))

    assert sorted(outcomes) == ["Approved: the email is on its way.",
                                "You have already approved this email."]
    wait_for_state(email, "sent", processes=relay_workers)
    smtp_sink.wait_for(lambda: len(smtp_sink.messages) >= 1)
    assert len(smtp_sink.messages) == 1
    assert OutboundEmail.objects.get().approvals.count() == 1
