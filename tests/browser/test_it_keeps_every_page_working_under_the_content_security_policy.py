"""The strict Content-Security-Policy costs the clerk nothing: pages load with no violation
reported by Chromium, and the invoice PDF still opens in Chrome's own PDF viewer inside the
document page (issue 12, item 8).
"""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from procurement.ingestion import document_ingest
from tests.intake_sources.conftest import make_pdf

pytestmark = pytest.mark.django_db(transaction=True)

# Chrome's PDF viewer is a built-in extension: a frame with this origin is the PDF on screen.
PDF_VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"


def violations(page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: found.append(message.text)
        if "Content Security Policy" in message.text else None,
    )
    return found


def test_it_shows_the_invoice_pdf_in_chromes_viewer(page, clerk, login_as):
    document = document_ingest(
        content=make_pdf("INVOICE 4711 Total EUR 100.00"), filename="acme-4711.pdf",
        source="upload",
    ).document
    refused = violations(page)
    login_as(clerk)

    response = page.goto(f"/documents/{document.pk}/")

    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy
    file_policy = page.request.get(f"/documents/{document.pk}/file/").headers
    assert "frame-ancestors 'self'" in file_policy["content-security-policy"]
    deadline = time.monotonic() + 10
    while not any(frame.url.startswith(PDF_VIEWER) for frame in page.frames):
        assert time.monotonic() < deadline, [frame.url for frame in page.frames]
        page.wait_for_timeout(200)
    page.wait_for_timeout(1500)  # let the viewer paint before the screenshot
    assert refused == []


def test_it_reports_no_violation_on_the_clerks_pages(page, clerk, login_as):
    refused = violations(page)
    login_as(clerk)
    for path in ("/", "/documents/", "/documents/needs-a-person/", "/documents/upload/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert refused == []


def test_it_reports_no_violation_in_the_admin(page, ap_admin, login_as):
    refused = violations(page)
    login_as(ap_admin)
    for path in (
        "/admin/", "/admin/procurement/vendor/", "/admin/procurement/vendor/add/",
        "/admin/procurement/vendor/import-csv/",
    ):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    expect(page.locator("body")).to_be_visible()
    assert refused == []
