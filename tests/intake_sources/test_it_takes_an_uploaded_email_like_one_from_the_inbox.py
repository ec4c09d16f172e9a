"""A clerk uploads a saved email (.eml): each attachment becomes a document with the mail's
sender on its case, exactly as from the inbox folder; the same mail uploaded again answers with
those documents as duplicates, and a file that is not an email is kept, rejected, with why."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from procurement.models import Document, EmailMessage
from tests.intake_sources.conftest import make_pdf
from tests.intake_sources.mails import make_mail

pytestmark = pytest.mark.django_db

UPLOAD = reverse("documents:upload")
MAIL = make_mail(
    sender="Acme Billing <billing@acme.example>", subject="Invoices 1001 and 1002",
    attachments=[("acme-1001.pdf", make_pdf("ACME 1001"), "application/pdf"),
                 ("acme-1002.pdf", make_pdf("ACME 1002"), "application/pdf")],
    message_id="<upload-1@acme.example>",
)


def eml(content: bytes, name: str = "from-acme.eml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="message/rfc822")


def test_an_uploaded_email_gives_a_document_per_attachment(client, clerk, settings):
    settings.REDIS_URL = ""
    client.force_login(clerk)

    page = client.post(UPLOAD, {"files": [eml(MAIL)]}).content.decode()

    mail = EmailMessage.objects.get()
    assert (mail.sender, mail.source) == ("billing@acme.example", "upload")
    documents = list(Document.objects.order_by("pk"))
    assert [d.original_filename for d in documents] == ["acme-1001.pdf", "acme-1002.pdf"]
    assert {d.email_id for d in documents} == {mail.pk}
    assert page.count('data-outcome="accepted"') == 2
    assert f'document #{documents[1].pk}</a>; the agents are reading it now.' in page

    again = client.post(UPLOAD, {"files": [eml(MAIL, "same-mail.eml")]}).content.decode()

    assert again.count('data-outcome="duplicate"') == 2
    assert Document.objects.count() == 2 and EmailMessage.objects.count() == 1


def test_a_file_named_eml_that_is_no_email_is_kept_rejected(client, clerk, settings):
    settings.REDIS_URL = ""
    client.force_login(clerk)

    page = client.post(UPLOAD, {"files": [eml(b"\x00\x01 not a mail", "broken.eml")]})

    document = Document.objects.get()
    assert document.status == Document.Status.REJECTED
    assert 'data-outcome="rejected"' in page.content.decode()
    assert "Rejected because the email could not be read: it has no email headers" in (
        " ".join(page.content.decode().split()))
