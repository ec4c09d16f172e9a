"""Email intake: a message (an .eml from the inbox folder, a mail from the IMAP mailbox) in,
documents out.

`mail_ingest()` keeps the message itself as an original (`EmailMessage`, its bytes in the
document store, never deleted) and makes each PDF or picture attachment a document through
`document_ingest()`, with the same sha256 dedupe as every source. What an attachment is decides
by its bytes, not by what the mail declares: a PDF sent as application/octet-stream is taken, a
"invoice.pdf" that is an HTML page is not. A mail with no attachment taken becomes one document
holding its text (the text/plain part, or the HTML part as text), so a vendor's question is kept;
intake's router reads that text and puts it on the clerks' triage list (a question, a reminder)
or, when it reads as an invoice, in front of a clerk to key in (README, Router).

Mail is untrusted input. The message is parsed with the standard library (`email`,
policy=default) only after cheap checks bound its size and its number of parts; parts deeper than
MAX_DEPTH or after the first MAX_PARTS are not read; headers and text in unknown or broken
charsets are decoded with replacement characters; attachment names go through the inbox's
sanitising; archives (zip, gzip, 7z, rar) are never opened; an attachment larger than
MAX_UPLOAD_MB is refused on its own, with its reason kept on the message and shown on its case.
A message that cannot be parsed at all is kept as a rejected document with the reason.

The message and all its documents commit in one transaction, so a crash leaves either nothing
(the source offers the mail again) or all of it; a message offered again is recognised by its
fingerprint and changes nothing.
"""
from __future__ import annotations

import email
import email.policy
import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parseaddr, parsedate_to_datetime
from html.parser import HTMLParser

from django.conf import settings
from django.db import IntegrityError, transaction

from procurement.ingestion import (
    IngestResult,
    Outcome,
    document_ingest,
    max_upload_bytes,
    too_large_reason,
)
from procurement.models import EmailMessage
from procurement.sources.inbox import safe_name
from procurement.storage import sha256_of, store_bytes

log = logging.getLogger(__name__)

MB = 1024 * 1024
# MIME parts read per message, and how deeply nested (a forwarded mail inside a mail is a level).
MAX_PARTS = 200
MAX_DEPTH = 8
# Before parsing: more boundary lines or Content-Type headers than this is not a real mail.
MAX_PART_MARKERS = 1000
# The message text kept as a document, at most.
MAX_TEXT_CHARS = 100_000
# A small picture shown inside the message (Content-ID, inline) is its layout: a logo, a
# signature. A phone photo of an invoice, also inline, is far larger.
LAYOUT_IMAGE_MAX_BYTES = 50_000

NOT_A_DOCUMENT = "Not a PDF or a picture (PNG, JPEG, TIFF)"
NOT_WHAT_IT_SAYS = "Declared as a PDF or a picture, but its bytes are neither"
ARCHIVE = "An archive: archives are never opened; ask for the PDF itself"
EMPTY = "The file is empty"

# (An office document is a zip too; it is named for what it is, and is not opened either.)
_ARCHIVE_TYPES = {"application/zip", "application/x-zip-compressed", "application/gzip",
                  "application/x-gzip", "application/x-7z-compressed", "application/x-rar",
                  "application/vnd.rar", "application/x-tar"}
_ARCHIVE_SUFFIXES = (".zip", ".gz", ".tgz", ".7z", ".rar", ".tar", ".bz2", ".xz")
# Parts that are part of the mail's machinery, never a document and not worth a note.
_SILENT_TYPES = {
    "application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature",
    "application/pgp-encrypted", "message/delivery-status", "text/calendar",
}


