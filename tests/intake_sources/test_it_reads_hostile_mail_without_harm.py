"""Mail is untrusted: a flood of parts, nesting without end, broken charsets, names meant to
escape a folder, zip bombs and oversized attachments each get a clear answer, nothing crashes,
and what can be taken from the same mail still is."""
from __future__ import annotations

import pytest

from procurement.models import Document, EmailMessage
from procurement.sources.inbox import inbox_poll
from procurement.sources.mail import MailUnreadable, mail_parse
from tests.intake_sources.conftest import drop, make_pdf
from tests.intake_sources.mails import make_mail

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def test_a_flood_of_parts_is_kept_rejected_unparsed(inbox):
    parts = b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" for _ in range(5000))
    raw = (b"From: flood@evil.example\r\nSubject: parts\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n' + parts + b"--b--\r\n")
    drop(inbox, "flood.eml", raw)

    [item] = inbox_poll()

    document = Document.objects.get()
    assert document.status == "rejected"
    assert document.error_reason == "The email could not be read: it has more than 1000 parts"
    assert document.read_bytes() == raw  # kept, like every original
    assert item.moved_to == inbox / "rejected" / "flood.eml"
    assert not EmailMessage.objects.exists()


def nested(levels: int, innermost: bytes) -> bytes:
    raw = innermost
    for level in range(levels):
        raw = (f'Content-Type: multipart/mixed; boundary="l{level}"\r\n\r\n--l{level}\r\n'
               .encode() + raw + f"\r\n--l{level}--\r\n".encode())
    return b"From: deep@evil.example\r\nSubject: deep\r\nMIME-Version: 1.0\r\n" + raw


@pytest.mark.parametrize("levels", [20, 450])
def test_nesting_without_end_is_not_followed(levels):
    pdf = (b"Content-Type: application/pdf\r\nContent-Disposition: attachment; "
           b'filename="deep.pdf"\r\n\r\n' + make_pdf("deep"))

    parsed = mail_parse(nested(levels, pdf))

    assert parsed.attachments == []
    assert parsed.not_taken == [{"filename": "(a nested part)",
                                 "reason": "Nested more than 8 levels deep; not read"}]


def test_nesting_deeper_still_is_not_even_parsed():
    with pytest.raises(MailUnreadable, match="it has more than 1000 parts"):
        mail_parse(nested(2000, b"\r\nx"))


def test_broken_charsets_and_8bit_headers_become_readable_text(inbox):
    raw = (
        b"From: =?x-no-such-charset?q?B=E4r?= <billing@b\xe4r.example>\r\n"
        b"Subject: =?utf-8?b?SW52b2ljZSDigqw=?= caf\xe9 \x00\x07 end\r\n"
        b"Message-ID: <odd@bar.example>\r\n"
        b"Date: not a date at all\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=x-unknown-8bit\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        b"Gr\xfc\xdfe, Rechnung folgt \x00 morgen.\r\n"
    )
    drop(inbox, "odd.eml", raw)

    inbox_poll()

    message = EmailMessage.objects.get()
    assert message.subject == "Invoice € caf\ufffd end"
    assert message.sender == ""  # not an address anyone could write back to
    assert message.sent_at is None
    text = Document.objects.get().read_bytes().decode("utf-8")
    assert text.startswith("From: B\ufffdr\nDate: not a date at all\n")
    assert "Rechnung folgt morgen." in text and "\x00" not in text


def test_strange_file_names_are_sanitised_and_never_a_path(inbox):
    drop(inbox, "names.eml", make_mail(attachments=[
        ("../../etc/passwd.pdf", make_pdf("one"), "application/pdf"),
        ("C:\\Windows\\evil\x07.pdf", make_pdf("two"), "application/pdf"),
        ("x" * 600 + ".pdf", make_pdf("three"), "application/pdf"),
    ]))

    inbox_poll()

    names = list(Document.objects.order_by("pk").values_list("original_filename", flat=True))
    assert names[:2] == ["passwd.pdf", "evil.pdf"]
    assert len(names[2].encode()) <= 200 and names[2].endswith(".pdf")


def test_a_zip_is_never_opened_and_an_oversized_attachment_is_refused_on_its_own(
    inbox, settings
):
    settings.MAX_UPLOAD_MB = 1
    big = make_pdf("big") + b"%" + b"0" * (MB + 10)
    drop(inbox, "mixed.eml", make_mail(attachments=[
        ("bomb.zip", b"PK\x03\x04" + b"\x00" * 200, "application/zip"),
        ("huge.pdf", big, "application/pdf"),
        ("INV-9.pdf", make_pdf("INV-9"), "application/pdf"),
    ]))

    inbox_poll()

    [document] = Document.objects.all()
    assert document.original_filename == "INV-9.pdf" and document.status == "received"
    assert document.email.not_taken == [
        {"filename": "bomb.zip",
         "reason": "An archive: archives are never opened; ask for the PDF itself"},
        {"filename": "huge.pdf", "reason": "The file is larger than the 1 MB upload limit."},
    ]


def test_an_email_over_its_limit_is_refused_unread(inbox, settings):
    settings.MAX_UPLOAD_MB = 1
    settings.MAX_EMAIL_MB = 1
    drop(inbox, "huge.eml", make_mail(attachments=[
        ("a.pdf", make_pdf("a") + b"%" + b"0" * MB, "application/pdf"),
    ]))

    assert inbox_poll() == []

    assert not Document.objects.exists() and not EmailMessage.objects.exists()
    assert (inbox / "rejected" / "huge.eml.reason.txt").read_text() == (
        "The email is larger than the 1 MB limit for emails.\n"
    )


@pytest.mark.parametrize("date", [
    "Fri, 31 Dec 9999 23:59:59 -1200",  # past year 9999 in UTC: no database could store it
    "Mon, 99 Foo 99999 99:99:99 +9999",
    "yesterday",
])
def test_a_date_no_mail_was_sent_on_is_left_empty(inbox, date):
    drop(inbox, "dated.eml", make_mail(date=date, attachments=[
        ("INV-1.pdf", make_pdf("INV-1"), "application/pdf"),
    ]))

    [item] = inbox_poll()

    assert item.result.outcome == "accepted"
    assert EmailMessage.objects.get().sent_at is None
