"""Agent tokens: created by an admin (page or command), shown once, stored as a sha256."""
from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from agents.tools.models import AgentToken
from agents.tools.services import agent_token_authenticate


def test_it_prints_a_new_token_once_and_stores_only_its_hash(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_agent_token", "intake", "--name", "intake on host b", stdout=out,
                 stderr=err)
    raw = out.getvalue().strip()
    token = AgentToken.objects.get()
    assert raw.startswith("ptt_") and len(raw) > 40
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.digest, token.prefix, token.name}
    assert (token.agent, token.name) == ("intake", "intake on host b")
    assert agent_token_authenticate(raw_token=raw) == token


def test_it_refuses_a_token_for_an_agent_without_a_manifest(db):
    with pytest.raises(CommandError):
        call_command("create_agent_token", "accountant", stdout=io.StringIO())
    assert not AgentToken.objects.exists()


def test_it_shows_the_token_once_on_the_admin_page(client, ap_admin):
    client.force_login(ap_admin)
    response = client.post(
        "/admin/tools/agenttoken/add/",
        {"agent": "exception", "name": "drafting box", "rate_limit": ""},
    )
    assert response.status_code == 200
    token = AgentToken.objects.get()
    page = response.content.decode()
    raw = page.split('<code id="issued-token">')[1].split("</code>")[0]
    assert hashlib.sha256(raw.encode()).hexdigest() == token.digest
    assert token.created_by == ap_admin
    page = client.get(f"/admin/tools/agenttoken/{token.pk}/change/")
    assert raw not in page.content.decode()


def test_it_revokes_tokens_from_the_admin(client, ap_admin):
    from agents.tools.services import agent_token_create

    issued = agent_token_create(agent="router")
    client.force_login(ap_admin)
    client.post(
        "/admin/tools/agenttoken/",
        {"action": "revoke", "_selected_action": [issued.token.pk]},
    )
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None

