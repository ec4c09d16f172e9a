"""A new agent token is shown once, in the response to the admin's add form, and travels in no
cookie (issue 12, item 9: it went through the signed but readable `messages` cookie) and in no
cacheable page.
"""
from __future__ import annotations

from agents.tools.models import AgentToken


def test_it_sends_the_new_token_in_the_page_and_in_no_cookie(client, ap_admin):
    client.force_login(ap_admin)
    response = client.post(
        "/admin/tools/agenttoken/add/",
        {"agent": "validation", "name": "validation on host c", "rate_limit": ""},
    )
    token = AgentToken.objects.get()
    page = response.content.decode()
    raw = page.split('<code id="issued-token">')[1].split("</code>")[0]
    assert raw.startswith(token.prefix)
    assert "shown this once" in page
    # The messages cookie is signed, not encrypted: nothing may be put in it here at all.
    assert not response.cookies.get("messages", None) or not response.cookies["messages"].value
    for cookie in response.cookies.values():
        assert raw not in cookie.value, cookie.key
    assert "no-store" in response["Cache-Control"]
    # Nor is it waiting in the session to be shown on the next page.
    assert raw not in client.get("/admin/tools/agenttoken/").content.decode()
