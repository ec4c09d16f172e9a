"""In headless Chromium, an AP admin opens Memory from the menu, sees the contradiction above the
other facts and the tolerance proposal with its evidence, and approves it; no CSP violation."""
from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from memory.models import ToleranceProposal
from memory.services import fact_record
from procurement.models import Vendor
from tests.browser.conftest import ARTIFACTS, _playwright, browser, login_as, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_approves_a_tolerance_change_and_shows_contradictions_first(
        page, ap_admin, login_as, make_case, vendor):  # noqa: F811
    refused = []
    page.on("console", lambda m: refused.append(m.text)
            if "Content Security Policy" in m.text else None)
    cases = [make_case(vendor=vendor) for _ in range(4)]
    fact_record(vendor_id=vendor.pk, kind="billing_habit", subject="freight",
                value="separate line", text="Bills freight as a separate invoice line.",
                case_id=cases[0].pk, decided_by="carla.clerk")
    for case, label in ((cases[1], "Ref. No."), (cases[2], "Order ref")):
        fact_record(vendor_id=vendor.pk, kind="layout_hint", subject="invoice_number",
                    value=label, text=f"The invoice number is printed after \u201c{label}\u201d.",
                    case_id=case.pk, decided_by="carla.clerk")
    ToleranceProposal.objects.create(
        vendor=vendor, setting="price_tolerance_pct", finding_kind="price_variance",
        current=Decimal("2.00"), proposed=Decimal("9.50"),
        evidence=[{"case_id": c.pk, "size_pct": "9.09", "by": "carla.clerk",
                   "at": "2026-03-01T10:00:00+00:00"} for c in cases[1:]])
    screen = login_as(ap_admin)

    screen.goto("/")
    screen.get_by_role("link", name="Memory").click()

    contradictions = screen.locator("section[aria-labelledby='contradictions-title']")
    expect(contradictions).to_contain_text("printed after \u201cRef. No.\u201d")
    expect(contradictions).to_contain_text("printed after \u201cOrder ref\u201d")
    expect(contradictions).not_to_contain_text("Bills freight")
    proposal = screen.locator("article[id^='proposal-']")
    expect(proposal).to_contain_text("Price tolerance (%) 2.00 → 9.50")
    expect(proposal).to_contain_text("Clerks accepted 3 price variance findings")
    expect(proposal).to_contain_text("9.09% accepted by carla.clerk")
    screen.screenshot(path=str(ARTIFACTS / "memory-review.png"), full_page=True)
    proposal.get_by_role("button", name="Approve and apply").click()

    expect(screen.locator(".messages")).to_contain_text("was applied to Acme")
    assert Vendor.objects.get(pk=vendor.pk).price_tolerance_pct == Decimal("9.50")
    assert refused == []
