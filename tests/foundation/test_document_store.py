"""Keeping incoming files: content-addressed under MEDIA_ROOT, the same bytes stored once."""
from __future__ import annotations

from pathlib import Path

from django.conf import settings

from procurement.models import Document
from procurement.services import document_store

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_it_writes_the_file_under_media_root_named_by_its_sha256(db):
    stored = document_store(content=PDF, filename="acme-1001.pdf", source=Document.Source.UPLOAD)

    document = stored.document
    assert stored.created is True
    path = Path(settings.MEDIA_ROOT) / document.storage_path
    assert path.is_file() and path.name == f"{document.sha256}.pdf"
    assert document.read_bytes() == PDF
    assert (document.size_bytes, document.original_filename) == (len(PDF), "acme-1001.pdf")


def test_it_gives_back_the_first_document_when_the_same_bytes_arrive_again(db):
    first = document_store(content=PDF, filename="acme-1001.pdf", source=Document.Source.UPLOAD)

    again = document_store(content=PDF, filename="resent.pdf", source=Document.Source.INBOX,
                           source_ref="inbox/resent.pdf")

    assert again.created is False
    assert again.document == first.document
    assert again.document.original_filename == "acme-1001.pdf"
    assert Document.objects.count() == 1
    assert len([p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]) == 1


def test_it_keeps_different_bytes_as_different_documents(db):
    one = document_store(content=PDF, filename="a.pdf", source=Document.Source.CLI)
    two = document_store(content=PDF + b" ", filename="a.pdf", source=Document.Source.CLI)

    assert two.created is True
    assert one.document.sha256 != two.document.sha256
    assert one.document.read_bytes() != two.document.read_bytes()
