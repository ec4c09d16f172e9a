"""The inbox folder (INBOX_DIR): scanners, mail gateways and people drop invoice files into it.

A poll takes every file that has settled, stores it through `document_ingest()`, and only then
moves it out of the way: into `processed/` (accepted, or a duplicate of a known document) or
`rejected/` (kept as a rejected document with its reason). Nothing is deleted, so a file a clerk
asks about can always be found on disk as well as in the product.

An `.eml` file is an email: `procurement.sources.mail.mail_ingest()` keeps it and makes its PDF
and picture attachments documents (or its text, when nothing is attached); its limit is
MAX_EMAIL_MB. It moves to `processed/` like any file, or `rejected/` if it cannot be read as an
email at all.

A file larger than MAX_UPLOAD_MB is not read at all: it moves to `rejected/` as it is, with a
`<name>.reason.txt` note beside it, and no document is stored (the file in `rejected/` is the
original).

Each file is taken on its own, in its own transaction: one that fails (logged with its reason)
stays in the inbox for the next poll and does not keep the files after it waiting. A name that is
not valid UTF-8 is stored as text with the undecodable bytes replaced, and every name is capped,
so that neither the database nor a move into `processed/` can refuse it.
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
from procurement.storage import sha256_of

log = logging.getLogger(__name__)

PROCESSED = "processed"
REJECTED = "rejected"
# Names that browsers, rsync, scanners and editors give a file while they are still writing it.
IN_PROGRESS_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".filepart")
# File systems allow 255 bytes per name; a moved file may get ".<12-char tag>.<19-digit ns>" more.
MAX_NAME_BYTES = 200
MAX_SUFFIX_CHARS = 16


@dataclass(frozen=True)
class InboxItem:
    path: Path  # where the file was found
    result: IngestResult  # or, for an .eml, procurement.sources.mail.MailResult
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
        try:
            # document_ingest commits this file's rows in a transaction of their own (a savepoint
            # inside a caller's): a database error rolls back this file only. Not one around the
            # move as well: the file leaves the inbox only once its document is committed.
            item = _take(path, inbox=inbox, settle=settle)
        except Exception:
            log.exception(
                "inbox: %s could not be taken; it stays for the next poll", as_text(path.name)
            )
            continue
        if item is not None:
            items.append(item)
    return items


def as_text(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (which Python keeps as surrogates)
    become U+FFFD, control characters are dropped."""
    text = os.fsencode(name).decode("utf-8", "replace")
    return "".join(ch for ch in text if ch.isprintable())


def safe_name(name: str) -> str:
    """`as_text(name)`, capped to MAX_NAME_BYTES of UTF-8 with its suffix kept."""
    text = as_text(name) or "unnamed"
    stem, suffix = os.path.splitext(text)
    if len(suffix) > MAX_SUFFIX_CHARS:
        stem, suffix = text, ""
    room = MAX_NAME_BYTES - len(suffix.encode())
    stem = stem.encode()[:room].decode("utf-8", "ignore")  # never half a character
    return f"{stem}{suffix}"


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
    is_mail = path.suffix.lower() == ".eml"
    if is_mail:
        from procurement.sources.mail import email_too_large_reason, max_email_bytes

        limit, too_large = max_email_bytes(), email_too_large_reason()
    else:
        limit, too_large = max_upload_bytes(), too_large_reason()
    if before[0] > limit:
        _refuse_too_large(path, inbox=inbox, reason=too_large)
        return None
    try:
        with path.open("rb") as handle:
            content = handle.read(limit + 1)  # never more than the limit, even if it grew
    except FileNotFoundError:
        return None  # another poller took it
    if _signature(path) != before or len(content) != before[0]:
        return None  # it changed while we read it: not settled after all
    if is_mail:
        from procurement.sources.mail import mail_ingest

        result = mail_ingest(
            raw=content,
            filename=safe_name(path.name),
            source=Document.Source.INBOX,
            source_ref=as_text(str(path)),
        )
    else:
        result = document_ingest(
            content=content,
            filename=safe_name(path.name),
            source=Document.Source.INBOX,
            source_ref=as_text(str(path)),
        )
    # Only now, with the document committed, does the file leave the inbox.
    folder = REJECTED if result.outcome is Outcome.REJECTED else PROCESSED
    moved_to = _move(path, inbox / folder, tag=sha256_of(content)[:12])
    log.info("inbox: %s %s -> %s", as_text(path.name), result.outcome, moved_to)
    return InboxItem(path=path, result=result, moved_to=moved_to)


def _refuse_too_large(path: Path, *, inbox: Path, reason: str) -> Path | None:
    """Move a file over the limit to rejected/ unread, with a note saying why; store nothing."""
    moved_to = _move(path, inbox / REJECTED, tag="too-large")
    if moved_to is not None:
        _write_note(moved_to.with_name(f"{moved_to.name}.reason.txt"), reason)
    log.warning("inbox: %s refused unread (%s) -> %s", as_text(path.name), reason, moved_to)
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
    in its name. The name moved to is `safe_name()`'s, so the tagged one still fits."""
    folder.mkdir(exist_ok=True)
    name = safe_name(path.name)
    stem, suffix = os.path.splitext(name)
    target = folder / name
    if target.exists():
        target = folder / f"{stem}.{tag}{suffix}"
    if target.exists():
        target = folder / f"{stem}.{tag}.{time.time_ns()}{suffix}"
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
