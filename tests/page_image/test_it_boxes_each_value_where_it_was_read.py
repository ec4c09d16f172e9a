"""In headless Chromium: the boxes drawn over the page image cover the text each value was read
from, hovering a value lights its box, and the page links work."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.page_image.conftest import (
    INVOICE_NUMBER,
    LINE_AMOUNT,
    LINE_DESCRIPTION,
    PAGE_WIDTH,
    TOTAL,
    Printed,
)

LIT = re.compile(r"\bis-lit\b")
# The screenshot goes with the other test artifacts; docs/ holds the copy the README
# shows, refreshed by hand, so a test run never changes tracked files.
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _on_screen(page, printed: Printed) -> dict:
    """Where `printed` is on the screen: the image's box, scaled from points (as the PDF printed
    it, not as intake read it) to the image's size on the page."""
    image = page.get_by_role("img", name="Page 1 of harbor-7781.pdf").bounding_box()
    per_point = image["width"] / PAGE_WIDTH
    return {
        "x": image["x"] + printed.x * per_point,
        "y": image["y"] + printed.top * per_point,
        "width": printed.width * per_point,
        "height": 8 * per_point,  # cap height of 11 pt Helvetica
    }


def _covers(box: dict, text: dict) -> bool:
    return (
        box["x"] <= text["x"] + 1
        and box["y"] <= text["y"] + 1
        and box["x"] + box["width"] >= text["x"] + text["width"] - 1
        and box["y"] + box["height"] >= text["y"] + text["height"] - 1
    )


def test_it_boxes_the_invoice_number_and_total_over_their_text(page, login_as, clerk, invoice):
    login_as(clerk)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(f"/documents/{invoice.document_id}/")

    number_box = page.locator("#evidence-invoice_number rect").bounding_box()
    total_box = page.locator("#evidence-total rect").bounding_box()
    assert _covers(number_box, _on_screen(page, INVOICE_NUMBER))
    assert _covers(total_box, _on_screen(page, TOTAL))
    assert not _covers(number_box, _on_screen(page, TOTAL))
    # A box is about as big as its text: not the whole page, not a dot.
    assert number_box["width"] < 2 * _on_screen(page, INVOICE_NUMBER)["width"]
    expect(page.locator("#evidence-invoice_number text")).to_have_text("Invoice number: INV-7781")
    # a line is boxed as its whole row, description to amount
    line_box = page.locator("#evidence-lines\\.1 rect").bounding_box()
    assert _covers(line_box, _on_screen(page, LINE_DESCRIPTION))
    assert _covers(line_box, _on_screen(page, LINE_AMOUNT))
    assert not _covers(line_box, _on_screen(page, TOTAL))
    expect(page.locator("#evidence-lines\\.1 text")).to_have_text("Line 1: 1,234.50")
    # intake derived the subtotal from the total: one box, one label naming both
    expect(page.locator("#evidence-subtotal text")).to_have_text("Subtotal, Total: 1,234.50")
    expect(page.locator("#evidence-total text")).to_have_text("Total: 1,234.50")
    expect(page.locator("#evidence-total text")).to_be_hidden()
    page.locator("#page-image").screenshot(path=SHOTS / "page-image.png")
    assert errors == []  # nothing refused by the Content-Security-Policy, nothing broken


def test_it_lights_a_box_while_its_value_is_hovered_or_focused(page, login_as, clerk, invoice):
    login_as(clerk)
    page.goto(f"/documents/{invoice.document_id}/")
    box = page.locator("#evidence-total")
    listed = page.get_by_role("list", name="Values read on this page")

    listed.get_by_role("link", name="Total 1,234.50", exact=True).hover()
    expect(box).to_have_class(LIT)
    page.mouse.move(0, 0)
    expect(box).not_to_have_class(LIT)
    listed.get_by_role("link", name="Invoice number INV-7781").focus()
    expect(page.locator("#evidence-invoice_number")).to_have_class(LIT)
    expect(box).not_to_have_class(LIT)


def test_it_pages_through_the_document_with_plain_links(browser, live_server, clerk, invoice):
    from tests.browser.conftest import ARTIFACTS
    from tests.conftest import PASSWORD

    # No JavaScript at all: the page links alone must work.
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/login/")
        page.get_by_label("Username").fill(clerk.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"/documents/{invoice.document_id}/")
        expect(page.get_by_role("heading", name="The invoice page · page 1 of 2")).to_be_visible()

        page.get_by_role("navigation", name="Pages of the document").get_by_role(
            "link", name="Next"
        ).click()

        expect(page.get_by_role("heading", name="The invoice page · page 2 of 2")).to_be_visible()
        image = page.get_by_role("img", name="Page 2 of harbor-7781.pdf")
        expect(image).to_have_attribute("src", f"/documents/{invoice.document_id}/pages/2.png")
        assert image.evaluate("img => img.naturalWidth") == 1191
        expect(page.locator(".evidence-box")).to_have_count(0)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "page_image_second_page.png", full_page=True)
    finally:
        context.close()
