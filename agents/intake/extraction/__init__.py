"""Template-free invoice field extraction (pure Python; no Django imports here).

Public API::

    extract_invoice(pdf_bytes) -> InvoiceExtraction   # raises ExtractionError
    page_count(pdf_bytes) -> int
"""

from .errors import ExtractionError
from .extract import extract_invoice
from .model import Evidence, ExtractedLine, InvoiceExtraction
from .text import page_count

__all__ = [
    "Evidence",
    "ExtractedLine",
    "ExtractionError",
    "InvoiceExtraction",
    "extract_invoice",
    "page_count",
]
