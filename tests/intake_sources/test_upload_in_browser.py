"""Uploading in a real headless Chromium: the file chooser and drag and drop, progress per file,
and each file's result on the page without a reload."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from procurement.models import Document
from tests.browser.conftest import ARTIFACTS
from tests.intake_sources.conftest import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Without REDIS_URL (a fresh machine's `make test`) jobs run in-process, so an accepted file's
# upload request answers only after the whole pipeline ran, and the first one in a process also
# imports the agents: seconds on a busy machine, past Playwright's 5 s default for `expect`.
PIPELINE_TIMEOUT_MS = 30_000


def test_it_uploads_two_chosen_files_and_shows_each_result(page, clerk, login_as):
    login_as(clerk)
    page.goto("/documents/upload/")
    expect(page.get_by_role("button", name="Upload")).to_be_hidden()  # the script uploads on choice

    page.get_by_label(re.compile("Drop PDF files here")).set_input_files(
        [
            {"name": "acme-1001.pdf", "mimeType": "application/pdf",
             "buffer": make_pdf("ACME 1001")},
            {"name": "notes.pdf", "mimeType": "application/pdf", "buffer": b"meeting notes"},
        ]
    )

    results = page.locator("[data-upload-results] li")
    accepted = results.filter(has_text="acme-1001.pdf")
    rejected = results.filter(has_text="notes.pdf")
    expect(accepted).to_contain_text("Accepted", timeout=PIPELINE_TIMEOUT_MS)
    expect(rejected).to_contain_text(
        "Rejected because the file is neither a PDF nor an image (PNG, JPEG, TIFF)"
    )
    expect(page.get_by_label("Upload progress of acme-1001.pdf")).to_have_js_property("value", 100)
    expect(page.get_by_label("Upload progress of notes.pdf")).to_have_js_property("value", 100)
    expect(page).to_have_url(re.compile(r"/documents/upload/$"))  # no page load: per-file requests
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "intake_sources_upload_results.png", full_page=True)

    accepted.get_by_role("link").click()
    expect(page.get_by_role("heading", name="acme-1001.pdf")).to_be_visible()
    assert Document.objects.count() == 2


def test_it_takes_files_dropped_on_the_drop_zone(page, clerk, login_as):
    login_as(clerk)
    page.goto("/documents/upload/")
    pdf = list(make_pdf("Globex 77"))

    page.evaluate(
        """(bytes) => {
            const transfer = new DataTransfer();
            const data = new Uint8Array(bytes);
            transfer.items.add(new File([data], "globex-77.pdf", {type: "application/pdf"}));
            transfer.items.add(new File([data], "globex-copy.pdf", {type: "application/pdf"}));
            const zone = document.querySelector("[data-drop-zone]");
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        }""",
        pdf,
    )

    results = page.locator("[data-upload-results] li")
    expect(results.filter(has_text="Accepted")).to_have_count(1, timeout=PIPELINE_TIMEOUT_MS)
    expect(results.filter(has_text="Duplicate of")).to_have_count(1, timeout=PIPELINE_TIMEOUT_MS)
    assert Document.objects.count() == 1
