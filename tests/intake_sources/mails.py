"""Emails made on the fly, as a vendor's mail program would write them (stdlib `email`)."""
from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

DATE = "Mon, 30 Nov 2026 09:15:00 +0100"


def make_mail(
    *,
    sender: str = "Acme Billing <billing@acme.example>",
    subject: str = "Invoice INV-1001",
    text: str = "Dear AP team,\n\nplease find our invoice attached.\n\nAcme Billing",
    html: str | None = None,
    attachments: list[tuple[str, bytes, str]] = (),
    message_id: str | None = None,
    date: str = DATE,
) -> bytes:
    """`attachments` are (filename, bytes, "maintype/subtype") as the sender declares them."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "invoices@ap.example"
    mail["Subject"] = subject
    mail["Date"] = date
    mail["Message-ID"] = message_id or make_msgid(domain="acme.example")
    mail.set_content(text)
    if html is not None:
        mail.add_alternative(html, subtype="html")
    for filename, content, declared in attachments:
        maintype, subtype = declared.split("/")
        mail.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(mail)
