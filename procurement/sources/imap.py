"""An IMAP mailbox (IMAP_HOST, IMAP_FOLDER) that vendors send invoices to.

A poll logs in, selects the folder and takes its unread messages (`UID SEARCH UNSEEN`, oldest
first, at most IMAP_BATCH), one at a time: the message is fetched without marking it read
(`BODY.PEEK[]`), ingested by `mail_ingest()` (which commits the message and its documents in one
transaction), and only then flagged `\\Seen`. A worker that dies before the flag leaves the
message unread, so the next poll fetches it again; `mail_ingest()` recognises it (its
fingerprint) and nothing is stored twice. A message that fails to ingest (a database error) stays
unread for the next poll and does not keep the messages after it waiting; a lost connection ends
the poll, and the next one goes on.

A message whose RFC822.SIZE is over MAX_EMAIL_MB is never fetched: it stays unread in the mailbox
(the original, for a person to deal with) and a warning is logged once per message and process.
The mailbox is dedicated to the product: a message someone opens in a mail client before the
poll is marked read by that client and is not taken.
"""
from __future__ import annotations

import imaplib
import logging
import re
import ssl
import threading
from dataclasses import dataclass

from django.conf import settings

from procurement.models import Document
from procurement.sources.mail import (
    MailResult,
    email_too_large_reason,
    mail_ingest,
    max_email_bytes,
)

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 60
SIZE_CHUNK = 500  # UIDs per size query
_UID = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")

_warned: set[tuple[str, str, str, int]] = set()  # (host, user, folder, uid) warned too large
_warned_lock = threading.Lock()


class ImapError(Exception):
    """The server refused a command; the poll stops and the next one tries again."""


@dataclass(frozen=True)
class ImapItem:
    uid: str
    result: MailResult


def imap_poll() -> list[ImapItem]:
    """Take the folder's unread messages once; returns what happened to each message taken."""
    host, folder = settings.IMAP_HOST, settings.IMAP_FOLDER
    if not host:
        raise ImapError("no mailbox: set IMAP_HOST")
    items = []
    with _connect() as conn:
        _refusal_as_error(conn.login, "LOGIN", settings.IMAP_USER, settings.IMAP_PASSWORD)
        _ok(_refusal_as_error(conn.select, f"SELECT {folder}", _quoted(folder)),
            f"SELECT {folder}")
        typ, data = conn.uid("SEARCH", "UNSEEN")
        _ok((typ, data), "UID SEARCH")
        unseen = sorted({int(uid) for uid in (data[0] or b"").split()})
        sizes = _sizes(conn, unseen)
        limit = max_email_bytes()
        wanted = []
        for uid in unseen:
            size = sizes.get(uid)
            if size is None:
                continue  # expunged since the search
            if size > limit:
                _warn_too_large(uid, size)
                continue
            wanted.append(uid)
        for uid in wanted[: settings.IMAP_BATCH]:
            item = _take(conn, uid, limit)
            if item is not None:
                items.append(item)
    return items


def _take(conn, uid: int, limit: int) -> ImapItem | None:
    typ, data = conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
    _ok((typ, data), f"UID FETCH {uid}")
    raw = next((part[1] for part in data if isinstance(part, tuple)), None)
    if raw is None:
        return None  # expunged since the search
    if len(raw) > limit:
        _warn_too_large(uid, len(raw))
        return None
    source_ref = (
        f"imap://{settings.IMAP_USER}@{settings.IMAP_HOST}/{settings.IMAP_FOLDER};UID={uid}"
    )
    try:
        result = mail_ingest(
            raw=raw, source=Document.Source.IMAP, source_ref=source_ref, filename=f"uid-{uid}.eml"
        )
    except Exception:
        log.exception("imap: message %s could not be taken; it stays unread for the next poll", uid)
        return None
    # Only now, with the message and its documents committed, is it marked as read.
    _ok(conn.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Seen)"), f"UID STORE {uid}")
    log.info("imap: message %s %s", uid, result.outcome)
    return ImapItem(uid=str(uid), result=result)


def _connect():
    host, port = settings.IMAP_HOST, settings.IMAP_PORT
    if settings.IMAP_SSL:
        return imaplib.IMAP4_SSL(
            host, port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT_SECONDS
        )
    return imaplib.IMAP4(host, port, timeout=TIMEOUT_SECONDS)  # loopback only (settings)


def _sizes(conn, uids: list[int]) -> dict[int, int]:
    sizes: dict[int, int] = {}
    # In chunks: servers cap a command line's length, and a backlog has thousands of UIDs.
    for start in range(0, len(uids), SIZE_CHUNK):
        chunk = uids[start : start + SIZE_CHUNK]
        typ, data = conn.uid("FETCH", ",".join(map(str, chunk)), "(RFC822.SIZE)")
        _ok((typ, data), "UID FETCH RFC822.SIZE")
        sizes.update(_parse_sizes(data))
    return sizes


def _parse_sizes(data) -> dict[int, int]:
    sizes = {}
    for line in data:
        text = line[0] if isinstance(line, tuple) else line
        if not isinstance(text, bytes):
            continue
        uid, size = _UID.search(text), _SIZE.search(text)
        if uid and size:
            sizes[int(uid.group(1))] = int(size.group(1))
    return sizes


def _warn_too_large(uid: int, size: int) -> None:
    seen = (settings.IMAP_HOST, settings.IMAP_USER, settings.IMAP_FOLDER, uid)
    with _warned_lock:
        first = seen not in _warned
        _warned.add(seen)
    if first:
        log.warning(
            "imap: message %s (%d bytes) in %s left unread, not fetched: %s",
            uid, size, settings.IMAP_FOLDER, email_too_large_reason(),
        )


def _quoted(folder: str) -> str:
    return f'"{folder}"'  # settings refuse quotes and backslashes in IMAP_FOLDER


def _refusal_as_error(command, what: str, *args):
    """imaplib raises its own `error` for a NO or BAD (a lost connection is its `abort`, which
    goes up as it is)."""
    try:
        return command(*args)
    except imaplib.IMAP4.abort:
        raise
    except imaplib.IMAP4.error as exc:
        detail = exc.args[0] if exc.args else ""
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise ImapError(f"the IMAP server refused {what}: {detail}") from None


def _ok(response, what: str):
    typ, data = response
    if typ != "OK":
        detail = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
        raise ImapError(f"the IMAP server refused {what}: {typ} {detail}".strip())
    return data
