"""Register invoice files (PDFs, and scans or photos as PNG, JPEG or TIFF) and start their
workflows; optionally wait until each has settled."""
from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agents.orchestrator.models import Workflow
from agents.orchestrator.queueing import uses_redis
from agents.orchestrator.services import workflow_start
from agents.orchestrator.states import SETTLED
from agents.orchestrator.sweeper import sweep
from procurement.models import Document, Finding
from procurement.services import document_store

POLL_SECONDS = 0.2
# What a folder is searched for: PDFs, and the pictures intake reads by OCR.
INVOICE_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
EXIT_WAIT_RAN_OUT = 3


class Command(BaseCommand):
    help = (
        "Register invoice files, PDFs or scans (a folder means every PDF, PNG, JPEG and TIFF in "
        "it) and start their workflows. "
        "With --wait, block until each settled (or the time is up) and print one JSON line each."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", help="invoice files (PDF, PNG, JPEG, TIFF) or folders"
        )
        parser.add_argument("--wait", type=float, default=None, metavar="SECONDS")

    def handle(self, *args, paths: list[str], wait: float | None, **options):
        files = invoice_files(paths)
        entries = []
        for path in files:
            stored = document_store(
                content=path.read_bytes(), filename=path.name, source="cli", source_ref=str(path)
            )
            # A duplicate keeps the original's workflow; starting is idempotent, so a document
            # stored by an earlier run that crashed before its workflow began gets one now.
            workflow = workflow_start(document=stored.document)
            duplicate_of = None if stored.created else stored.document.pk
            entries.append((path, stored.document, duplicate_of, workflow.pk))

        settled = True
        if wait is not None:
            settled = _wait_until_settled([w for *_, w in entries], seconds=wait)
        for path, document, duplicate_of, workflow_id in entries:
            self.stdout.write(json.dumps(_describe(path, document, duplicate_of, workflow_id)))
        if not settled:
            raise SystemExit(EXIT_WAIT_RAN_OUT)


def invoice_files(paths: list[str]) -> list[Path]:
    """The files named, and in each folder named its PDFs and pictures, in name order. A file
    named explicitly is taken whatever it is: intake says what is wrong with it."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = (
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in INVOICE_SUFFIXES
            )
            files.extend(sorted(found))
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder")
    return files


def _wait_until_settled(workflow_ids: list[int], *, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    remaining = set(workflow_ids)
    while True:
        done = Workflow.objects.filter(pk__in=remaining, state__in=SETTLED)
        remaining -= set(done.values_list("pk", flat=True))
        if not remaining:
            return True
        if time.monotonic() >= deadline:
            return False
        if not uses_redis():
            sweep()  # in-process mode has no scheduler: run retries that came due
        time.sleep(POLL_SECONDS)


def _describe(path: Path, document: Document, duplicate_of: int | None, workflow_id: int) -> dict:
    workflow = Workflow.objects.get(pk=workflow_id)
    kinds = Finding.objects.filter(invoice__document=document).values_list("kind", flat=True)
    return {
        "path": str(path),
        "document_id": document.pk,
        "sha256": document.sha256,
        "duplicate_of": duplicate_of,
        "workflow_id": workflow.pk,
        "state": workflow.state,
        "exceptions": sorted(set(kinds)),
    }
