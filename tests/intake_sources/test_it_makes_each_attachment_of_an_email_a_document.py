"""An .eml in the inbox folder: each PDF or picture attachment becomes a document that knows the
mail it came in; the mail itself is kept as an original; a mail sent again changes nothing."""
from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from agents.orchestrator.models import Workflow
from procurement.models import Document, EmailMessage
from procurement.sources.inbox import inbox_poll
from procurement.storage import read_document
from tests.intake_sources.conftest import drop, make_pdf
from tests.intake_sources.mails import make_mail

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 * 1024  # a scan, too big to be a logo


def test_it_makes_a_document_of_each_attachment_and_keeps_the_mail(inbox):
    mail = make_mail(
        subject="Invoices INV-1001 and INV-1002",
        message_id="<inv-1001@acme.example>",
        attachments=[
            ("INV-1001.pdf", make_pdf("INV-1001"), "application/pdf"),
            # declared as "some bytes": what it is is decided by the bytes
            ("INV-1002 scan", PNG, "application/octet-stream"),
        ],
    )
    path = drop(inbox, "from-acme.eml", mail)

    [item] = inbox_poll()

    assert item.result.outcome == "accepted"
    message = EmailMessage.objects.get()
    assert (message.sender, message.sender_name, message.subject, message.message_id) == (
        "billing@acme.example", "Acme Billing", "Invoices INV-1001 and INV-1002",
        "<inv-1001@acme.example>",
    )
    assert message.sent_at == dt.datetime(2026, 11, 30, 8, 15, tzinfo=dt.UTC)  # 09:15 +0100
    assert message.not_taken == []
    assert read_document(message.storage_path) == mail  # the original, byte for byte
    documents = Document.objects.order_by("pk")
    assert [(d.original_filename, d.source, d.email_id, d.status) for d in documents] == [
        ("INV-1001.pdf", "inbox", message.pk, "received"),
        ("INV-1002 scan", "inbox", message.pk, "received"),
    ]
    assert documents[0].read_bytes() == make_pdf("INV-1001")
    assert Workflow.objects.count() == 2  # intake reads each of them
    assert not path.exists() and item.moved_to == inbox / "processed" / "from-acme.eml"


def test_it_takes_a_mail_delivered_twice_once(inbox):
    mail = make_mail(attachments=[("INV-1001.pdf", make_pdf("INV-1001"), "application/pdf")],
                     message_id="<once@acme.example>")
    drop(inbox, "first.eml", mail)
    inbox_poll()
    # the same message again, through another relay (one more Received header, CRLF endings)
    drop(inbox, "again.eml", b"Received: from relay2.example\r\n" + mail.replace(b"\n", b"\r\n"))

    [item] = inbox_poll()

    assert item.result.outcome == "duplicate"
    assert item.moved_to.parent.name == "processed"
    assert EmailMessage.objects.count() == 1
    assert Document.objects.count() == 1 and Workflow.objects.count() == 1


def test_an_attachment_sent_before_in_another_mail_is_a_duplicate_of_the_first(inbox):
    pdf = make_pdf("INV-1001")
    drop(inbox, "a.eml", make_mail(attachments=[("INV-1001.pdf", pdf, "application/pdf")]))
    drop(inbox, "b.eml", make_mail(subject="Reminder: INV-1001",
                                   attachments=[("copy.pdf", pdf, "application/pdf")]))

    outcomes = [[r.outcome for r in item.result.documents] for item in inbox_poll()]

    assert outcomes == [["accepted"], ["duplicate"]]
    assert EmailMessage.objects.count() == 2
    document = Document.objects.get()
    assert document.email.subject == "Invoice INV-1001"  # the mail it first came in


def test_poll_inbox_says_what_became_of_the_mail(inbox, capsys):
    drop(inbox, "mail.eml", make_mail(attachments=[
        ("INV-7.pdf", make_pdf("INV-7"), "application/pdf"),
    ]))

    call_command("poll_inbox", "--settle", "1")

    out = capsys.readouterr().out
    message, document = EmailMessage.objects.get(), Document.objects.get()
    assert f"mail.eml: accepted as email {message.pk} (documents {document.pk})" in out


def test_it_finds_the_invoice_in_a_mail_forwarded_as_an_attachment(inbox):
    from email import message_from_bytes, policy

    original = message_from_bytes(make_mail(attachments=[
        ("INV-42.pdf", make_pdf("INV-42"), "application/pdf"),
    ]), policy=policy.default)
    forward = message_from_bytes(make_mail(
        sender="Paula from Purchasing <paula@ap.example>", subject="Fwd: Invoice INV-42",
        text="For you, forwarded as an attachment.",
    ), policy=policy.default)
    forward.add_attachment(original)  # message/rfc822
    drop(inbox, "forwarded.eml", bytes(forward))

    inbox_poll()

    document = Document.objects.get()
    assert document.original_filename == "INV-42.pdf"
    assert document.read_bytes() == make_pdf("INV-42")
    assert document.email.sender == "paula@ap.example"  # who sent it to us
