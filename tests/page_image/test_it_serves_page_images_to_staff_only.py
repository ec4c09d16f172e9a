"""The page image view: clerks, approvers and AP admins get the PNG; nobody else does."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD


@pytest.mark.parametrize("who", ["clerk", "approver", "ap_admin"])
def test_it_serves_the_png_to_every_role(client, invoice, who, request):
    user = request.getfixturevalue(who)
    client.login(username=user.username, password=PASSWORD)

    response = client.get(f"/documents/{invoice.document_id}/pages/1.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG\r\n\x1a\n")
    assert response["Cache-Control"] == "private, max-age=86400"


def test_it_refuses_a_user_without_a_role(client, invoice, outsider):
    client.login(username=outsider.username, password=PASSWORD)

    response = client.get(f"/documents/{invoice.document_id}/pages/1.png")

    assert response.status_code == 403


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, invoice):
    response = client.get(f"/documents/{invoice.document_id}/pages/1.png")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_it_answers_404_for_a_page_the_document_does_not_have(client, invoice, clerk):
    client.login(username=clerk.username, password=PASSWORD)

    response = client.get(f"/documents/{invoice.document_id}/pages/3.png")

    assert response.status_code == 404
    assert response.content.decode() == "The document has 2 page(s), not 3."
