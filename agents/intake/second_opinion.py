"""The LLM's second opinion on header fields the layout rules were unsure of.

The model sees the page text and the names of the unsure fields, nothing else. Its answer is
untrusted input: each value is parsed by our own parsers (a value that does not parse is dropped),
its confidence is capped, and the arithmetic cross-check runs again, so a value that breaks
subtotal + tax = total lowers confidence instead of being believed.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from agents.intake.extraction import InvoiceExtraction
from agents.intake.extraction.dates import parse_date
from agents.intake.extraction.numbers import parse_amount
from agents.intake.extraction.validate import cross_check

# The most we believe a value only the model read; the rules' own readings go higher.
LLM_CONFIDENCE_CAP = 0.8
PAGE_TEXT_LIMIT = 12_000  # characters: invoices whose first pages do not say it are for a person

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _text(limit: int) -> Callable[[str], str | None]:
    return lambda raw: raw.strip()[:limit] or None


def _currency(raw: str) -> str | None:
    value = raw.strip().upper()
    return value if _CURRENCY.match(value) else None


PARSERS: dict[str, Callable[[str], Any]] = {
    "vendor_name": _text(300),
    "vendor_tax_id": _text(64),
    "invoice_number": _text(100),
    "po_number": _text(64),
    "iban": lambda raw: re.sub(r"\s+", "", raw.upper())[:34] or None,
    "currency": _currency,
    "invoice_date": parse_date,
    "due_date": parse_date,
    "subtotal": parse_amount,
    "tax": parse_amount,
    "total": parse_amount,
}


def merge_readings(extraction: InvoiceExtraction, readings) -> tuple[InvoiceExtraction, list[str]]:
    """Apply the model's readings (a tasks.ReadFields) to a copy; return it and the fields taken."""
    merged = extraction.model_copy(deep=True)
    taken = []
    for reading in readings.fields:
        parse = PARSERS.get(reading.name)
        value = parse(reading.value) if parse else None
        if value is None:
            continue
        setattr(merged, reading.name, value)
        merged.confidence[reading.name] = min(LLM_CONFIDENCE_CAP, float(reading.confidence))
        merged.evidence.pop(reading.name, None)  # the model gives no position on the page
        taken.append(reading.name)
    if taken:
        merged.warnings.append(f"read by the LLM: {', '.join(taken)}")
        cross_check(merged)
    return merged, taken


def page_text(pdf_bytes: bytes) -> str:
    """Plain text of the first pages, read by OCR where intake read it so (a picture, a scanned
    page); runs inside the sandbox like every other parse."""
    from agents.intake.extraction import ocr
    from agents.intake.extraction.text import read_document

    if ocr.is_image(pdf_bytes):
        return ocr.read_image(pdf_bytes).text[:PAGE_TEXT_LIMIT]
    doc = read_document(pdf_bytes, with_attachments=False)
    ocr.read_scanned_pages(doc, pdf_bytes)
    return doc.text[:PAGE_TEXT_LIMIT]
