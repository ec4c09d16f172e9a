"""A field read by OCR is only as sure as OCR was of its words: a value Tesseract could hardly
make out falls below the threshold and goes to a clerk instead of being taken as read."""
from __future__ import annotations

from decimal import Decimal

from agents.intake.extraction import Evidence, InvoiceExtraction
from agents.intake.extraction.extract import _ocr_evidence
from agents.intake.extraction.text import Document, Page, Word, build_lines
from agents.intake.step import unsure_fields


def _ocr_page(words: list[Word]) -> Page:
    return Page(0, 595.0, 842.0, build_lines(words, 0), " ".join(w.text for w in words), ocr=True)


def _read(total_conf: float) -> InvoiceExtraction:
    page = _ocr_page([
        Word("ACME", 50, 50, 90, 62, conf=0.95),
        Word("Total", 300, 700, 330, 712, conf=0.96),
        Word("1,234.50", 400, 700, 450, 712, conf=total_conf),
    ])
    inv = InvoiceExtraction(
        vendor_name="ACME", invoice_number="1", total=Decimal("1234.50"),
        confidence={"vendor_name": 0.9, "invoice_number": 0.9, "invoice_date": 0.9, "total": 0.95},
        evidence={
            "vendor_name": Evidence(page=0, bbox=[50, 50, 90, 62]),
            "total": Evidence(page=0, bbox=[400, 700, 450, 712]),
        },
    )
    _ocr_evidence(inv, Document([page], {}))
    return inv


def test_it_gives_a_field_the_confidence_ocr_had_in_its_words() -> None:
    inv = _read(total_conf=0.62)
    assert inv.confidence["total"] == 0.62
    assert inv.confidence["vendor_name"] == 0.9  # its word was surer than the layout rule
    assert inv.source == "ocr"


def test_it_sends_a_value_ocr_could_hardly_read_to_a_clerk() -> None:
    inv = _read(total_conf=0.2)
    assert inv.confidence["total"] == 0.2
    assert "total" in unsure_fields(inv)
