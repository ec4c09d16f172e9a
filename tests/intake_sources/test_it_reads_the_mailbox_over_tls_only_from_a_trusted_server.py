"""IMAPS by default: the poll talks TLS from the first byte and checks the server's certificate
against the system's certificate authorities (a private CA through SSL_CERT_FILE); a server it
cannot verify never sees the password."""
from __future__ import annotations

import ssl

import pytest

from procurement.models import Document
from procurement.sources.imap import imap_poll
from tests.intake_sources.conftest import make_pdf
from tests.intake_sources.imap_server import ImapTestServer, Mailbox, tls_files
from tests.intake_sources.mails import make_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def imaps(settings, tmp_path):
    ca, certificate, key = tls_files(tmp_path)
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(certificate, key)
    box = Mailbox(user="ap-intake", password="secret")
    box.add(make_mail(attachments=[("INV-1.pdf", make_pdf("INV-1"), "application/pdf")]))
    with ImapTestServer(box, tls=tls) as server:
        settings.IMAP_HOST = "127.0.0.1"
        settings.IMAP_PORT = server.port
        settings.IMAP_SSL = True
        settings.IMAP_USER, settings.IMAP_PASSWORD = box.user, box.password
        settings.IMAP_FOLDER = "INBOX"
        box.ca = ca
        yield box


def test_it_takes_the_mail_from_a_server_whose_certificate_it_trusts(imaps, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", imaps.ca)

    [item] = imap_poll()

    assert item.result.outcome == "accepted"
    assert Document.objects.get().original_filename == "INV-1.pdf"
    assert imaps.seen() == [1]


def test_it_refuses_a_server_it_cannot_verify_before_logging_in(imaps, monkeypatch, tmp_path):
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-ca.pem"))

    with pytest.raises(ssl.SSLCertVerificationError):
        imap_poll()

    assert "LOGIN" not in imaps.log and not Document.objects.exists()
