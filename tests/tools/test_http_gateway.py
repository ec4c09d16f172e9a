"""POST /api/tools/<name>: the same tools for agents elsewhere, behind a per-agent bearer token."""
from __future__ import annotations

import json

import pytest

from agents.tools.models import ToolCall
from agents.tools.services import agent_token_create, agent_token_revoke


@pytest.fixture
def validation_token(seeded):
    return agent_token_create(agent="validation", name="validation worker").raw


def post(client, name, body, token=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(f"/api/tools/{name}", data=data, content_type="application/json", **headers)


def test_it_runs_a_tool_for_a_valid_token(client, seeded, validation_token):
    response = post(client, "vendors.find", {"tax_id": "DE123456789"}, validation_token)
    assert response.status_code == 200
    candidates = response.json()["candidates"]
    assert candidates[0]["legal_name"] == "Acme Industrial Supplies GmbH"
    call = ToolCall.objects.get()
    assert (call.agent, call.via, call.outcome) == ("validation", "http", "ok")
    assert call.token.name == "validation worker"


def test_it_attributes_a_call_to_the_step_named_in_the_headers(client, seeded, validation_token):
    seeded.step.state = "running"  # only a running step's calls are accepted
    seeded.step.save(update_fields=["state"])
    response = post(
        client, "purchase_orders.get", {"number": "PO-1001"}, validation_token,
        HTTP_X_STEP_ID=str(seeded.step.pk),
    )
    assert response.status_code == 200
    assert response.json()["purchase_order"]["lines"][1]["unit_price"] == "12.5000"
    call = ToolCall.objects.get()
    assert (call.workflow_id, call.step_id) == (seeded.workflow.pk, seeded.step.pk)


def test_it_refuses_a_step_that_belongs_to_another_agent(client, seeded):
    token = agent_token_create(agent="librarian").raw
    response = post(client, "vendors.find", {"name": "Acme"}, token,
                    HTTP_X_STEP_ID=str(seeded.step.pk))
    assert response.status_code == 403
    assert "not a step of the librarian agent" in response.json()["error"]


def test_it_answers_401_without_a_token(client, seeded):
    response = post(client, "vendors.find", {"name": "Acme"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "bearer token is required" in response.json()["error"]
    assert not ToolCall.objects.exists()


def test_it_answers_401_for_an_unknown_token(client, seeded):
    response = post(client, "vendors.find", {"name": "Acme"}, "ptt_made-up")
    assert response.status_code == 401
    assert response.json()["error"] == "The bearer token is not valid."


def test_it_answers_401_for_a_revoked_token(client, seeded):
    issued = agent_token_create(agent="validation")
    assert agent_token_revoke(token_id=issued.token.pk)
    assert not agent_token_revoke(token_id=issued.token.pk)  # once
    response = post(client, "vendors.find", {"name": "Acme"}, issued.raw)
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]
    assert not ToolCall.objects.exists()


def test_it_answers_403_and_audits_a_tool_outside_the_agents_scopes(client, seeded):
    token = agent_token_create(agent="intake").raw
    response = post(client, "purchase_orders.get", {"number": "PO-1001"}, token)
    assert response.status_code == 403
    assert "purchase_orders:read" in response.json()["error"]
    call = ToolCall.objects.get()
    assert (call.agent, call.tool, call.outcome, call.via) == (
        "intake", "purchase_orders.get", "denied", "http"
    )
    assert call.arguments == {"number": "PO-1001"}


def test_it_answers_403_before_reading_bad_arguments_outside_the_scopes(client, seeded):
    token = agent_token_create(agent="intake").raw
    response = post(client, "purchase_orders.get", "not json", token)
    assert response.status_code == 403
    assert ToolCall.objects.get().outcome == "denied"


def test_it_answers_422_for_bad_arguments_and_audits_them(client, seeded, validation_token):
    response = post(client, "vendors.get", {"vendor_id": "seven", "extra": 1}, validation_token)
    assert response.status_code == 422
    body = response.json()
    assert {tuple(d["loc"]) for d in body["details"]} == {("vendor_id",), ("extra",)}
    assert "vendor_id" in body["error"]
    call = ToolCall.objects.get()
    assert call.outcome == "invalid_arguments"
    assert call.arguments == {"vendor_id": "seven", "extra": 1}


def test_it_answers_422_for_a_body_that_is_not_json(client, seeded, validation_token):
    response = post(client, "vendors.get", "{nope", validation_token)
    assert response.status_code == 422
    assert ToolCall.objects.get().outcome == "invalid_arguments"


def test_it_answers_404_for_an_unknown_tool_or_object(client, seeded, validation_token):
    response = post(client, "vendors.delete", {"vendor_id": 1}, validation_token)
    assert response.status_code == 404
    assert "no tool named 'vendors.delete'" in response.json()["error"]
    response = post(client, "vendors.get", {"vendor_id": 987654}, validation_token)
    assert response.status_code == 404
    assert response.json()["error"] == "There is no vendor 987654."


def test_it_answers_409_when_a_tool_refuses(client, seeded, validation_token):
    from procurement.models import Invoice

    Invoice.objects.filter(pk=seeded.invoice.pk).update(status=Invoice.Status.APPROVED)
    response = post(client, "invoices.record_findings", {"invoice_id": seeded.invoice.pk},
                    validation_token, HTTP_X_STEP_ID=str(seeded.step.pk))
    assert response.status_code == 409
    assert "already approved" in response.json()["error"]


def test_it_needs_no_csrf_token_because_it_reads_no_cookies(seeded, validation_token):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post(strict, "vendors.find", {"name": "Acme"}, validation_token)
    assert response.status_code == 200
