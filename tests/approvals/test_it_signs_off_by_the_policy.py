"""Sign-off: only Approvers approve; whoever last edited a draft is never its only approver;
above the AP admin's amount two different approvers are needed; an approval is bound to the
content, so an edit after it voids it; a rejection needs a reason."""
from __future__ import annotations

from decimal import Decimal

import pytest

from approvals.models import ApprovalPolicy, OutboundEmail
from approvals.services import (
    EmailRefused,
    email_approve,
    email_discard,
    email_edit,
    email_reject,
)
from procurement.roles import APPROVER
from tests.conftest import _user

S = OutboundEmail.State


@pytest.fixture
def second_approver(db, django_user_model):
    return _user(django_user_model, "beth.approver", APPROVER)


def test_it_lets_only_an_approver_approve(case, clerk, ap_admin, outsider, approver):
    email = case.propose()
    for user in (clerk, ap_admin, outsider):
        with pytest.raises(EmailRefused, match="may not approve") as refused:
            email_approve(email_id=email.pk, user=user)
        assert refused.value.status == 403

    outcome = email_approve(email_id=email.pk, user=approver)

    email.refresh_from_db()
    assert email.state == S.APPROVED and outcome.message.startswith("Approved")
    assert email.message_id.startswith("<") and email.message_id.endswith("@ourco.example>")


def test_it_treats_a_second_click_as_the_same_approval(case, approver):
    email = case.propose()
    email_approve(email_id=email.pk, user=approver)

    again = email_approve(email_id=email.pk, user=approver)

    assert again.message == "You have already approved this email."
    assert email.approvals.count() == 1


def test_it_needs_another_approver_when_the_approver_edited_it_last(case, approver,
                                                                     second_approver):
    email = case.propose()
    email = email_edit(email_id=email.pk, user=approver, subject=email.subject,
                       body=email.body.replace("Kind regards", "Thank you and kind regards"))

    outcome = email_approve(email_id=email.pk, user=approver)

    email.refresh_from_db()
    assert email.state == S.AWAITING_APPROVAL
    assert "another approver must approve it too (four eyes)" in outcome.message
    email_approve(email_id=email.pk, user=second_approver)
    email.refresh_from_db()
    assert email.state == S.APPROVED


def test_it_needs_two_approvers_above_the_admins_amount(case, approver, second_approver):
    ApprovalPolicy.objects.create(two_approvers_above=Decimal("500.00"))
    email = case.propose()  # the invoice total is 821.10 EUR

    first = email_approve(email_id=email.pk, user=approver)
    email.refresh_from_db()
    assert email.state == S.AWAITING_APPROVAL
    assert "a second approver must approve it too" in first.message
    email_approve(email_id=email.pk, user=second_approver)
    email.refresh_from_db()
    assert email.state == S.APPROVED


def test_it_voids_an_approval_when_the_email_is_edited_after_it(case, approver,
                                                                second_approver):
    email = case.propose()
    email_approve(email_id=email.pk, user=approver)

    successor = email_edit(email_id=email.pk, user=second_approver, subject=email.subject,
                           body=email.body.replace("Dear Petra Vogel", "Dear Ms Vogel"))

    email.refresh_from_db()
    assert email.state == S.VOIDED and email.reason == "Edited after approval."
    assert successor.pk != email.pk and successor.replaces_id == email.pk
    assert successor.state == S.AWAITING_APPROVAL and not successor.message_id
    assert successor.is_edited  # the inbox diffs it against the agent's draft
    email_approve(email_id=successor.pk, user=approver)  # not its editor: enough alone
    successor.refresh_from_db()
    assert successor.state == S.APPROVED


def test_it_refuses_to_approve_a_blocked_draft_until_an_edit_passes(case, clerk, approver):
    email = case.propose(prose="Payment will go to GB29 NWBK 6016 1331 9268 19.")
    assert email.state == S.BLOCKED

    with pytest.raises(EmailRefused, match="blocked by a guardrail \\(secrets\\)"):
        email_approve(email_id=email.pk, user=approver)

    fixed = email_edit(email_id=email.pk, user=clerk, subject=email.subject,
                       body=email.body.replace("Payment will go to GB29 NWBK 6016 1331 9268 19.",
                                               "Thank you for your invoice."))
    assert fixed.pk == email.pk and fixed.state == S.AWAITING_APPROVAL
    email_approve(email_id=email.pk, user=approver)
    email.refresh_from_db()
    assert email.state == S.APPROVED


def test_it_rejects_only_with_a_reason(case, approver, clerk):
    email = case.propose()
    with pytest.raises(EmailRefused, match="needs a reason") as refused:
        email_reject(email_id=email.pk, user=approver, reason="  ")
    assert refused.value.status == 422
    with pytest.raises(EmailRefused, match="may not reject"):
        email_reject(email_id=email.pk, user=clerk, reason="no")

    email_reject(email_id=email.pk, user=approver, reason="Ask about the toner by phone first.")

    email.refresh_from_db()
    assert (email.state, email.reason) == (S.REJECTED, "Ask about the toner by phone first.")
    assert list(email.events.values_list("to_state", flat=True)) == [
        "proposed", "awaiting_approval", "rejected"
    ]


def test_it_lets_a_clerk_discard_a_blocked_draft(case, clerk):
    email = case.propose(prose="See https://evil.example/x")

    email_discard(email_id=email.pk, user=clerk)

    email.refresh_from_db()
    assert email.state == S.VOIDED
