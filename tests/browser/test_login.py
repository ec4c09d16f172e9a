"""Signing in and out, in a real browser, through the real login form."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def test_it_shows_the_login_page(page):
    page.goto("/login/")

    expect(page).to_have_title(re.compile("Sign in"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label("Username")).to_be_focused()
    expect(page.get_by_label("Password")).to_be_visible()


def test_it_explains_a_wrong_password(page, clerk, login_as):
    login_as(clerk, password="not the password")

    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.get_by_role("alert")).to_contain_text("did not match")
    expect(page.get_by_label("Username")).to_have_value(clerk.username)
    expect(page.get_by_label("Password")).to_be_focused()


def test_it_shows_the_clerk_the_overview(page, clerk, login_as):
    login_as(clerk)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.get_by_role("link", name="Needs a clerk")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("AP clerk")


def test_it_tells_a_user_without_a_role_whom_to_ask(page, outsider, login_as):
    login_as(outsider)

    expect(page.get_by_role("heading", name="No access yet")).to_be_visible()
    expect(page.get_by_text("Ask your system administrator")).to_be_visible()
    expect(page.get_by_role("link", name="Overview")).to_have_count(0)
    expect(page.get_by_text("invoices with exceptions")).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_it_signs_out(page, clerk, login_as):
    login_as(clerk)

    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(re.compile(r"/login/$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))


def test_it_sends_an_anonymous_visitor_to_the_login_page(page):
    page.goto("/")

    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
