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


def tolerances(**overrides) -> Tolerances:
    values = dict(price_pct=D("2"), price_amount=D("100.00"), quantity_pct=D("0"),
                  invoice_pct=D("2"), invoice_amount=D("100.00"), freight_amount=D("0.00"),
                  tax_amount=D("0.02"), rounding=D("0.02"))
    values.update(overrides)
    return Tolerances(**values)


def vendor(**overrides) -> VendorFacts:
    values = dict(
        vendor_id=1,
        legal_name="Northwind Office Supplies GmbH",
        iban=IBAN,
        currency="EUR",
        tax_rate=D("19"),
        tolerances=tolerances(),
    )
    values.update(overrides)
    return VendorFacts(**values)


def order(received: tuple | None = (D("10"), D("5")), **overrides) -> OrderFacts:
    lines = [
        OrderLineFacts(po_line_id=101, line_no=1, sku="PAP-A4", description="A4 copy paper, 80 g",
                       quantity=D("10"), unit_price=D("25.00"), tax_rate=D("19"),
                       received=received[0] if received else None),
        OrderLineFacts(po_line_id=102, line_no=2, sku="TON-55", description="Toner cartridge black",
                       quantity=D("5"), unit_price=D("80.00"), tax_rate=D("19"),
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
    tax = (subtotal * D("0.19")).quantize(D("0.01"))
    values = dict(
        invoice_id=1, vendor_name="Northwind Office Supplies GmbH", invoice_number="INV-1",
        currency="EUR", po_number="PO-1001", subtotal=subtotal, tax=tax,
        total=subtotal + tax, iban=IBAN, lines=lines,
    )
    values.update(overrides)
    return InvoiceFacts(**values)


def line(line_no: int, sku: str, description: str, qty: str, price: str) -> InvoiceLineFacts:
    return InvoiceLineFacts(line_no=line_no, sku=sku, description=description, quantity=D(qty),
                            unit_price=D(price), amount=D(qty) * D(price))


def check(inv: InvoiceFacts | None = None, *, vendor_facts: VendorFacts | None | str = "default",
          order_facts: OrderFacts | None | str = "default", duplicates=(), ambiguous=(),
          pick=None):
    """evaluate() with this module's defaults; pass None to leave the vendor or order out."""
    from agents.validation.rules import evaluate

    return evaluate(
        inv if inv is not None else invoice(),
        vendor=vendor() if vendor_facts == "default" else vendor_facts,
        order=order() if order_facts == "default" else order_facts,
        duplicates=list(duplicates),
        ambiguous=list(ambiguous),
        tolerances=tolerances(),
        pick=pick,
    )


def kinds(verdict) -> list[str]:
    return [f.kind for f in verdict.findings]


def credit(line_no: int, sku: str, description: str, qty: str, price: str) -> InvoiceLineFacts:
    """A credit note line: negative quantity, positive price, negative amount."""
    return line(line_no, sku, description, qty, price)
