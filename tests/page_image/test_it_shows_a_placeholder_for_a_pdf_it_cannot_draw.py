"""A damaged or hostile PDF gets a placeholder with the reason, never a 500, and is tried once."""
from __future__ import annotations

import io
import logging

from reportlab.pdfgen import canvas

from procurement.models import Invoice
from tests.conftest import PASSWORD
from tests.page_image.conftest import invoice_pdf, store_document

DAMAGED = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ngarbage\n%%EOF\n"


def test_it_explains_a_damaged_pdf_on_the_document_page(client, clerk, caplog):
    document = store_document(DAMAGED, "broken.pdf")
    client.login(username=clerk.username, password=PASSWORD)

    response = client.get(f"/documents/{document.pk}/")

    assert response.status_code == 200
    placeholder = 'class="callout warn page-placeholder" role="status">'
    assert (
        placeholder + "This page could not be drawn: The PDF is damaged and cannot be read.</p>"
    ) in response.content.decode()
    assert f"/documents/{document.pk}/pages/1.png" not in response.content.decode()


def test_it_answers_the_image_url_with_the_reason(client, clerk):
    document = store_document(DAMAGED, "broken.pdf")
    client.login(username=clerk.username, password=PASSWORD)

    response = client.get(f"/documents/{document.pk}/pages/1.png")

    assert response.status_code == 404
    assert response.content.decode() == (
        "This page could not be drawn: The PDF is damaged and cannot be read."
    )


def test_it_tries_a_file_that_cannot_be_drawn_only_once(client, clerk, caplog, settings):
    document = store_document(DAMAGED, "broken.pdf")
    client.login(username=clerk.username, password=PASSWORD)

    client.get(f"/documents/{document.pk}/pages/1.png")
    reasons = list(settings.PAGE_IMAGE_DIR.glob(f"*/{document.sha256}-p1-s2.json"))
    assert len(reasons) == 1
    written = reasons[0].stat().st_mtime_ns
    client.get(f"/documents/{document.pk}/pages/1.png")
    client.get(f"/documents/{document.pk}/")

    assert reasons[0].stat().st_mtime_ns == written


def test_it_draws_a_page_declared_huge_at_a_bounded_size(client, clerk, caplog):
    # 200 x 200 inches: at the usual scale a 28,800 px square bitmap of some 3 GB.
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(14400, 14400), invariant=1)
    pdf.drawString(72, 72, "Invoice 1")
    pdf.showPage()
    pdf.save()
    document = store_document(buffer.getvalue(), "huge.pdf")
    caplog.set_level(logging.INFO, logger="procurement.page_images")
    client.login(username=clerk.username, password=PASSWORD)

    response = client.get(f"/documents/{document.pk}/pages/1.png")

    assert response.status_code == 200
    assert [r.getMessage() for r in caplog.records] == [
        f"drew page 1 of document {document.pk} (2000x2000 px)"
    ]


def test_it_shows_the_page_of_a_document_nothing_was_read_from_yet(client, clerk):
    document = store_document(invoice_pdf(), "harbor-7781.pdf")
    assert not Invoice.objects.filter(document=document).exists()
    client.login(username=clerk.username, password=PASSWORD)

    page = client.get(f"/documents/{document.pk}/").content.decode()

    assert f'<img src="/documents/{document.pk}/pages/1.png"' in page
    assert "Nothing has been read from this document yet." in page
