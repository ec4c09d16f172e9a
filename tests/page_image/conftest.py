"""A two-page invoice PDF whose text positions the tests know, stored as a document with the
invoice intake's extractor really read from it (so the evidence boxes are the product's own)."""
from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from agents.intake.extraction import extract_invoice
from agents.intake.extraction.model import SCALAR_FIELDS
from procurement.models import Document, Invoice
from procurement.services import invoice_save_extraction
from procurement.storage import relative_path_for, sha256_of, store_bytes
from tests.browser.conftest import _playwright, browser, login_as, page  # noqa: F401

PAGE_WIDTH, PAGE_HEIGHT = A4
FONT_SIZE = 11


@dataclass(frozen=True)
class Printed:
    """Where the PDF printed a text: x and the top of the line, in points from the top left."""

    text: str
    x: float
    top: float
    page: int = 0

    @property
    def width(self) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(self.text, "Helvetica", FONT_SIZE)


INVOICE_NUMBER = Printed("INV-7781", 400, 120)
TOTAL = Printed("1,234.50", 460, 520)
LINE_DESCRIPTION = Printed("Hex bolts M8 x 40", 72, 320)
LINE_AMOUNT = Printed("1,234.50", 460, 320)
PRINTED = [
    Printed("Harbor Fasteners Ltd", 72, 72),
    Printed("Invoice number:", 300, 120),
    INVOICE_NUMBER,
    Printed("Invoice date:", 300, 140),
    Printed("2026-03-01", 400, 140),
    Printed("Description", 72, 300),
    Printed("Qty", 300, 300),
    Printed("Unit price", 360, 300),
    Printed("Amount", 460, 300),
    LINE_DESCRIPTION,
    Printed("100", 300, 320),
    Printed("12.345", 360, 320),
    LINE_AMOUNT,
    Printed("Total EUR", 300, 520),
    TOTAL,
    Printed("Terms and conditions continue overleaf.", 72, 700),
    Printed("Page 2: terms and conditions", 72, 72, page=1),
]


def invoice_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for page_index in (0, 1):
        pdf.setFont("Helvetica", FONT_SIZE)
        for item in PRINTED:
            if item.page == page_index:
                # reportlab draws at the baseline, from the bottom; the cap height is ~0.72 em
                pdf.drawString(item.x, PAGE_HEIGHT - item.top - 0.72 * FONT_SIZE, item.text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def store_document(content: bytes, filename: str = "harbor-7781.pdf") -> Document:
    sha = sha256_of(content)
    store_bytes(content, sha)
    return Document.objects.create(
        sha256=sha,
        original_filename=filename,
        storage_path=relative_path_for(sha),
        source=Document.Source.UPLOAD,
        size_bytes=len(content),
        status=Document.Status.PARSED,
    )


@pytest.fixture
def invoice(db) -> Invoice:
    """The invoice as the extractor read it and intake saves it, with its evidence boxes."""
    content = invoice_pdf()
    extraction = extract_invoice(content)
    fields = extraction.model_dump(include=set(SCALAR_FIELDS))
    return invoice_save_extraction(
        document_id=store_document(content).pk,
        fields=fields,
        lines=[
            {
                "line_no": number, "description": line.description or "", "sku": line.sku or "",
                "quantity": line.quantity, "unit_price": line.unit_price, "amount": line.amount,
            }
            for number, line in enumerate(extraction.lines, start=1)
        ],
        confidence=extraction.confidence,
        evidence={name: ev.model_dump() for name, ev in extraction.evidence.items()},
        extracted_by="rules",
    )
