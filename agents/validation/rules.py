"""The validation rules: vendor, duplicates, arithmetic, and 2/3-way matching against the PO.

Deterministic code, never an LLM: a clerk must be able to reproduce every finding with a pencil.
Each rule returns FindingSpecs; the agent records them through the `invoices.record_findings` tool.
"""
from __future__ import annotations

import difflib
import re
from decimal import Decimal

from pydantic import BaseModel

from agents.validation.facts import (
    DuplicateFacts,
    InvoiceFacts,
    InvoiceLineFacts,
    OrderFacts,
    OrderLineFacts,
    VendorFacts,
)

CENT = Decimal("0.01")
# Printed totals are rounded per line and per tax rate; two cents absorb that, nothing more.
ROUNDING = Decimal("0.02")
DESCRIPTION_MATCH_THRESHOLD = 0.6

BLOCKING = "blocking"
WARNING = "warning"
INFO = "info"


class FindingSpec(BaseModel):
    kind: str
    severity: str = BLOCKING
    message: str
    expected: str = ""
    actual: str = ""
    line_no: int | None = None


class LineMatch(BaseModel):
    line_no: int
    po_line_id: int | None
    how: str  # "sku", "description", "position" or "none"


class Verdict(BaseModel):
    findings: list[FindingSpec]
    matches: list[LineMatch]

    @property
    def blocking(self) -> list[FindingSpec]:
        return [f for f in self.findings if f.severity == BLOCKING]

    @property
    def is_clean(self) -> bool:
        return not self.blocking


def money(value: Decimal | None, currency: str = "") -> str:
    if value is None:
        return "not printed"
    text = f"{value.quantize(CENT):,.2f}"
    return f"{text} {currency}".strip()


