"""Services that span models or are shared by views, jobs, commands and agent tools."""
from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from procurement.models import Document
from procurement.storage import sha256_of, store_bytes


@dataclass(frozen=True)
class StoredDocument:
    document: Document
    created: bool  # False: these exact bytes were received before; `document` is the original


def document_store(
    *, content: bytes, filename: str, source: str, source_ref: str = "", uploaded_by=None
) -> StoredDocument:
    """Keep an incoming file. The same bytes twice give back the first Document, not a second."""
    digest = sha256_of(content)
    existing = Document.objects.filter(sha256=digest).first()
    if existing:
        return StoredDocument(existing, created=False)
    relative = store_bytes(content, digest)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                sha256=digest,
                original_filename=filename[:500],
                storage_path=relative,
                source=source,
                source_ref=source_ref[:1000],
                size_bytes=len(content),
                uploaded_by=uploaded_by,
            )
    except IntegrityError:
        # Another process stored the same bytes between our check and our insert.
        return StoredDocument(Document.objects.get(sha256=digest), created=False)
    return StoredDocument(document, created=True)
