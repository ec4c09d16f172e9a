"""A worker killed (SIGKILL, with its work horse) in the middle of sending. Its lease runs out,
the sweep hands the email to another worker, and the same stored Message-ID goes out again.

Killed before the server accepted: one message arrives. Killed after the server accepted but
before `sent` was saved: the server has two copies with one Message-ID, the window plain SMTP
leaves open (README: "Approvals"); the receiving side drops the copy by its Message-ID."""
from __future__ import annotations

import time

import pytest

from approvals.outbox import outbox_sweep
from approvals.services import email_approve
from tests.approvals.conftest import LEASE_SECONDS, wait_for_state

pytestmark = pytest.mark.django_db(transaction=True)


def _kill_mid_send_and_recover(case, approver, relay_workers, smtp_sink):
    email = case.propose()
    doomed = relay_workers.worker("steps")
    email_approve(email_id=email.pk, user=approver)
    smtp_sink.wait_for(smtp_sink.waiting.is_set)
    relay_workers.kill(doomed)
    wait_for_state(email, "sending", timeout=1)

    relay_workers.worker("steps")
    outbox_sweep()  # the lease still holds: nothing to hand over yet
    time.sleep(LEASE_SECONDS + 0.5)
    assert outbox_sweep()["enqueued"] == 1
    wait_for_state(email, "sent", processes=relay_workers)
    return email


def test_it_sends_once_when_the_worker_died_before_the_server_accepted(
    case, approver, relay_workers, smtp_sink
):
    smtp_sink.hang_before_accepting(60)

    email = _kill_mid_send_and_recover(case, approver, relay_workers, smtp_sink)

    assert smtp_sink.message_ids() == [email.message_id]
    assert email.send_attempts == 2


def test_it_resends_the_same_message_id_when_the_worker_died_after_the_server_accepted(
    case, approver, relay_workers, smtp_sink
):
    smtp_sink.hang_after_accepting(60)

    email = _kill_mid_send_and_recover(case, approver, relay_workers, smtp_sink)

    assert smtp_sink.message_ids() == [email.message_id, email.message_id]
    assert email.send_attempts == 2
    assert "it may have sent it already" in email.events.filter(to_state="sending").last().note
