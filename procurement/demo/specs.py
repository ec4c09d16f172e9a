"""Plain value objects describing the demo world, and the IBAN check digits.

Nothing here touches the database, so benchmarks and tests can build invoices without Django.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from procurement.matching import iban_with_check_digits

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


iban = iban_with_check_digits


def format_iban(value: str) -> str:
    """Groups of four, as IBANs are printed on paper."""
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


@dataclass(frozen=True)
class StaffSpec:
    name: str
    email: str
    title: str
    department: str


@dataclass(frozen=True)
class ContactSpec:
    name: str
    email: str
    role: str
    is_primary: bool = False


@dataclass(frozen=True)
class VendorSpec:
    key: str
    legal_name: str
    address: tuple[str, ...]
    tax_id: str
    iban: str
    bic: str
    bank_name: str
    currency: str
    tax_rate: Decimal
    layout: str
    aliases: tuple[str, ...] = ()
    email_domains: tuple[str, ...] = ()
    payment_terms_days: int = 30
    account_manager: str = ""  # StaffSpec.email
    contacts: tuple[ContactSpec, ...] = ()
    on_file: bool = True  # False: a vendor that writes to us but is not in our vendor master
    is_active: bool = True  # False: on file, but marked inactive (no new business)


@dataclass(frozen=True)
class OrderLineSpec:
    sku: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    unit_of_measure: str = "EA"


@dataclass(frozen=True)
class OrderSpec:
    number: str
    vendor: str  # VendorSpec.key
    issued_on: dt.date
    buyer: str  # StaffSpec.email
    lines: tuple[OrderLineSpec, ...]
    notes: str = ""
    status: str = "open"  # procurement.models.PurchaseOrder.Status


@dataclass(frozen=True)
class ReceiptSpec:
    number: str
    order: str  # OrderSpec.number
    received_on: dt.date
    received_by: str
    quantities: tuple[Decimal, ...]  # per PO line, in line order


@dataclass(frozen=True)
class InvoiceLineSpec:
    sku: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    unit_of_measure: str = "EA"

    @property
    def amount(self) -> Decimal:
        return money(self.quantity * self.unit_price)


@dataclass(frozen=True)
class InvoiceSpec:
    """Everything one rendered invoice prints. The figures are computed from the lines, except
    that `printed_total` may override the total to produce an invoice that does not add up."""

    layout: str  # see procurement.demo.pdfs.LAYOUTS
    vendor_name: str
    vendor_address: tuple[str, ...]
    vendor_tax_id: str
    invoice_number: str
    invoice_date: dt.date
    due_date: dt.date
    currency: str
    po_number: str
    lines: tuple[InvoiceLineSpec, ...]
    tax_rate: Decimal  # percent, one rate per invoice
    iban: str
    bic: str = ""
    bank_name: str = ""
    stamp: str = ""  # e.g. "COPY", a red box at the top of the page
    note: str = ""  # a remark printed under the bank details
    printed_total: Decimal | None = None
    bill_to: tuple[str, ...] = field(
        default=(
            "Halvorsen Manufacturing GmbH",
            "Accounts Payable",
            "Industriestrasse 12",
            "10115 Berlin, Germany",
        )
    )

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def tax(self) -> Decimal:
        return money(self.subtotal * self.tax_rate / 100)

    @property
    def total(self) -> Decimal:
        """The total as printed (which is wrong on purpose when `printed_total` is set)."""
        if self.printed_total is not None:
            return self.printed_total
        return self.subtotal + self.tax
