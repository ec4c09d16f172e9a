"""Consistency checks. They lower confidence and add warnings; they never change values."""

from __future__ import annotations

from decimal import Decimal

from procurement.matching import iban_is_valid

from .model import InvoiceExtraction

_CENT = Decimal("0.01")


def _close(a: Decimal, b: Decimal, tol: Decimal = _CENT) -> bool:
    return abs(a - b) <= tol


def cross_check(inv: InvoiceExtraction) -> None:
    conf = inv.confidence
    s, t, x = inv.subtotal, inv.total, inv.tax
    if s is not None and x is not None and t is not None and not _close(s + x, t):
        inv.warnings.append(f"subtotal {s} + tax {x} != total {t}")
        for f in ("subtotal", "tax", "total"):
            conf[f] = min(conf.get(f, 0.5), 0.4)
    amounts = [ln.amount for ln in inv.lines if ln.amount is not None]
    if inv.lines and len(amounts) == len(inv.lines):
        line_sum = sum(amounts, Decimal(0))
        targets = [v for v in (s, t) if v is not None]
        if s is not None and inv._allowances_charges is not None:
            targets.append(s - inv._allowances_charges)
        if targets and not any(_close(line_sum, v, Decimal("0.05")) for v in targets):
            inv.warnings.append(f"line amounts sum to {line_sum}, not to the subtotal/total")
            conf["lines"] = min(conf.get("lines", 0.5), 0.4)
    bad_rows = 0
    for ln in inv.lines:
        if ln.quantity is None or ln.unit_price is None or ln.amount is None:
            continue
        expected = ln.quantity * ln.unit_price
        if ln._discount_percent is not None:
            expected *= 1 - ln._discount_percent / 100
        if not _close(expected, ln.amount, max(_CENT, abs(ln.amount) / 100)):
            bad_rows += 1
    if bad_rows:
        inv.warnings.append(f"{bad_rows} line(s) where quantity x unit price != amount")
        conf["lines"] = min(conf.get("lines", 0.5), 0.5)
    if inv.iban is not None and not iban_is_valid(inv.iban):
        inv.warnings.append("IBAN checksum (mod 97) failed")
        conf["iban"] = min(conf.get("iban", 0.5), 0.2)
    if inv.due_date and inv.invoice_date and inv.due_date < inv.invoice_date:
        inv.warnings.append("due date is before the invoice date")
        conf["due_date"] = min(conf.get("due_date", 0.5), 0.4)
