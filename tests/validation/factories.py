"""Small builders for validation facts: a matching invoice unless a test says otherwise."""
from __future__ import annotations

from decimal import Decimal as D

from agents.validation.facts import (
    InvoiceFacts,
    InvoiceLineFacts,
    OrderFacts,
    OrderLineFacts,
    Tolerances,
    VendorFacts,
)

IBAN = "DE89370400440532013000"


def vendor(**overrides) -> VendorFacts:
    values = dict(
        vendor_id=1,
        legal_name="Northwind Office Supplies GmbH",
        iban=IBAN,
        currency="EUR",
        tolerances=Tolerances(price_pct=D("2"), quantity_pct=D("0"), amount=D("1.00")),
    )
    values.update(overrides)
    return VendorFacts(**values)


def order(received: tuple | None = (D("10"), D("5")), **overrides) -> OrderFacts:
    lines = [
        OrderLineFacts(po_line_id=101, line_no=1, sku="PAP-A4", description="A4 copy paper, 80 g",
                       quantity=D("10"), unit_price=D("25.00"),
                       received=received[0] if received else None),
        OrderLineFacts(po_line_id=102, line_no=2, sku="TON-55", description="Toner cartridge black",
                       quantity=D("5"), unit_price=D("80.00"),
                       received=received[1] if received else None),
    ]
    values = dict(number="PO-1001", vendor_id=1, currency="EUR", status="open", lines=lines)
    values.update(overrides)
    return OrderFacts(**values)


def invoice(lines: list[InvoiceLineFacts] | None = None, **overrides) -> InvoiceFacts:
    lines = lines if lines is not None else [
        InvoiceLineFacts(line_no=1, sku="PAP-A4", description="A4 copy paper, 80 g",
                         quantity=D("10"), unit_price=D("25.00"), amount=D("250.00")),
        InvoiceLineFacts(line_no=2, sku="TON-55", description="Toner cartridge black",
                         quantity=D("5"), unit_price=D("80.00"), amount=D("400.00")),
    ]
    subtotal = sum((line.amount or D("0") for line in lines), D("0"))
    values = dict(
        invoice_id=1, vendor_name="Northwind Office Supplies GmbH", invoice_number="INV-1",
        currency="EUR", po_number="PO-1001", subtotal=subtotal, tax=(subtotal * D("0.19")),
        total=subtotal * D("1.19"), iban=IBAN, lines=lines,
    )
    values.update(overrides)
    return InvoiceFacts(**values)


def line(line_no: int, sku: str, description: str, qty: str, price: str) -> InvoiceLineFacts:
    return InvoiceLineFacts(line_no=line_no, sku=sku, description=description, quantity=D(qty),
                            unit_price=D(price), amount=D(qty) * D(price))