def normalise_iban(value: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", value.upper())


def check_vendor(invoice: InvoiceFacts, vendor: VendorFacts | None) -> list[FindingSpec]:
    if vendor is None:
        return [
            FindingSpec(
                kind="unknown_vendor",
                message=(
                    f"No vendor on file matches the name {invoice.vendor_name or '(not printed)'!r}"
                    + (f" or the tax id {invoice.vendor_tax_id}" if invoice.vendor_tax_id else "")
                    + ". Add the vendor or correct the match before this invoice can be paid."
                ),
                actual=invoice.vendor_name[:300],
            )
        ]
    if not vendor.is_active:
        return [
            FindingSpec(
                kind="inactive_vendor",
                message=f"{vendor.legal_name} is marked inactive in the vendor file.",
                actual=vendor.legal_name,
            )
        ]
    return []


def check_bank_account(invoice: InvoiceFacts, vendor: VendorFacts | None) -> list[FindingSpec]:
    """A changed bank account is the classic payment-fraud signal: always a person's decision."""
    if vendor is None or not invoice.iban or not vendor.iban:
        return []
    printed, on_file = normalise_iban(invoice.iban), normalise_iban(vendor.iban)
    if printed == on_file:
        return []
    return [
        FindingSpec(
            kind="bank_account_changed",
            message=(
                "The IBAN printed on the invoice is not the one on file for "
                f"{vendor.legal_name}. Confirm the change with the vendor by phone before paying."
            ),
            expected=on_file,
            actual=printed,
        )
    ]


def check_duplicates(invoice: InvoiceFacts, duplicates: list[DuplicateFacts]) -> list[FindingSpec]:
    others = [d for d in duplicates if d.invoice_id != invoice.invoice_id]
    if not others:
        return []
    first = others[0]
    return [
        FindingSpec(
            kind="duplicate_invoice",
            message=(
                f"Invoice {invoice.invoice_number} from this vendor was already received"
                f" (invoice record {first.invoice_id}). Paying it again would pay twice."
            ),
            expected="a new invoice number",
            actual=invoice.invoice_number,
        )
    ]


def check_arithmetic(invoice: InvoiceFacts) -> list[FindingSpec]:
    findings = []
    cur = invoice.currency
    if invoice.subtotal is not None and invoice.tax is not None and invoice.total is not None:
        expected_total = invoice.subtotal + invoice.tax
        if abs(expected_total - invoice.total) > ROUNDING:
            findings.append(
                FindingSpec(
                    kind="arithmetic_error",
                    message=(
                        f"Subtotal {money(invoice.subtotal, cur)} plus tax"
                        f" {money(invoice.tax, cur)} is {money(expected_total, cur)},"
                        " but the invoice total is"
                        f" {money(invoice.total, cur)}."
                    ),
                    expected=money(expected_total, cur),
                    actual=money(invoice.total, cur),
                )
            )
    amounts = [line.amount for line in invoice.lines if line.amount is not None]
    if invoice.subtotal is not None and amounts and len(amounts) == len(invoice.lines):
        lines_sum = sum(amounts, Decimal("0"))
        if abs(lines_sum - invoice.subtotal) > ROUNDING:
            findings.append(
                FindingSpec(
                    kind="arithmetic_error",
                    message=(
                        f"The lines add up to {money(lines_sum, cur)}, but the printed subtotal is"
                        f" {money(invoice.subtotal, cur)}."
                    ),
                    expected=money(lines_sum, cur),
                    actual=money(invoice.subtotal, cur),
                )
            )
    return findings


def check_order(
    invoice: InvoiceFacts, vendor: VendorFacts | None, order: OrderFacts | None
) -> list[FindingSpec]:
    if not invoice.po_number:
        return [
            FindingSpec(
                kind="missing_po",
                message="The invoice quotes no purchase order number.",
                expected="a PO number",
            )
        ]
    if order is None:
        return [
            FindingSpec(
                kind="unknown_po",
                message=f"Purchase order {invoice.po_number} does not exist in the PO file.",
                actual=invoice.po_number,
            )
        ]
    findings = []
    if vendor is not None and order.vendor_id != vendor.vendor_id:
        findings.append(
            FindingSpec(
                kind="po_vendor_mismatch",
                message=f"Purchase order {order.number} was issued to another vendor.",
                actual=order.number,
            )
        )
    if order.status != "open":
        findings.append(
            FindingSpec(
                kind="closed_po",
                message=f"Purchase order {order.number} is {order.status}, not open.",
                expected="open",
                actual=order.status,
            )
        )
    if invoice.currency and order.currency and invoice.currency != order.currency:
        findings.append(
            FindingSpec(
                kind="currency_mismatch",
                message=f"The invoice is in {invoice.currency}, the PO in {order.currency}.",
                expected=order.currency,
                actual=invoice.currency,
            )
        )
    return findings


def match_lines(invoice: InvoiceFacts, order: OrderFacts) -> list[LineMatch]:
    """Pair each invoice line with at most one PO line: by SKU, then by description."""
    free = {line.po_line_id: line for line in order.lines}
    matches: dict[int, LineMatch] = {}
    by_sku = {line.sku.strip().upper(): line for line in order.lines if line.sku.strip()}
    for inv_line in invoice.lines:
        po_line = by_sku.get(inv_line.sku.strip().upper()) if inv_line.sku.strip() else None
        if po_line is None:
            # Many layouts print the article number inside the description column.
            po_line = _sku_in_description(inv_line.description, by_sku)
        if po_line and po_line.po_line_id in free:
            matches[inv_line.line_no] = LineMatch(
                line_no=inv_line.line_no, po_line_id=po_line.po_line_id, how="sku"
            )
            del free[po_line.po_line_id]
    for inv_line in invoice.lines:
        if inv_line.line_no in matches:
            continue
        best, best_score = None, 0.0
        for po_line in free.values():
            score = description_similarity(inv_line.description, po_line.description)
            if score > best_score:
                best, best_score = po_line, score
        if best is not None and best_score >= DESCRIPTION_MATCH_THRESHOLD:
            matches[inv_line.line_no] = LineMatch(
                line_no=inv_line.line_no, po_line_id=best.po_line_id, how="description"
            )
            del free[best.po_line_id]
        else:
            matches[inv_line.line_no] = LineMatch(
                line_no=inv_line.line_no, po_line_id=None, how="none"
            )
    return [matches[line.line_no] for line in invoice.lines]


def _sku_in_description(
    description: str, by_sku: dict[str, OrderLineFacts]
) -> OrderLineFacts | None:
    tokens = set(re.findall(r"[A-Z0-9][A-Z0-9._/-]*[A-Z0-9]", description.upper()))
    found = [by_sku[sku] for sku in by_sku if sku in tokens]
    return found[0] if len(found) == 1 else None


def description_similarity(a: str, b: str) -> float:
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return 0.0
    overlap = len(words_a & words_b) / len(words_a | words_b)
    joined_a, joined_b = " ".join(sorted(words_a)), " ".join(sorted(words_b))
    ratio = difflib.SequenceMatcher(None, joined_a, joined_b).ratio()
    return max(overlap, ratio)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 1}


