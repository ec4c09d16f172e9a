"""A mail with nothing attached (usually a vendor's question) becomes one document holding its
text, kept for triage with a reason that says so; no agent is started on plain text."""
from __future__ import annotations

import pytest

from agents.orchestrator.models import Workflow
from procurement.models import Case, Document
from procurement.sources.inbox import inbox_poll
from tests.intake_sources.conftest import drop
from tests.intake_sources.mails import make_mail

pytestmark = pytest.mark.django_db

REASON = "No invoice attached: the message text is kept for triage."


def test_it_keeps_the_plain_text_with_the_headers_as_one_document(inbox, client, clerk):
    drop(inbox, "question.eml", make_mail(
        subject="Payment reminder INV-1001",
        text="Hello,\n\nour invoice INV-1001 is overdue. When will it be paid?\n\nRegards",
        message_id="<reminder-1@acme.example>",
    ))

    [item] = inbox_poll()

    document = Document.objects.get()
    text = document.read_bytes().decode("utf-8")
    assert text.startswith(
        "From: Acme Billing <billing@acme.example>\nDate: Mon, 30 Nov 2026 09:15:00 +0100\n"
        "Subject: Payment reminder INV-1001\nMessage-ID: <reminder-1@acme.example>\n\n"
    )
    assert "our invoice INV-1001 is overdue. When will it be paid?" in text
    assert document.original_filename == "Payment reminder INV-1001.txt"
    assert (document.status, document.error_reason) == ("rejected", REASON)
    assert document.email.subject == "Payment reminder INV-1001"
    assert not Workflow.objects.exists()  # nothing an agent could crash on
    case = Case.objects.get(document=document)
    assert (case.state, case.reason) == ("rejected", REASON)
    # the mail is kept as it came; it was read, so it moves to processed/
    assert item.moved_to == inbox / "processed" / "question.eml"
    client.force_login(clerk)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert REASON in page
    assert "Emailed by <strong>Acme Billing</strong>" in page


def test_an_html_only_mail_is_kept_as_the_text_a_person_reads(inbox):
    from email.message import EmailMessage as Mime

    mail = Mime()
    mail["From"] = "ar@globex.example"
    mail["Subject"] = "Statement of account"
    mail.set_content(
        "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
        "<p>Dear customer,</p><p>please find your <b>statement</b> below &amp; pay.</p>"
        "<table><tr><td>INV-1</td><td>100.00</td></tr></table></body></html>",
        subtype="html",
    )
    drop(inbox, "statement.eml", bytes(mail))

    inbox_poll()

    text = Document.objects.get().read_bytes().decode("utf-8")
    body = text.split("\n\n", 1)[1]
    assert body.splitlines() == [
        "Dear customer,", "", "please find your statement below & pay.", "", "INV-1 100.00",
    ]
    assert "alert" not in text and "color" not in text


def test_attachments_that_are_not_taken_are_named_in_the_reason(inbox):
    drop(inbox, "docx.eml", make_mail(
        subject="Invoice as Word file",
        attachments=[("invoice.docx", b"PK\x03\x04 word", "application/vnd.openxmlformats")],
    ))

    inbox_poll()

    document = Document.objects.get()
    assert document.error_reason == (
        f"{REASON} Attachments not taken: invoice.docx: Not a PDF or a picture (PNG, JPEG, "
        "TIFF)."
    )
    assert document.email.not_taken == [{
        "filename": "invoice.docx", "reason": "Not a PDF or a picture (PNG, JPEG, TIFF)",
    }]
