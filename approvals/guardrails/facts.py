"""What a case knows, as the guardrails need it: who may receive mail, which amounts and document
numbers are real, and the text the invoice itself carried (which must never be echoed as an
instruction)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings

from procurement.models import Invoice, PurchaseOrder

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass
class CaseFacts:
    vendor_name: str = ""
    contact_emails: set[str] = field(default_factory=set)
    vendor_domains: set[str] = field(default_factory=set)
    internal_domains: set[str] = field(default_factory=set)
    amounts: set[Decimal] = field(default_factory=set)
    document_numbers: set[str] = field(default_factory=set)
    # Account numbers we hold (on file and printed): never written out in full.
    account_numbers: set[str] = field(default_factory=set)
    # Free text that came from the invoice (line descriptions, the printed vendor name).
    invoice_texts: list[str] = field(default_factory=list)
    # Line descriptions (ours and the invoice's): quoted whole, their sizes are not amounts.
    known_texts: list[str] = field(default_factory=list)

    def is_vendor_address(self, address: str) -> bool:
        address = address.strip().lower()
        return address in self.contact_emails or domain_of(address) in self.vendor_domains

    def is_internal_address(self, address: str) -> bool:
        return domain_of(address) in self.internal_domains


def domain_of(address: str) -> str:
    return address.strip().lower().rpartition("@")[2]


def internal_domains() -> set[str]:
    """Our own domains: APPROVALS_INTERNAL_DOMAINS, or the domain of DEFAULT_FROM_EMAIL."""
    configured = {d.lower() for d in settings.APPROVALS_INTERNAL_DOMAINS}
    return configured or {domain_of(settings.DEFAULT_FROM_EMAIL)}


def as_amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")).normalize()
    except InvalidOperation:
        return None


def case_facts(*, invoice_id: int) -> CaseFacts:
    invoice = (
        Invoice.objects.select_related("vendor")
        .prefetch_related("lines", "findings", "vendor__contacts")
        .get(pk=invoice_id)
    )
    facts = CaseFacts(vendor_name=invoice.vendor.legal_name if invoice.vendor else "")
    facts.internal_domains = internal_domains()
    amounts: list[Decimal | None] = [invoice.subtotal, invoice.tax, invoice.total]
    numbers = [invoice.invoice_number, invoice.po_number]
    if invoice.vendor:
        facts.contact_emails = {c.email.strip().lower() for c in invoice.vendor.contacts.all()}
        facts.vendor_domains = {d.strip().lower() for d in invoice.vendor.email_domains or []}
        facts.account_numbers |= {invoice.vendor.iban, invoice.vendor.bank_account_number}
    facts.account_numbers |= {invoice.iban, invoice.bank_account_number}
    facts.account_numbers = {re.sub(r"[^A-Z0-9]", "", a.upper()) for a in facts.account_numbers}
    facts.account_numbers.discard("")
    for line in invoice.lines.all():
        amounts += [line.quantity, line.unit_price, line.amount]
        numbers.append(line.sku)
        if line.description:
            facts.invoice_texts.append(line.description)
            facts.known_texts.append(line.description)
    if invoice.vendor_name:
        facts.invoice_texts.append(invoice.vendor_name)
    order = PurchaseOrder.objects.filter(number=invoice.po_number).prefetch_related("lines").first()
    if order is not None:
        numbers.append(order.number)
        for po_line in order.lines.all():
            amounts += [po_line.quantity, po_line.unit_price, po_line.quantity * po_line.unit_price]
            numbers.append(po_line.sku)
            facts.known_texts.append(po_line.description)
    for finding in invoice.findings.all():
        # Expected and invoiced values are facts the email may quote ("2.35 GBP", "100 (received)").
        for value in (finding.expected, finding.actual):
            amounts += [as_amount(m) for m in _NUMBER.findall(value)]
    facts.amounts = {a.normalize() for a in amounts if a is not None}
    facts.document_numbers = {n.strip().upper() for n in numbers if n and n.strip()}
    return facts