class MailUnreadable(Exception):
    """The message cannot be read as an email; `reason` is written for a clerk."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes


@dataclass
class ParsedMail:
    message_id: str
    sender: str  # the From address (addr-spec), "" when there is none that looks like one
    sender_name: str
    subject: str
    date: str  # the Date header as written
    sent_at: datetime | None
    text: str  # the message text: text/plain, or the HTML part as text
    fingerprint: str
    attachments: list[Attachment] = field(default_factory=list)
    not_taken: list[dict] = field(default_factory=list)  # [{"filename", "reason"}]


@dataclass(frozen=True)
class MailResult:
    outcome: Outcome  # accepted: a new message; duplicate: seen before; rejected: unreadable
    message: EmailMessage | None
    documents: list[IngestResult]
    reason: str = ""


def max_email_bytes() -> int:
    return settings.MAX_EMAIL_MB * MB


def email_too_large_reason() -> str:
    return f"The email is larger than the {settings.MAX_EMAIL_MB} MB limit for emails."


def mail_ingest(
    *, raw: bytes, source: str, source_ref: str = "", filename: str = "message.eml"
) -> MailResult:
    """Keep a message and make its attachments (or its text) documents, once per message."""
    try:
        parsed = mail_parse(raw)
    except MailUnreadable as exc:
        reason = f"The email could not be read: {exc.reason}"
        log.warning("mail: %s from %s kept rejected: %s", filename, source_ref, reason)
        result = document_ingest(
            content=raw, filename=filename, source=source, source_ref=source_ref,
            not_for_agents=reason,
        )
        return MailResult(Outcome.REJECTED, None, [result], reason)

    known = EmailMessage.objects.filter(fingerprint=parsed.fingerprint).first()
    if known is not None:
        return MailResult(Outcome.DUPLICATE, known, [])
    digest = sha256_of(raw)
    storage_path = store_bytes(raw, digest, suffix=".eml")  # content-addressed: harmless twice
    with transaction.atomic():
        try:
            with transaction.atomic():
                message = EmailMessage.objects.create(
                    fingerprint=parsed.fingerprint,
                    sha256=digest,
                    storage_path=storage_path,
                    source=source,
                    source_ref=source_ref[:1000],
                    size_bytes=len(raw),
                    message_id=parsed.message_id,
                    sender=parsed.sender,
                    sender_name=parsed.sender_name,
                    subject=parsed.subject,
                    sent_at=parsed.sent_at,
                    not_taken=parsed.not_taken,
                )
        except IntegrityError:
            # Another poller took the same message meanwhile; its documents are this one's.
            return MailResult(
                Outcome.DUPLICATE, EmailMessage.objects.get(fingerprint=parsed.fingerprint), []
            )
        results = [
            document_ingest(
                content=attachment.content, filename=attachment.filename, source=source,
                source_ref=source_ref, email=message,
            )
            for attachment in parsed.attachments
        ]
        if not results:
            results = [document_ingest(
                content=_message_document(parsed).encode("utf-8"),
                filename=safe_name(f"{_filename_safe(parsed.subject) or 'message'}.txt"),
                source=source, source_ref=source_ref, email=message,
                is_text=True,
            )]
    log.info(
        "mail: %r from %s -> %s", parsed.subject, parsed.sender or "?",
        ", ".join(f"{r.filename} {r.outcome}" for r in results),
    )
    return MailResult(Outcome.ACCEPTED, message, results)


def mail_upload_results(result: MailResult, *, filename: str) -> list[IngestResult]:
    """One answer per document an ingested email gave, for someone who uploaded it: a message
    seen before answers with the documents it gave then, as duplicates."""
    if result.outcome is not Outcome.DUPLICATE:
        return result.documents
    return [
        IngestResult(Outcome.DUPLICATE, document, filename)
        for document in result.message.documents.order_by("pk")
    ]


# --- parsing: no database; untrusted bytes in, plain values out --------------------------------


def mail_parse(raw: bytes) -> ParsedMail:
    """Read a message's headers, text and attachments, within the limits above."""
    if not raw.strip():
        raise MailUnreadable("the file is empty")
    lowered = raw.lower()
    if raw.count(b"\n--") > MAX_PART_MARKERS or lowered.count(b"content-type:") > MAX_PART_MARKERS:
        raise MailUnreadable(f"it has more than {MAX_PART_MARKERS} parts")
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception as exc:  # RecursionError and whatever else a hostile structure provokes
        raise MailUnreadable(f"it is malformed ({type(exc).__name__})") from None
    if not message.keys():
        raise MailUnreadable("it has no email headers")

    name, address = parseaddr(_header(message, "From", 1000))
    address = address.strip()
    # (U+FFFD: bytes that were not text; such an address is nobody's.)
    if not re.fullmatch(r"[^@\s<>\ufffd]+@[^@\s<>\ufffd]+\.[^@\s<>\ufffd]+", address):
        address = ""
    date = _header(message, "Date", 200)
    parsed = ParsedMail(
        message_id=_header(message, "Message-ID", 998),
        sender=address[:320],
        sender_name=_clean_line(name)[:300],
        subject=_header(message, "Subject", 1000),
        date=date,
        sent_at=_date(date),
        text="",
        fingerprint="",
    )
    body = _walk(message, parsed)
    parsed.text = _tidy_text(body)[:MAX_TEXT_CHARS]
    parsed.fingerprint = _fingerprint(raw, parsed)
    return parsed


def _walk(message, parsed: ParsedMail) -> str:
    """Sort the leaf parts into attachments, notes and the message text; returns the text."""
    plain = html = ""
    stack = [(message, 0)]
    seen = 0
    while stack:
        part, depth = stack.pop()
        seen += 1
        if seen > MAX_PARTS:
            parsed.not_taken.append({"filename": "(the rest of the message)", "reason": (
                f"The message has more than {MAX_PARTS} parts; the rest were not read"
            )})
            break
        if part.is_multipart():
            if depth >= MAX_DEPTH:
                parsed.not_taken.append({"filename": "(a nested part)", "reason": (
                    f"Nested more than {MAX_DEPTH} levels deep; not read"
                )})
                continue
            children = part.get_payload()
            stack.extend((child, depth + 1) for child in reversed(children))
            continue
        content_type = _clean_line(_safe(part.get_content_type, "application/octet-stream"))
        disposition = _safe(part.get_content_disposition, None)
        filename = _attachment_name(part)
        if content_type in ("text/plain", "text/html") and not filename \
                and disposition != "attachment":
            if content_type == "text/plain" and not plain:
                plain = _text_of(part)
            elif content_type == "text/html" and not html:
                html = _text_of(part)
            continue
        if content_type in _SILENT_TYPES:
            continue
        _consider(part, content_type, disposition, filename, parsed)
    return plain if plain.strip() else html_to_text(html)


