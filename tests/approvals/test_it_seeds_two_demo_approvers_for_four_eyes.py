"""The demo has two approvers: a draft one of them edited is not a dead end, the other approves
it (four eyes)."""
from __future__ import annotations

from django.contrib.auth.models import User

from approvals.models import OutboundEmail
from approvals.services import email_approve, email_edit
from procurement.demo import seed_demo
from procurement.roles import APPROVER


def test_the_second_demo_approver_approves_what_the_first_edited(case, settings, tmp_path):
    settings.DEBUG = True
    seed_demo(pdf_dir=tmp_path / "demo")
    approvers = User.objects.filter(groups__name=APPROVER).order_by("username")
    assert [u.username for u in approvers] == ["approver", "approver2"]
    first, second = approvers

    email = case.propose()
    email = email_edit(email_id=email.pk, user=first, subject=email.subject,
                       body=email.body.replace("Kind regards", "Thank you and kind regards"))
    held = email_approve(email_id=email.pk, user=first)
    assert "another approver must approve it too (four eyes)" in held.message

    email_approve(email_id=email.pk, user=second)
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.APPROVED
