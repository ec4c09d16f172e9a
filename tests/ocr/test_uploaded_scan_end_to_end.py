"""A photographed invoice uploaded in the browser is read by OCR, and its document page shows the
picture with a box where each value was read."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from procurement.demo import DOCUMENTS, render_invoice_pdf
from procurement.models import Document, Invoice
from tests.browser.conftest import ARTIFACTS
from tests.ocr.scans import scan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_reads_an_uploaded_photo_and_boxes_what_it_read(page, clerk, login_as, settings):
    settings.REDIS_URL = ""  # jobs run in-process after commit: intake reads it during the upload
    spec = next(d.spec for d in DOCUMENTS if d.spec.layout == "german")
    photo = scan(render_invoice_pdf(spec), rotate=1.5, fmt="JPEG")
    login_as(clerk)
    page.goto("/documents/upload/")

    page.get_by_label(re.compile("Drop PDF files here")).set_input_files(
        [{"name": "rechnung-foto.jpg", "mimeType": "image/jpeg", "buffer": photo}]
    )
    result = page.locator("[data-upload-results] li").filter(has_text="rechnung-foto.jpg")
    expect(result).to_contain_text("Accepted", timeout=120_000)

    document = Document.objects.get(original_filename="rechnung-foto.jpg")
    invoice = Invoice.objects.get(document=document)
    assert (invoice.invoice_number, invoice.total) == (spec.invoice_number, spec.total)
    assert invoice.extracted_by.endswith("/ocr")
    result.get_by_role("link").click()

    expect(page.get_by_role("heading", name="rechnung-foto.jpg")).to_be_visible()
    picture = page.get_by_role("img", name="Page 1 of rechnung-foto.jpg")
    expect(picture).to_be_visible()
    response = page.request.get(picture.get_attribute("src"))
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    # The page is laid out in points as OCR read it: A4's 842 on the long side.
    overlay = page.locator("svg.evidence-overlay")
    width_pt, height_pt = (float(v) for v in overlay.get_attribute("viewBox").split()[2:])
    assert abs(height_pt - 842) < 1 and abs(width_pt - 595) < 2
    total_box = page.locator("#evidence-total rect")
    expect(total_box).to_have_count(1)
    # The box sits where the total is printed on the photo: right half, below the first third.
    x, y = float(total_box.get_attribute("x")), float(total_box.get_attribute("y"))
    assert x > width_pt / 2 and y > height_pt / 3
    assert page.locator("g.evidence-box").count() >= 5
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "ocr_uploaded_photo_with_boxes.png", full_page=True)
