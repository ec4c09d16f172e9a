"""Encrypted PDFs and PDFs whose text layer holds only a few words get a true, clear answer
(issue 12, item 11). The test files are made here, with reportlab's own encryption.

- locked only against printing or copying (owner password, opens without one): read, with a
  warning saying it was locked;
- protected by a password needed to open it: refused, saying so, and what to ask the vendor;
- "INVOICE 4711 Total EUR 100.00" alone: refused for having too little text, not as a scan that
  needs OCR (it has a text layer).
"""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from agents.intake.extraction import ExtractionError
from agents.intake.sandbox import parse_pdf_safely

LINES = [
    "Acme Industrial Supplies GmbH",
    "INVOICE 4711",
    "Invoice date: 2026-01-20",
    "Total EUR 100.00",
]


def pdf(lines: list[str], *, encrypt: StandardEncryption | None = None) -> bytes:
    buf = io.BytesIO()
    page = canvas.Canvas(buf, encrypt=encrypt)
    for n, text in enumerate(lines):
        page.drawString(72, 760 - 18 * n, text)
    page.showPage()
    page.save()
    return buf.getvalue()


def test_it_reads_a_pdf_locked_only_against_printing_and_copying():
    locked = StandardEncryption("", ownerPassword="vendor-only", canPrint=0, canCopy=0)
    data = pdf(LINES, encrypt=locked)
    assert b"/Encrypt" in data

    extraction = parse_pdf_safely(data, max_mb=20, reuse=False)

    assert (extraction.invoice_number, extraction.total) == ("4711", Decimal("100.00"))
    assert any("locked against printing or copying" in w for w in extraction.warnings)


def test_it_says_a_password_protected_pdf_needs_its_password():
    data = pdf(LINES, encrypt=StandardEncryption("open-sesame", ownerPassword="vendor-only"))

    with pytest.raises(ExtractionError) as refused:
        parse_pdf_safely(data, max_mb=20, reuse=False)

    assert refused.value.permanent
    assert refused.value.reason == (
        "The PDF is protected by a password and cannot be opened without it: ask the vendor for "
        "a copy without a password"
    )


def test_it_says_a_few_words_are_too_little_text_not_that_ocr_is_needed():
    data = pdf(["INVOICE 4711 Total EUR 100.00"])

    with pytest.raises(ExtractionError) as refused:
        parse_pdf_safely(data, max_mb=20, reuse=False)

    assert refused.value.reason == (
        "Only 24 letters and digits could be read from the document, too few for an invoice"
    )
    assert "OCR" not in refused.value.reason


@pytest.mark.django_db
def test_it_takes_an_encrypted_pdf_in_and_lets_intake_answer():
    from procurement.ingestion import Outcome, document_ingest

    data = pdf(LINES, encrypt=StandardEncryption("open-sesame", ownerPassword="vendor-only"))

    result = document_ingest(content=data, filename="locked.pdf", source="upload")

    assert result.outcome is Outcome.ACCEPTED
