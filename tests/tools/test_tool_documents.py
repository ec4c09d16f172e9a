"""documents.get: metadata always, the bytes when asked for."""
from __future__ import annotations

import pytest

from agents.tools.errors import NotFound


def test_it_gives_a_documents_metadata_and_content_address(tools_for, seeded):
    document = tools_for("router").call("documents.get", document_id=seeded.document.pk)
    assert document.filename == "acme-2026-001.pdf"
    assert document.handle == f"sha256:{seeded.document.sha256}"
    assert document.status == "received"
    assert document.content_base64 is None
    with pytest.raises(ValueError, match="include_content"):
        document.content()


def test_it_gives_the_bytes_when_asked(tools_for, seeded):
    document = tools_for("intake").call(
        "documents.get", document_id=seeded.document.pk, include_content=True
    )
    assert document.content() == b"%PDF-1.4 acme invoice 2026-001"
    assert document.size_bytes == len(document.content())


def test_it_reports_an_unknown_document_as_not_found(tools_for):
    with pytest.raises(NotFound, match="no document 0"):
        tools_for("intake").call("documents.get", document_id=0)
