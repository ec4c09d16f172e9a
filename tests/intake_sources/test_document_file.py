"""The original file: a PDF is shown inline and may be framed by our own pages only; anything
else is a download that the browser never renders."""
from __future__ import annotations

from django.urls import reverse

from procurement.ingestion import document_ingest
from tests.intake_sources.conftest import make_pdf


def test_it_serves_a_pdf_inline_to_our_own_frame(client, clerk):
    result = document_ingest(content=make_pdf("ACME"), filename="acme 1001.pdf", source="cli")
    document = result.document
    client.force_login(clerk)

    response = client.get(reverse("documents:file", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "acme 1001.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content) == make_pdf("ACME")


def test_it_offers_a_rejected_non_pdf_only_as_a_download(client, clerk):
    html = b"<html><script>alert(1)</script></html>"
    document = document_ingest(content=html, filename="invoice.pdf", source="upload").document
    client.force_login(clerk)

    response = client.get(reverse("documents:file", args=[document.pk]))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_it_frames_the_pdf_on_the_detail_page_and_no_other_page_is_frameable(client, clerk):
    document = document_ingest(content=make_pdf("ACME"), filename="acme.pdf", source="cli").document
    client.force_login(clerk)

    response = client.get(reverse("documents:detail", args=[document.pk]))

    assert f'<iframe src="/documents/{document.pk}/file/"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
