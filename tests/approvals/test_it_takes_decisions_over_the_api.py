"""/api/approvals/ with a person's bearer token: the same rules as the page, a refusal is a 4xx
with the reason."""
from __future__ import annotations

import pytest

from approvals.models import OutboundEmail
from procurement.cases.tokens import api_token_create

S = OutboundEmail.State


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user).raw}"}


def test_it_lists_drafts_awaiting_approval_with_their_verdicts(client, case, approver):
    email = case.propose()
    case.propose(prose="Pay to GB29 NWBK 6016 1331 9268 19 please.")  # blocked

    response = client.get("/api/approvals/", {"state": "awaiting_approval"}, **bearer(approver))

    assert response.status_code == 200
    [row] = response.json()
    assert (row["id"], row["state"], row["to"]) == (email.pk, "awaiting_approval",
                                                   "petra@northwind.example")
    assert row["subject"] == email.subject and row["body"] == email.body
    assert {v["rule"] for v in row["guardrails"]} >= {"recipients", "secrets"}
    assert all(v["passed"] for v in row["guardrails"])
    blocked = client.get("/api/approvals/", {"state": "blocked"}, **bearer(approver)).json()
    [verdict] = [v for v in blocked[0]["guardrails"] if not v["passed"]]
    assert verdict["rule"] == "secrets" and verdict["offending"] == [
        "GB29 NWBK 6016 1331 9268 19"
    ]


def test_it_approves_for_an_approver(client, case, approver):
    email = case.propose()

    response = client.post(f"/api/approvals/{email.pk}/approve", **bearer(approver))

    assert response.status_code == 200
    assert response.json()["email"]["state"] == "approved"


def test_it_refuses_a_clerk_approving_with_the_reason(client, case, clerk):
    email = case.propose()

    response = client.post(f"/api/approvals/{email.pk}/approve", **bearer(clerk))

    assert response.status_code == 403
    assert response.json() == {"error": "Your role may not approve an email."}
    email.refresh_from_db()
    assert email.state == S.AWAITING_APPROVAL


def test_it_refuses_an_outsider_everything(client, case, outsider):
    email = case.propose()
    headers = bearer(outsider)

    assert client.get("/api/approvals/", **headers).status_code == 403
    assert client.post(f"/api/approvals/{email.pk}/approve", **headers).status_code == 403
    assert client.get("/api/approvals/").status_code == 401


def test_it_rejects_with_a_reason_and_refuses_without(client, case, approver):
    email = case.propose()

    empty = client.post(f"/api/approvals/{email.pk}/reject", {"reason": " "},
                        content_type="application/json", **bearer(approver))
    done = client.post(f"/api/approvals/{email.pk}/reject", {"reason": "Call them first."},
                       content_type="application/json", **bearer(approver))

    assert empty.status_code == 422 and "needs a reason" in empty.json()["error"]
    assert done.status_code == 200
    assert done.json()["email"]["state"] == "rejected"
    assert done.json()["email"]["reason"] == "Call them first."


def test_it_voids_the_approval_on_an_edit_and_enforces_four_eyes(client, case, approver):
    email = case.propose()
    client.post(f"/api/approvals/{email.pk}/approve", **bearer(approver))

    edited = client.post(
        f"/api/approvals/{email.pk}/edit",
        {"subject": email.subject, "body": email.body.replace("Dear Petra Vogel", "Dear Petra")},
        content_type="application/json", **bearer(approver),
    )
    successor = edited.json()["email"]
    again = client.post(f"/api/approvals/{successor['id']}/approve", **bearer(approver))

    assert edited.status_code == 200 and successor["id"] != email.pk
    assert successor["state"] == "awaiting_approval"
    assert OutboundEmail.objects.get(pk=email.pk).state == S.VOIDED
    assert again.status_code == 200
    assert "four eyes" in again.json()["message"]
    assert again.json()["email"]["state"] == "awaiting_approval"


def test_it_answers_409_for_an_email_no_longer_awaiting_approval(client, case, approver):
    email = case.propose()
    client.post(f"/api/approvals/{email.pk}/reject", {"reason": "no"},
                content_type="application/json", **bearer(approver))

    response = client.post(f"/api/approvals/{email.pk}/approve", **bearer(approver))

    assert response.status_code == 409
    assert "rejected" in response.json()["error"]


@pytest.mark.parametrize("state", ["bogus"])
def test_it_refuses_an_unknown_state(client, approver, state):
    response = client.get("/api/approvals/", {"state": state}, **bearer(approver))
    assert response.status_code == 422 and "Unknown state" in response.json()["error"]
