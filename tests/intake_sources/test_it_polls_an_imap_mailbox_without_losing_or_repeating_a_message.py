"""The IMAP mailbox, against a real IMAP server on loopback (tests/intake_sources/imap_server.py):
unread messages are taken and marked read only once their documents are committed, so a
connection lost mid-poll loses nothing, and the message fetched again is not stored twice."""
from __future__ import annotations

import imaplib

import pytest
from django.core.management import call_command

from procurement.models import Document, EmailMessage
from procurement.sources.imap import ImapError, imap_poll
from procurement.sources.jobs import poll_sources
from tests.intake_sources.conftest import make_pdf
from tests.intake_sources.imap_server import ImapTestServer, Mailbox
from tests.intake_sources.mails import make_mail

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def mailbox(settings):
    box = Mailbox(user="ap-intake", password="s3cret \"quoted\"", folder="Vendor Invoices")
    with ImapTestServer(box) as server:
        settings.IMAP_HOST = "127.0.0.1"
        settings.IMAP_PORT = server.port
        settings.IMAP_SSL = False
        settings.IMAP_USER = box.user
        settings.IMAP_PASSWORD = box.password
        settings.IMAP_FOLDER = box.folder
        settings.IMAP_BATCH = 50
        settings.INBOX_DIR = ""
        settings.S3_BUCKET = ""
        yield box


def invoice_mail(n: int) -> bytes:
    return make_mail(subject=f"Invoice INV-{n}", message_id=f"<inv-{n}@acme.example>",
                     attachments=[(f"INV-{n}.pdf", make_pdf(f"INV-{n}"), "application/pdf")])


def documents() -> list[tuple[str, str, str]]:
    return list(Document.objects.order_by("original_filename")
                .values_list("original_filename", "source", "email__subject"))


def test_it_takes_the_unread_messages_and_marks_them_read(mailbox):
    read_before = mailbox.add(invoice_mail(1), seen=True)  # a person dealt with it already
    first = mailbox.add(invoice_mail(2))
    second = mailbox.add(make_mail(subject="When do you pay?", message_id="<q@acme.example>"))

    items = imap_poll()

    assert [(item.uid, item.result.outcome) for item in items] == [
        (str(first), "accepted"), (str(second), "accepted"),
    ]
    assert documents() == [
        ("INV-2.pdf", "imap", "Invoice INV-2"),
        ("When do you pay.txt", "imap", "When do you pay?"),
    ]
    assert sorted(mailbox.seen()) == [read_before, first, second]
    message = EmailMessage.objects.get(subject="Invoice INV-2")
    assert message.source_ref == (
        f"imap://ap-intake@127.0.0.1/Vendor Invoices;UID={first}"
    )
    # fetched with BODY.PEEK[]: the server marks nothing read until the STORE after the commit
    assert mailbox.log.index(f"UID FETCH {first} (BODY.PEEK[])") < mailbox.log.index(
        f"UID STORE {first} +FLAGS.SILENT (\\Seen)")
    assert imap_poll() == []  # nothing unread is left


def test_a_connection_lost_after_a_commit_loses_nothing_and_stores_nothing_twice(mailbox):
    uids = [mailbox.add(invoice_mail(n)) for n in (1, 2, 3)]
    # The worker's connection dies as it marks the second message read: its documents are
    # committed, the mailbox still shows it unread, the third was never fetched.
    mailbox.drop_connection_on = ("STORE", 2)

    with pytest.raises(imaplib.IMAP4.abort):
        imap_poll()

    assert mailbox.seen() == [uids[0]]
    assert [name for name, _, _ in documents()] == ["INV-1.pdf", "INV-2.pdf"]

    items = imap_poll()

    assert [(item.uid, item.result.outcome) for item in items] == [
        (str(uids[1]), "duplicate"), (str(uids[2]), "accepted"),
    ]
    assert [name for name, _, _ in documents()] == ["INV-1.pdf", "INV-2.pdf", "INV-3.pdf"]
    assert EmailMessage.objects.count() == 3
    assert mailbox.seen() == uids


def test_a_connection_lost_while_fetching_leaves_the_message_for_the_next_poll(mailbox):
    uids = [mailbox.add(invoice_mail(n)) for n in (1, 2)]
    mailbox.drop_connection_on = ("FETCH", 2)  # the second message's body never arrives

    with pytest.raises(imaplib.IMAP4.abort):
        imap_poll()

    assert mailbox.seen() == [uids[0]]
    assert [name for name, _, _ in documents()] == ["INV-1.pdf"]

    [item] = imap_poll()

    assert (item.uid, item.result.outcome) == (str(uids[1]), "accepted")
    assert mailbox.seen() == uids and Document.objects.count() == 2


def test_a_message_over_the_email_limit_is_never_fetched_and_stays_unread(mailbox, settings):
    settings.MAX_UPLOAD_MB = 1
    settings.MAX_EMAIL_MB = 1
    big = mailbox.add(make_mail(attachments=[
        ("big.pdf", make_pdf("big") + b"%" + b"0" * MB, "application/pdf"),
    ]))
    small = mailbox.add(invoice_mail(5))

    [item] = imap_poll()

    assert item.uid == str(small)
    assert mailbox.seen() == [small]
    assert not any(entry.startswith(f"UID FETCH {big} (BODY") for entry in mailbox.log)


def test_it_runs_with_the_other_sources_and_by_hand(mailbox, capsys):
    mailbox.add(invoice_mail(8))

    assert poll_sources() == {"imap": 1}

    mailbox.add(invoice_mail(9))
    call_command("poll_imap")
    out = capsys.readouterr().out
    document = Document.objects.get(original_filename="INV-9.pdf")
    assert f": accepted as email {document.email_id}: document {document.pk} accepted" in out
    assert "1 message(s) taken from Vendor Invoices on 127.0.0.1" in out


def test_a_refused_login_is_a_clear_error(mailbox, settings):
    settings.IMAP_PASSWORD = "wrong"

    with pytest.raises(ImapError, match="the IMAP server refused LOGIN"):
        imap_poll()
