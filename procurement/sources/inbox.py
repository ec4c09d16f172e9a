"""The inbox folder (INBOX_DIR): scanners, mail gateways and people drop invoice files into it.

A poll takes every file that has settled, stores it through `document_ingest()`, and only then
moves it out of the way: into `processed/` (accepted, or a duplicate of a known document) or
`rejected/` (kept as a rejected document with its reason). Nothing is deleted, so a file a clerk
asks about can always be found on disk as well as in the product.

A file larger than MAX_UPLOAD_MB is not read at all: it moves to `rejected/` as it is, with a
`<name>.reason.txt` note beside it, and no document is stored (the file in `rejected/` is the
original).
"""
from __future__ import annotations

import logging
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from procurement.ingestion import (
    IngestResult,
    Outcome,
    document_ingest,
    max_upload_bytes,
    too_large_reason,
)
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
    """Ingest every settled file in the inbox once; returns what happened to each.

    A file over the limit is not ingested, so it is not among the items: it is moved to
    `rejected/` with a note and logged (a warning) instead.
    """
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
    limit = max_upload_bytes()
    if before[0] > limit:
        _refuse_too_large(path, inbox=inbox)
        return None
    try:
        with path.open("rb") as handle:
            content = handle.read(limit + 1)  # never more than the limit, even if it grew
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
    moved_to = _move(path, inbox / folder, tag=result.document.sha256[:12])
    log.info("inbox: %s %s -> %s", path.name, result.outcome, moved_to)
    return InboxItem(path=path, result=result, moved_to=moved_to)


def _refuse_too_large(path: Path, *, inbox: Path) -> Path | None:
    """Move a file over the limit to rejected/ unread, with a note saying why; store nothing."""
    reason = too_large_reason()
    moved_to = _move(path, inbox / REJECTED, tag="too-large")
    if moved_to is not None:
        _write_note(moved_to.with_name(f"{moved_to.name}.reason.txt"), reason)
    log.warning("inbox: %s refused unread (%s) -> %s", path.name, reason, moved_to)
    return moved_to


def _write_note(note: Path, text: str) -> None:
    try:
        fd = os.open(note, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        log.warning("inbox: %s already exists; not overwritten", note)
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")


def _signature(path: Path) -> tuple[int, float] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_size, info.st_mtime


def _move(path: Path, folder: Path, *, tag: str) -> Path | None:
    """Move without ever overwriting: a second invoice.pdf gets `tag` (its content hash prefix)
    in its name."""
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    if target.exists():
        target = folder / f"{path.stem}.{tag}{path.suffix}"
    if target.exists():
        target = folder / f"{path.stem}.{tag}.{time.time_ns()}{path.suffix}"
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
        # A share without hard links (some SMB/NFS mounts). os.rename would replace a file that
        # appeared at `target` since the check above, so claim the name first: O_EXCL creates it
        # only if nobody has, and the rename then replaces only our own empty placeholder.
        return _move_by_claimed_rename(path, target)
    path.unlink(missing_ok=True)
    return target


def _move_by_claimed_rename(path: Path, target: Path) -> Path | None:
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        log.warning("inbox: %s already exists; %s stays for the next poll", target, path)
        return None
    try:
        os.rename(path, target)
    except FileNotFoundError:
        target.unlink(missing_ok=True)  # our placeholder; another poller moved the file first
        return None
    except OSError:
        target.unlink(missing_ok=True)
        raise
    return target
