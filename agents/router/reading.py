"""The text the router reads from a file: a PDF's or picture's first pages (in the sandbox, by OCR
where needed), an email's subject and body (or its first PDF or picture attachment, which is
what email intake turns into a document), or plain text as it is.

Only for the `route` command and benches: in the pipeline the router reads the text intake has
already extracted, so nothing is parsed twice.
"""
from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage

from agents.intake.extraction.ocr import is_image

_TAGS = re.compile(r"<[^>]+>")


def is_pdf(data: bytes) -> bool:
    return data.find(b"%PDF-", 0, 1024) >= 0


def is_plain_text(data: bytes) -> bool:
    """Text, not a file to parse: neither a PDF nor a picture, valid UTF-8 without NUL bytes.
    (Intake is offered text only by email intake, for a mail without attachments; the upload,
    inbox and S3 pre-flight refuse it.)"""
    if not data or is_pdf(data) or is_image(data) or b"\x00" in data[:100_000]:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def text_of(data: bytes, *, name: str = "") -> str:
    if is_pdf(data) or is_image(data):
        return _document_text(data)
    if name.lower().endswith(".eml") or _looks_like_email(data):
        return _email_text(data)
    return data.decode("utf-8", errors="replace")


def _document_text(data: bytes) -> str:
    from agents.intake.sandbox import preflight, run_sandboxed
    from agents.intake.second_opinion import page_text

    preflight(data)
    return run_sandboxed(page_text, data, reuse=True, timeout_s=120, cpu_s=100)


def _looks_like_email(data: bytes) -> bool:
    head = data[:2000].lower()
    return head.startswith((b"from:", b"received:", b"return-path:", b"mime-version:",
                            b"subject:", b"delivered-to:", b"message-id:"))


def _email_text(data: bytes) -> str:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True) or b""
        if is_pdf(payload) or is_image(payload):
            return _document_text(payload)
    body = message.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    if body is not None and body.get_content_subtype() == "html":
        text = _TAGS.sub(" ", text)
    return f"{message.get('subject', '')}\n{text}"
