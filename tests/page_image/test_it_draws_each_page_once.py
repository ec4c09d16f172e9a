"""A page is drawn (in the sandbox) once; later requests are served from the cache."""
from __future__ import annotations

import logging

from tests.conftest import PASSWORD


def _drawings(caplog) -> list[str]:
    drawn = [r.getMessage() for r in caplog.records if r.getMessage().startswith("drew page")]
    caplog.clear()
    return drawn


def test_it_draws_a_page_on_the_first_request_only(client, invoice, clerk, caplog, settings):
    caplog.set_level(logging.INFO, logger="procurement.page_images")
    client.login(username=clerk.username, password=PASSWORD)
    url = f"/documents/{invoice.document_id}/pages/1.png"

    first = b"".join(client.get(url).streaming_content)
    assert _drawings(caplog) == [f"drew page 1 of document {invoice.document_id} (1191x1684 px)"]

    second = b"".join(client.get(url).streaming_content)
    assert _drawings(caplog) == []
    assert second == first
    cached = list(settings.PAGE_IMAGE_DIR.glob(f"*/{invoice.document.sha256}-p1-s2.png"))
    assert len(cached) == 1


def test_it_draws_the_page_the_document_page_shows_once(client, invoice, clerk, caplog):
    caplog.set_level(logging.INFO, logger="procurement.page_images")
    client.login(username=clerk.username, password=PASSWORD)

    client.get(f"/documents/{invoice.document_id}/")
    client.get(f"/documents/{invoice.document_id}/pages/1.png")
    client.get(f"/documents/{invoice.document_id}/")

    assert len(_drawings(caplog)) == 1


def test_it_draws_another_page_separately(client, invoice, clerk, caplog):
    caplog.set_level(logging.INFO, logger="procurement.page_images")
    client.login(username=clerk.username, password=PASSWORD)

    client.get(f"/documents/{invoice.document_id}/pages/1.png")
    client.get(f"/documents/{invoice.document_id}/pages/2.png")
    client.get(f"/documents/{invoice.document_id}/pages/2.png")

    assert [m.split(" (")[0] for m in _drawings(caplog)] == [
        f"drew page 1 of document {invoice.document_id}",
        f"drew page 2 of document {invoice.document_id}",
    ]