def check_lines(
    invoice: InvoiceFacts, vendor: VendorFacts | None, order: OrderFacts, matches: list[LineMatch]
) -> list[FindingSpec]:
    tolerances = vendor.tolerances if vendor else None
    price_pct = tolerances.price_pct if tolerances else Decimal("0")
    qty_pct = tolerances.quantity_pct if tolerances else Decimal("0")
    po_lines = {line.po_line_id: line for line in order.lines}
    findings: list[FindingSpec] = []
    for inv_line, match in zip(invoice.lines, matches, strict=True):
        if match.po_line_id is None:
            findings.append(
                FindingSpec(
                    kind="unmatched_line",
                    message=(
                        f"Line {inv_line.line_no} ({inv_line.description[:80]!r}) is not on"
                        f" purchase order {order.number}."
                    ),
                    expected="0 (not ordered)",
                    actual=_qty(inv_line.quantity),
                    line_no=inv_line.line_no,
                )
            )
            continue
        po_line = po_lines[match.po_line_id]
        findings += _price_finding(inv_line, po_line, price_pct, invoice.currency)
        findings += _quantity_finding(inv_line, po_line, qty_pct)
    return findings


def _price_finding(
    inv_line: InvoiceLineFacts, po_line: OrderLineFacts, pct: Decimal, currency: str
) -> list[FindingSpec]:
    if inv_line.unit_price is None:
        return []
    ceiling = po_line.unit_price * (1 + pct / 100)
    if inv_line.unit_price <= ceiling:
        return []
    diff = inv_line.unit_price - po_line.unit_price
    share = (diff / po_line.unit_price * 100) if po_line.unit_price else Decimal("100")
    return [
        FindingSpec(
            kind="price_variance",
            message=(
                f"Line {inv_line.line_no} ({po_line.description[:80]}): unit price"
                f" {money(inv_line.unit_price, currency)} is {share:.1f}% above the PO price"
                f" {money(po_line.unit_price, currency)} (tolerance {_qty(pct)}%)."
            ),
            expected=money(po_line.unit_price, currency),
            actual=money(inv_line.unit_price, currency),
            line_no=inv_line.line_no,
        )
    ]


def _quantity_finding(
    inv_line: InvoiceLineFacts, po_line: OrderLineFacts, pct: Decimal
) -> list[FindingSpec]:
    if inv_line.quantity is None:
        return []
    # Three-way match when goods were received; two-way against the order otherwise.
    basis, what = (
        (po_line.received, "received")
        if po_line.received is not None
        else (po_line.quantity, "ordered")
    )
    ceiling = basis * (1 + pct / 100)
    if inv_line.quantity <= ceiling:
        return []
    return [
        FindingSpec(
            kind="billed_not_received" if what == "received" else "quantity_variance",
            message=(
                f"Line {inv_line.line_no} ({po_line.description[:80]}): invoiced"
                f" {_qty(inv_line.quantity)}, but {_qty(basis)} {what}."
            ),
            expected=f"{_qty(basis)} ({what})",
            actual=_qty(inv_line.quantity),
            line_no=inv_line.line_no,
        )
    ]


def _qty(value: Decimal | None) -> str:
    if value is None:
        return "not printed"
    return f"{value.normalize():f}"


def evaluate(
    invoice: InvoiceFacts,
    *,
    vendor: VendorFacts | None,
    order: OrderFacts | None,
    duplicates: list[DuplicateFacts],
) -> Verdict:
    """All rules, in the order a clerk would read them."""
    findings = check_vendor(invoice, vendor)
    findings += check_duplicates(invoice, duplicates)
    findings += check_bank_account(invoice, vendor)
    findings += check_arithmetic(invoice)
    findings += check_order(invoice, vendor, order)
    matches: list[LineMatch] = []
    if order is not None:
        matches = match_lines(invoice, order)
        findings += check_lines(invoice, vendor, order, matches)
    return Verdict(findings=findings, matches=matches)
