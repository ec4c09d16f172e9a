"""The dashboard in headless Chromium: charts drawn, readable names on them, the nav link."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The screenshot goes with the other test artifacts; docs/ holds the copy the README
# shows, refreshed by hand, so a test run never changes tracked files.
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_it_draws_the_charts_a_clerk_opens_from_the_navigation(page, login_as, clerk, world):
    login_as(clerk)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()

    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    # Charts whose bars are links are groups (an image would hide its links).
    expect(page.get_by_role("group", name="Open cases by age")).to_be_visible()
    per_day = page.get_by_role(
        "group", name="Invoices received per day, last 30 days, by case state"
    )
    expect(per_day).to_be_visible()
    # the per-day chart stacks a rect per (day, case state) that has documents
    expect(per_day.locator("rect")).to_have_count(sum(
        1 for document_day in _day_states(world) for _ in document_day
    ))
    vendors = page.get_by_role("group", name="Vendors with the most exceptions, last 30 days")
    expect(vendors.locator("text.chart-label")).to_have_text(
        ["Acme Industrial Supply", "Bolt & Nut Co", "Unknown GmbH"]
    )
    expect(vendors.locator("text.chart-value")).to_have_text(["3", "2", "1"])
    widths = [box["width"] for box in (r.bounding_box() for r in vendors.locator("rect").all())]
    assert widths[0] > widths[1] > widths[2] > 0
    assert round(widths[0] / widths[2]) == 3
    agents = page.get_by_role("row", name="intake 2 1800 $0.0160 225 tokens · $0.0020")
    expect(agents).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "dashboard.png", full_page=True)
    assert errors == []  # nothing refused by the Content-Security-Policy, nothing broken


def test_it_is_not_in_an_approvers_navigation(page, login_as, approver, db):
    login_as(approver)

    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard")) \
        .to_have_count(0)
    response = page.goto("/dashboard/")
    assert response.status == 403


def _day_states(world) -> list[set]:
    """The (day, case state) pairs the window holds, grouped per day."""
    from django.utils import timezone

    from procurement.models import Case

    days: dict = {}
    for document in world.documents[:-1]:  # the last one is older than the window
        state = Case.objects.get(document=document).state
        days.setdefault(timezone.localdate(document.created_at), set()).add(state)
    return list(days.values())
