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
    lines: list[InvoiceLineFacts] = Field(default_factory=list)


class Tolerances(BaseModel):
    price_pct: Decimal
    quantity_pct: Decimal
    amount: Decimal


class VendorFacts(BaseModel):
    vendor_id: int
    legal_name: str
    is_active: bool = True
    iban: str = ""
    currency: str = ""
    tolerances: Tolerances


class OrderLineFacts(BaseModel):
    po_line_id: int
    line_no: int
    sku: str = ""
    description: str = ""
    quantity: Decimal
    unit_price: Decimal
    received: Decimal | None = None  # None: no goods receipt recorded for this order at all


class OrderFacts(BaseModel):
    number: str
    vendor_id: int
    currency: str
    status: str
    lines: list[OrderLineFacts] = Field(default_factory=list)


class DuplicateFacts(BaseModel):
    invoice_id: int
    invoice_number: str
    document_id: int | None = None
