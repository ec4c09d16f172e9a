"""What the validation agent knows about an invoice, as typed facts loaded through tools.

These are the only inputs of the rules: the agent declares exactly these fields and nothing else.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field


class InvoiceLineFacts(BaseModel):
    line_no: int
    sku: str = ""
    description: str = ""
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    amount: Decimal | None = None


class InvoiceFacts(BaseModel):
    invoice_id: int
    kind: str = "invoice"  # or "credit_note"
    corrects_number: str = ""  # a credit note's: the invoice it corrects, as printed
    vendor_name: str = ""
    vendor_tax_id: str = ""
    invoice_number: str = ""
    invoice_date: date | None = None
    currency: str = ""
    po_number: str = ""
    subtotal: Decimal | None = None
    tax: Decimal | None = None
    total: Decimal | None = None
    iban: str = ""
    bank_account_number: str = ""
    lines: list[InvoiceLineFacts] = Field(default_factory=list)


class Tolerances(BaseModel):
    """As `procurement.tolerances.Tolerances`: within the percentage AND within the amount."""

    price_pct: Decimal
    price_amount: Decimal
    quantity_pct: Decimal
    invoice_pct: Decimal
    invoice_amount: Decimal
    freight_amount: Decimal
    tax_amount: Decimal
    rounding: Decimal


class VendorFacts(BaseModel):
    vendor_id: int
    legal_name: str
    is_active: bool = True
    iban: str = ""
    bank_account_number: str = ""
    currency: str = ""
    tax_rate: Decimal | None = None
    tolerances: Tolerances


class VendorCandidate(BaseModel):
    """One answer of vendors.find, as far as resolution needs it."""

    vendor_id: int
    legal_name: str
    matched_on: list[str]
    similarity: float = 0.0


class OrderLineFacts(BaseModel):
    po_line_id: int
    line_no: int
    sku: str = ""
    description: str = ""
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal | None = None  # percent; None: not known
    received: Decimal | None = None  # None: no goods receipt recorded for this order at all
    billed_elsewhere: Decimal = Decimal("0")  # quantity on other live invoices


class OrderFacts(BaseModel):
    number: str
    vendor_id: int
    currency: str
    status: str
    lines: list[OrderLineFacts] = Field(default_factory=list)
    # Net amount billed against this order by other live invoices.
    billed_elsewhere: Decimal = Decimal("0")
    billed_invoice_count: int = 0

    @property
    def net_total(self) -> Decimal:
        return sum(
            ((line.quantity * line.unit_price).quantize(Decimal("0.01")) for line in self.lines),
            Decimal("0.00"),
        )


class CorrectedFacts(BaseModel):
    """For a credit note: the vendor's invoice on file that it corrects."""

    invoice_id: int
    invoice_number: str
    po_number: str = ""  # the purchase order that invoice bills


class DuplicateFacts(BaseModel):
    invoice_id: int
    invoice_number: str
    reason: str = "same_number"  # same_number, same_lines or same_total_nearby
    document_id: int | None = None
    invoice_date: date | None = None
    total: Decimal | None = None
