"""The approvals inbox: drafts with their case and verdicts, blocked ones apart with the rule and
the offending text, edits diffed against the agent's draft; the navigation link carries the count.
Role checks on every page and action."""
from __future__ import annotations

import pytest
from django.urls import reverse

from approvals.models import OutboundEmail
from approvals.services import email_edit

S = OutboundEmail.State


def test_it_lists_awaiting_and_blocked_drafts_apart(client, case, approver):
    ok = case.propose()
    case.propose(prose="Please see https://evil-payments.example/pay now.")
    client.force_login(approver)

    page = client.get(reverse("approvals:inbox")).content.decode()

    awaiting, blocked = page.split('id="blocked-title"')
    assert f'id="email-{ok.pk}"' in awaiting and "Approve and send" in awaiting
    assert "links_and_markup" in blocked
    assert "<code>https://evil-payments.example/pay</code>" in blocked
    assert "Approve and send" not in blocked
    assert "821.10 EUR</strong> at stake" in awaiting


def test_it_counts_the_waiting_drafts_in_the_approvers_navigation(client, case, approver,
                                                                  clerk):
    case.propose()
    case.propose()
    client.force_login(approver)
    assert 'Approvals <span class="badge warn" aria-label="2 waiting">2</span>' in (
        client.get(reverse("home")).content.decode()
    )
    client.force_login(clerk)
    assert reverse("approvals:inbox") not in client.get(reverse("home")).content.decode()


def test_it_diffs_an_edited_draft_against_the_agents(client, case, approver, clerk):
    email = case.propose()
    email_edit(email_id=email.pk, user=clerk, subject=email.subject,
               body=email.body.replace("Kind regards", "Best wishes"))
    client.force_login(approver)

    page = client.get(reverse("approvals:inbox")).content.decode()

    assert '<span class="diff-removed">- Kind regards,</span>' in page
    assert '<span class="diff-added">+ Best wishes,</span>' in page


def test_it_approves_from_the_page_and_answers_htmx_with_the_card(client, case, approver):
    email = case.propose()
    client.force_login(approver)

    response = client.post(reverse("approvals:action", args=[email.pk, "approve"]),
                           HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert f'id="email-{email.pk}"' in response.content.decode()
    assert "Approved: the email is on its way." in response.content.decode()
    email.refresh_from_db()
    assert email.state == S.APPROVED


def test_it_rejects_from_the_page_without_javascript(client, case, approver):
    email = case.propose()
    client.force_login(approver)

    response = client.post(reverse("approvals:action", args=[email.pk, "reject"]),
                           {"reason": "Wrong contact"}, follow=True)

    assert "Rejected: the case is back with the clerk." in response.content.decode()
    email.refresh_from_db()
    assert (email.state, email.reason) == (S.REJECTED, "Wrong contact")


def test_it_shows_a_clerk_the_refusal_to_approve(client, case, clerk):
    email = case.propose()
    client.force_login(clerk)

    page = client.get(reverse("approvals:inbox")).content.decode()
    response = client.post(reverse("approvals:action", args=[email.pk, "approve"]),
                           HTTP_HX_REQUEST="true")

    assert "Approve and send" not in page  # a clerk may edit, not approve
    assert "Your role may not approve an email." in response.content.decode()
    email.refresh_from_db()
    assert email.state == S.AWAITING_APPROVAL


@pytest.mark.parametrize("name", ["inbox", "email", "approve", "reject", "edit", "discard"])
def test_it_forbids_outsiders_every_page_and_action(client, case, outsider, name):
    email = case.propose()
    client.force_login(outsider)
    if name == "inbox":
        response = client.get(reverse("approvals:inbox"))
    elif name == "email":
        response = client.get(reverse("approvals:email", args=[email.pk]))
    else:
        response = client.post(reverse("approvals:action", args=[email.pk, name]),
                               {"reason": "x", "subject": "Hello there", "body": "x" * 30})

    assert response.status_code == 403
    email.refresh_from_db()
    assert email.state == S.AWAITING_APPROVAL


def test_it_sends_anonymous_visitors_to_the_login(client, case):
    response = client.get(reverse("approvals:inbox"))
    assert response.status_code == 302 and "/login/" in response["Location"]
