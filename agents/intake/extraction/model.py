"""Result model of the extractor (pydantic v2). Money is always Decimal, never float."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, PrivateAttr

# Field names in the order the CLI / review UI shows them.
SCALAR_FIELDS: tuple[str, ...] = (
    "vendor_name",
    "vendor_tax_id",
    "invoice_number",
    "invoice_date",
    "due_date",
    "currency",
    "po_number",
    "subtotal",
    "tax",
    "total",
    "iban",
)
MONEY_FIELDS: tuple[str, ...] = ("subtotal", "tax", "total")


class Evidence(BaseModel):
    """Where a value was read: page index (0-based) and box in PDF points, top-left origin."""

    page: int
    bbox: list[float] = Field(min_length=4, max_length=4)


LINE_EVIDENCE_PREFIX = "lines."


def line_evidence_key(number: int) -> str:
    """The evidence key of invoice line `number` (1-based, as InvoiceLine.line_no)."""
    return f"{LINE_EVIDENCE_PREFIX}{number}"


class ExtractedLine(BaseModel):
    description: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    amount: Decimal | None = None
    sku: str | None = None
    # Where the line's figures were read. Private, so not part of the line's shape (nor of the
    # save_extraction tool's): the extractor files it in InvoiceExtraction.evidence under
    # line_evidence_key(n) once the lines are final.
    _evidence: Evidence | None = PrivateAttr(default=None)
    # A discount printed in the row's own column ("Rem. 10%"): the amount is quantity x unit
    # price less it, which the arithmetic check must know.
    _discount_percent: Decimal | None = PrivateAttr(default=None)
    # The quantity as printed when it was rounded and the row's amount / price gave the exact
    # one (`quantity`): the extractor says so in a warning.
    _quantity_printed: Decimal | None = PrivateAttr(default=None)


def _dec(value: Decimal | None) -> str | None:
    # Decimal strings, never floats, so no cent is lost on the way to JSON.
    return None if value is None else format(value, "f")


class InvoiceExtraction(BaseModel):
    vendor_name: str | None = None
    vendor_tax_id: str | None = None
    invoice_number: str | None = None
    invoice_date: dt.date | None = None
    due_date: dt.date | None = None
    currency: str | None = None
    po_number: str | None = None
    subtotal: Decimal | None = None
    tax: Decimal | None = None
    total: Decimal | None = None
    iban: str | None = None
    lines: list[ExtractedLine] = Field(default_factory=list)
    confidence: dict[str, float] = Field(default_factory=dict)
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    page_count: int = 0
    text_chars: int = 0
    warnings: list[str] = Field(default_factory=list)
    source: str = "text"  # "text", or "cii_xml"/"ubl_xml" when an embedded e-invoice was used
    # Allowances and charges the page prints under the lines' sum (their total), which the
    # subtotal includes; the lines then add up to the subtotal without them.
    _allowances_charges: Decimal | None = PrivateAttr(default=None)

    def to_cli_dict(self) -> dict[str, Any]:
        """The flat JSON shape used by the CLI and the scorer; null where nothing was read."""
        out: dict[str, Any] = {}
        for name in SCALAR_FIELDS:
            value = getattr(self, name)
            if isinstance(value, Decimal):
                out[name] = _dec(value)
            elif isinstance(value, dt.date):
                out[name] = value.isoformat()
            else:
                out[name] = value
        out["lines"] = [
            {
                "description": line.description,
                "quantity": _dec(line.quantity),
                "unit_price": _dec(line.unit_price),
                "amount": _dec(line.amount),
                "sku": line.sku,
            }
            for line in self.lines
        ]
        out["confidence"] = {k: round(float(v), 3) for k, v in self.confidence.items()}
        return out
