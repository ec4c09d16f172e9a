"""Who may open the dashboard: clerks and AP admins; approvers and users without a role may not."""
from __future__ import annotations

import pytest

from tests.conftest import PASSWORD


@pytest.mark.parametrize("who", ["clerk", "ap_admin"])
def test_it_opens_for_clerks_and_ap_admins(client, who, request, world):
    user = request.getfixturevalue(who)
    client.login(username=user.username, password=PASSWORD)

    response = client.get("/dashboard/")

    assert response.status_code == 200
    page = response.content.decode()
    assert '<span class="num">25%</span><span>straight-through</span>' in page
    assert "2 of 8 decided invoices needed no person" in page
    assert '<span class="num">3.0 days</span><span>median time to resolution</span>' in page
    assert '<a href="/dashboard/">Dashboard</a>' in page


@pytest.mark.parametrize("who", ["approver", "outsider"])
def test_it_refuses_everyone_else(client, who, request, db):
    user = request.getfixturevalue(who)
    client.login(username=user.username, password=PASSWORD)

    response = client.get("/dashboard/")

    assert response.status_code == 403
    assert "/dashboard/" not in client.get("/").content.decode()


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, db):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
