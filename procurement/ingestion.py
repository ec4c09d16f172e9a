"""One way in for every source: the browser upload, the inbox folder, the S3 bucket, the CLI.

`document_ingest()` keeps the file (always: originals are never thrown away, a refused file is
kept and marked rejected with its reason), recognises bytes it has seen before, turns away what is
obviously not a readable PDF before any agent spends time on it, and starts the workflow of
everything else. Every source reports the same three outcomes to its people.

One exception comes before it: a file larger than `MAX_UPLOAD_MB` never gets this far. Each
source checks the size before reading the bytes (the upload handler of `procurement.uploads`,
the inbox's stat, the S3 listing's Size) and turns it away with `too_large_reason()`, storing
nothing: the sender still has the original (the inbox keeps it in `rejected/`, S3 in the bucket).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db import transaction

from agents.intake.sandbox import TOO_LARGE, SandboxError, preflight
from agents.orchestrator.services import workflow_start
from procurement.cases import case_sync
from procurement.models import Document
from procurement.services import document_store

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # new bytes; its workflow has started
    DUPLICATE = "duplicate"  # these bytes were received before; `document` is the original
    REJECTED = "rejected"  # kept, but not a PDF anyone can read; `reason` says why


@dataclass(frozen=True)
class IngestResult:
    outcome: Outcome
    document: Document
    filename: str  # the name the file arrived under (a duplicate's original may differ)
    reason: str = ""

    @property
    def is_duplicate(self) -> bool:
        return self.outcome is Outcome.DUPLICATE


def document_ingest(
    *,
    content: bytes,
    filename: str,
    source: str,
    source_ref: str = "",
    uploaded_by=None,
    email=None,
    not_for_agents: str = "",
) -> IngestResult:
    """Store a file from any source and start its workflow, at most once per distinct content.

    The document row, its rejection or its workflow commit together: a crash leaves either
    nothing (the source offers the file again) or a document that is already on its way.
    `email` is the EmailMessage it came in. `not_for_agents` keeps the file as a rejected
    document with that reason instead of offering it to intake (the text of an email without an
    attachment: no agent reads plain text yet).
    """
    with transaction.atomic():
        stored = document_store(
            content=content,
            filename=filename,
            source=source,
            source_ref=source_ref,
            uploaded_by=uploaded_by,
            email=email,
        )
        document = stored.document
        if not stored.created:
            if document.status != Document.Status.REJECTED:
                # Idempotent: the original's one workflow. It only creates one if the original
                # was stored by a path that crashed before starting it (no second workflow).
                workflow_start(document=document)
            return IngestResult(Outcome.DUPLICATE, document, filename)
        reason = not_for_agents or _preflight_reason(content)
        if reason:
            # Compare-and-set on the row this transaction just created: nobody else can have
            # moved it, and a second rejection of the same row would change nothing.
            Document.objects.filter(pk=document.pk, status=Document.Status.RECEIVED).update(
                status=Document.Status.REJECTED, error_reason=reason
            )
            document.refresh_from_db()
            case_sync(document_id=document.pk)
            log.info("document %s (%s) rejected at intake: %s", document.pk, filename, reason)
            return IngestResult(Outcome.REJECTED, document, filename, reason)
        workflow_start(document=document)
    return IngestResult(Outcome.ACCEPTED, document, filename)


def max_upload_bytes() -> int:
    return settings.MAX_UPLOAD_MB * 1024 * 1024


def too_large_reason() -> str:
    """The clerk-readable reason for a file over the limit, worded as the pre-flight words it."""
    return f"{TOO_LARGE.format(max_mb=settings.MAX_UPLOAD_MB)}."


def _preflight_reason(content: bytes) -> str:
    """The clerk-readable reason the file cannot be read at all, or "" when it may be tried."""
    try:
        preflight(content, max_mb=settings.MAX_UPLOAD_MB)
    except SandboxError as exc:
        return f"{exc.reason}."
    return ""
