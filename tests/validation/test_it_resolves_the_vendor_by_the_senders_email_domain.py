"""An invoice that prints neither a tax id, an IBAN nor a name on file, sent by email from a
vendor's domain, is that vendor's: the stored sender reaches vendor resolution as its last
resort. The same invoice from nowhere in particular stays an unknown vendor."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from procurement.ingestion import document_ingest
from procurement.models import Document, Invoice
from procurement.services import invoice_save_extraction
from procurement.sources.mail import mail_ingest
from tests.intake_sources.mails import make_mail
from tests.validation.conftest import validate_document

pytestmark = pytest.mark.django_db

FIELDS = {
    "vendor_name": "Billing Department", "vendor_tax_id": "", "iban": "",
    "invoice_number": "EM-1", "currency": "EUR", "po_number": "PO-7001",
    "subtotal": D("50.00"), "tax": D("9.50"), "total": D("59.50"),
}
LINES = [{"line_no": 1, "sku": "W-1", "description": "Widget, steel", "quantity": D("10"),
          "unit_price": D("5.00"), "amount": D("50.00"), "confidence": {}}]


def read_as_intake_would(document: Document) -> None:
    invoice_save_extraction(document_id=document.pk, lines=LINES, fields=FIELDS)


def test_the_senders_domain_names_the_vendor(world):
    world.acme.email_domains = ["acme-supplies.example"]
    world.acme.save()
    mail = make_mail(sender="Accounts <accounts@Acme-Supplies.example>", attachments=[
        ("EM-1.pdf", b"%PDF-1.4 an invoice that names nobody we know", "application/pdf"),
    ])
    [result] = mail_ingest(raw=mail, source="inbox").documents
    read_as_intake_would(result.document)

    kinds = validate_document(result.document.pk)

    invoice = Invoice.objects.get(document=result.document)
    assert invoice.vendor == world.acme
    assert "unknown_vendor" not in kinds
    assert invoice.checks[0] == {"check": "vendor", "passed": True,
                                 "detail": "Acme Industrial Supplies GmbH, active."}


def test_without_a_sender_the_same_invoice_is_from_an_unknown_vendor(world):
    world.acme.email_domains = ["acme-supplies.example"]
    world.acme.save()
    result = document_ingest(content=b"%PDF-1.4 an invoice that names nobody we know",
                             filename="EM-1.pdf", source="upload")
    read_as_intake_would(result.document)

    kinds = validate_document(result.document.pk)

    assert Invoice.objects.get(document=result.document).vendor is None
    assert "unknown_vendor" in kinds
