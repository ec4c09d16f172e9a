"""The inbox folder (INBOX_DIR): scanners, mail gateways and people drop invoice files into it.

A poll takes every file that has settled, stores it through `document_ingest()`, and only then
moves it out of the way: into `processed/` (accepted, or a duplicate of a known document) or
`rejected/` (kept as a rejected document with its reason). Nothing is deleted, so a file a clerk
asks about can always be found on disk as well as in the product.
"""
from __future__ import annotations

import logging
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from procurement.ingestion import IngestResult, Outcome, document_ingest
from procurement.models import Document

log = logging.getLogger(__name__)

PROCESSED = "processed"
REJECTED = "rejected"
# Names that browsers, rsync, scanners and editors give a file while they are still writing it.
IN_PROGRESS_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".filepart")


@dataclass(frozen=True)
class InboxItem:
    path: Path  # where the file was found
    result: IngestResult
    moved_to: Path | None  # None when another poller moved it first


def inbox_poll(
    *, inbox_dir: str | Path | None = None, settle_seconds: float | None = None
) -> list[InboxItem]:
    """Ingest every settled file in the inbox once; returns what happened to each."""
    inbox = Path(inbox_dir or settings.INBOX_DIR)
    if not str(inbox) or not inbox.is_dir():
        raise FileNotFoundError(f"the inbox folder {inbox} does not exist")
    settle = settings.INBOX_SETTLE_SECONDS if settle_seconds is None else settle_seconds
    items = []
    for path in sorted(inbox.iterdir()):
        if not _is_candidate(path):
            continue
        item = _take(path, inbox=inbox, settle=settle)
        if item is not None:
            items.append(item)
    return items


def _is_candidate(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.lower().endswith(IN_PROGRESS_SUFFIXES):
        return False
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return False
    # Regular files only: not processed/ and rejected/, and no symlink that leads out of the inbox.
    return stat.S_ISREG(mode)


def _take(path: Path, *, inbox: Path, settle: float) -> InboxItem | None:
    before = _signature(path)
    if before is None or time.time() - before[1] < settle:
        return None  # still being written (or just appeared): the next poll takes it
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return None  # another poller took it
    if _signature(path) != before or len(content) != before[0]:
        return None  # it changed while we read it: not settled after all
    result = document_ingest(
        content=content,
        filename=path.name,
        source=Document.Source.INBOX,
        source_ref=str(path),
    )
    # Only now, with the document committed, does the file leave the inbox.
    folder = REJECTED if result.outcome is Outcome.REJECTED else PROCESSED
    moved_to = _move(path, inbox / folder, sha256=result.document.sha256)
    log.info("inbox: %s %s -> %s", path.name, result.outcome, moved_to)
    return InboxItem(path=path, result=result, moved_to=moved_to)


def _signature(path: Path) -> tuple[int, float] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_size, info.st_mtime


def _move(path: Path, folder: Path, *, sha256: str) -> Path | None:
    """Move without ever overwriting: a second invoice.pdf gets its content hash in its name."""
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    if target.exists():
        target = folder / f"{path.stem}.{sha256[:12]}{path.suffix}"
    if target.exists():
        target = folder / f"{path.stem}.{sha256[:12]}.{time.time_ns()}{path.suffix}"
    try:
        # link + unlink instead of rename: rename would silently replace a file that appeared at
        # `target` since the check above; link refuses (FileExistsError) and we try again later.
        os.link(path, target)
    except FileNotFoundError:
        return None  # another poller moved it first; the document is stored either way
    except FileExistsError:
        log.warning("inbox: %s already exists; %s stays for the next poll", target, path)
        return None
    except OSError:
        # A share without hard links (some SMB/NFS mounts): a plain rename, checked just above.
        os.rename(path, target)
        return target
    path.unlink(missing_ok=True)
    return target