def _consider(part, content_type: str, disposition, filename: str, parsed: ParsedMail) -> None:
    try:
        content = part.get_payload(decode=True) or b""
    except Exception:
        content = b""
    shown = filename or f"({content_type} part)"
    if not content.strip():
        if filename:
            parsed.not_taken.append({"filename": shown, "reason": EMPTY})
        return
    kind = _sniff(content)
    if kind is None:
        if not (filename or disposition == "attachment"):
            return  # a body part of an odd type, not something anyone attached
        if content_type in _ARCHIVE_TYPES or filename.lower().endswith(_ARCHIVE_SUFFIXES):
            reason = ARCHIVE
        elif content_type == "application/pdf" or content_type.startswith("image/") \
                or filename.lower().endswith((".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")):
            reason = NOT_WHAT_IT_SAYS
        else:
            reason = NOT_A_DOCUMENT
        parsed.not_taken.append({"filename": shown, "reason": reason})
        return
    if kind == "image" and disposition != "attachment" and _header(part, "Content-ID", 998) \
            and len(content) <= LAYOUT_IMAGE_MAX_BYTES:
        return  # a logo or a signature picture inside the message
    if len(content) > max_upload_bytes():
        parsed.not_taken.append({"filename": shown, "reason": too_large_reason()})
        return
    if not filename:
        n = len(parsed.attachments) + 1
        filename = f"attachment-{n}.pdf" if kind == "pdf" else f"attachment-{n}"
    parsed.attachments.append(Attachment(filename=filename, content=content))


def _sniff(content: bytes) -> str | None:
    """'pdf' or 'image' by the bytes, as intake's pre-flight tells them; None otherwise."""
    from agents.intake.extraction.ocr import is_image

    if content.find(b"%PDF-", 0, 1024) >= 0:
        return "pdf"
    if is_image(content):
        return "image"
    return None


def _attachment_name(part) -> str:
    """The part's file name, without any folder in it, through the inbox's sanitising."""
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    # Control characters and stray surrogates dropped, as the inbox drops them from file names.
    name = "".join(ch for ch in str(name) if ch.isprintable())
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if name in ("", ".", ".."):
        return ""
    return safe_name(name)


def _text_of(part) -> str:
    try:
        content = part.get_payload(decode=True) or b""
    except Exception:
        return ""
    charset = _safe(part.get_content_charset, None) or "utf-8"
    try:
        return content.decode(charset, errors="replace")
    except (LookupError, ValueError, TypeError):
        return content.decode("utf-8", errors="replace")


def _header(message, name: str, cap: int) -> str:
    try:
        value = message.get(name)
        text = "" if value is None else str(value)
    except Exception:
        # A header the parser chokes on: its raw form, undecoded, is still better than nothing.
        text = next((str(v) for k, v in message.raw_items() if k.lower() == name.lower()), "")
    return _clean_line(text)[:cap]


def _clean_line(text: str) -> str:
    """One line of valid text: undecodable bytes as U+FFFD, no control characters."""
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _tidy_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
        when = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    # A date no mail was sent on (year 9999 -12:00 would not even fit the database in UTC).
    return when if 1970 <= when.year <= 2999 else None


def _fingerprint(raw: bytes, parsed: ParsedMail) -> str:
    """The same message, however it was delivered (different Received headers, CRLF or LF),
    gives the same fingerprint; another message with a reused Message-ID does not."""
    normalised = raw.replace(b"\r\n", b"\n")
    _, _, body = normalised.partition(b"\n\n")
    digest = hashlib.sha256()
    for value in (parsed.message_id, parsed.sender, parsed.subject, parsed.date):
        digest.update(value.encode("utf-8") + b"\x00")
    digest.update(body)
    return digest.hexdigest()


def _message_document(parsed: ParsedMail) -> str:
    sender = " ".join(
        part for part in (parsed.sender_name, f"<{parsed.sender}>" if parsed.sender else "") if part
    )
    return (
        f"From: {sender}\nDate: {parsed.date}\nSubject: {parsed.subject}\n"
        f"Message-ID: {parsed.message_id}\n\n{parsed.text}\n"
    )


def _filename_safe(subject: str) -> str:
    return re.sub(r"[^\w\- .]+", "_", subject).strip(" ._")[:80]


def _safe(method, default):
    try:
        return method()
    except Exception:
        return default


class _HtmlText(HTMLParser):
    BLOCKS = {"p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5",
              "h6", "blockquote", "pre", "hr", "section", "article", "header", "footer"}
    HIDDEN = {"script", "style", "head", "title", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The text a person reads in an HTML mail: no tags, scripts or styles; paragraphs kept."""
    if not markup:
        return ""
    parser = _HtmlText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # HTMLParser is lenient; whatever it still trips on, keep what it had
        log.info("mail: the HTML part could not be read to the end; its text so far is kept")
    return _tidy_text("".join(parser.parts))
