"""Failed sign-ins are throttled per account and per address, on the app's login page and the
admin's, with a message that says what happened (issue 12, item 7: 40 wrong passwords in a row
were all answered).
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from accounts.models import LoginFailure
from tests.conftest import PASSWORD

ATTACKER = "192.0.2.66"  # documentation addresses: only REMOTE_ADDR values, never contacted
COLLEAGUE = "192.0.2.10"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 5
    settings.LOGIN_FAILURES_PER_ADDRESS = 20
    settings.LOGIN_LOCKOUT_MINUTES = 15


def sign_in(client, username, password, address=ATTACKER, path="/login/"):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_it_locks_an_account_after_five_wrong_passwords(client, clerk):
    for _ in range(5):
        page = sign_in(client, clerk.username, "guess").content.decode()
        assert "did not match" in page
    response = sign_in(client, clerk.username, PASSWORD)
    assert response.status_code == 200  # the form again, not a redirect: not signed in
    page = response.content.decode()
    assert "Too many failed sign-ins" in page and "Try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_it_locks_the_account_from_every_address(client, clerk):
    for _ in range(5):
        sign_in(client, clerk.username.upper(), "guess")  # the case of the name does not help
    response = sign_in(client, clerk.username, PASSWORD, address=COLLEAGUE)
    assert "Too many failed sign-ins" in response.content.decode()


def test_it_locks_an_address_that_tries_many_accounts(client, clerk, approver):
    for n in range(20):
        sign_in(client, f"user{n}", "guess")
    assert "Too many failed sign-ins" in sign_in(client, clerk.username, PASSWORD).content.decode()
    # Someone else, elsewhere, is not affected.
    assert sign_in(client, approver.username, PASSWORD, address=COLLEAGUE).status_code == 302


def test_it_throttles_the_admin_login_page_too(client, ap_admin):
    for _ in range(5):
        sign_in(client, ap_admin.username, "guess", path="/admin/login/")
    response = sign_in(client, ap_admin.username, PASSWORD, path="/admin/login/")
    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()
    # Failures on one login page count on the other.
    app_login = sign_in(client, ap_admin.username, PASSWORD)
    assert "Too many failed sign-ins" in app_login.content.decode()


def test_it_lets_the_account_in_again_once_the_failures_are_old(client, clerk):
    for _ in range(5):
        sign_in(client, clerk.username, "guess")
    LoginFailure.objects.update(at=LoginFailure.objects.first().at - timedelta(minutes=16))
    assert sign_in(client, clerk.username, PASSWORD).status_code == 302


def test_it_forgets_an_accounts_failures_after_it_signs_in(client, clerk):
    for _ in range(4):
        sign_in(client, clerk.username, "guess")
    assert sign_in(client, clerk.username, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, clerk.username, "guess")
    assert sign_in(client, clerk.username, PASSWORD).status_code == 302


def test_it_stops_counting_once_locked(client, clerk):
    for _ in range(40):
        sign_in(client, clerk.username, "guess")
    assert LoginFailure.objects.count() == 5
