"""A vendor's email without attachments is kept as its text and has no page to draw: its case
page shows the clerk what the mail says (escaped), not an error about the file type, and no
purchase-order table for a document that is not an invoice."""
from __future__ import annotations

from procurement.models import Case
from procurement.sources.inbox import inbox_poll
from tests.intake_sources.conftest import drop
from tests.intake_sources.mails import make_mail

INQUIRY = make_mail(
    subject="Payment status KFS-INV-2026-0213",
    text="Hello,\ncould you tell us when invoice KFS-INV-2026-0213 will be paid?\n"
         "<b>Thanks</b>, Kestrel AR",
    message_id="<inquiry-1@kestrel.example>",
)


def test_the_case_page_of_a_mailed_inquiry_shows_its_words(embedded, inbox, client, clerk):
    drop(inbox, "inquiry.eml", INQUIRY)
    inbox_poll()
    case = Case.objects.get()
    client.force_login(clerk)

    html = client.get(f"/cases/{case.pk}/").content.decode()

    assert "What it says" in html
    assert "could you tell us when invoice KFS-INV-2026-0213 will be paid?" in html
    assert "&lt;b&gt;Thanks&lt;/b&gt;, Kestrel AR" in html
    assert "neither a PDF nor an image" not in html
    assert "The order beside the invoice" not in html
