"""An approver opens the approvals inbox from the navigation, reads a drafted vendor email with
its guardrail verdicts, approves it, and sees it sent (the relay runs in-process, as in
`make run`); a blocked draft sits apart with the rule and the offending text."""
from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from approvals.models import OutboundEmail
from tests.approvals.conftest import case  # noqa: F401 - the case in exception, with its vendor

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_approves_a_draft_and_shows_it_sent(page, approver, login_as, case, settings):  # noqa: F811
    settings.REDIS_URL = ""  # embedded mode: the outbox relay runs in the web process
    email = case.propose(prose="Thank you for your invoice; one price differs from our order.")
    case.propose(prose="Kindly pay into GB29 NWBK 6016 1331 9268 19 from now on.")
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    login_as(approver)

    nav = page.get_by_role("navigation", name="Main")
    # 1: the blocked draft waits for an edit, not for an approver
    expect(nav.get_by_role("link", name="Approvals")).to_contain_text("1")
    nav.get_by_role("link", name="Approvals").click()

    card = page.locator(f"#email-{email.pk}")
    expect(card.get_by_role("heading", name=email.subject)).to_be_visible()
    expect(card).to_contain_text("Guardrails: all 6 passed")
    expect(card).to_contain_text("821.10 EUR at stake")
    blocked = page.locator(".blocked-list .email-card")
    expect(blocked).to_contain_text("secrets")
    expect(blocked.locator("code")).to_have_text("GB29 NWBK 6016 1331 9268 19")
    expect(blocked.get_by_role("button", name="Approve and send")).to_have_count(0)
    page.screenshot(path="test-artifacts/approvals_inbox_before_approving.png", full_page=True)

    card.get_by_role("button", name="Approve and send").click()

    expect(card).to_contain_text("Approved: the email is on its way.")
    expect(card.locator(".email-state")).to_have_text("Sent")
    email.refresh_from_db()
    assert email.state == OutboundEmail.State.SENT
    [sent] = mail.outbox
    assert sent.to == ["petra@northwind.example"] and sent.subject == email.subject
    assert sent.extra_headers["Message-ID"] == email.message_id
    page.reload()
    expect(page.locator("section", has=page.locator("#sent-title")).locator(
        f"#email-{email.pk}")).to_contain_text("Sent")
    expect(nav.get_by_role("link", name="Approvals")).not_to_contain_text("1")
    assert refused == []
