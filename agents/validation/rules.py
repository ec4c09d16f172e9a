"""The validation rules: vendor, duplicates, bank details, arithmetic and tax, the purchase order,
and the cumulative three-way match of each line against what was ordered, received and already
billed.

Deterministic code, never an LLM: a clerk must be able to reproduce every finding with a pencil.
The one exception is pairing an invoice line with a PO line when the code finds several plausible
ones: then `pick` (the LLM, through the gateway) may choose, and its choice must be one of them.
Every check leaves a CheckResult, passed or not, so the trail shows why an invoice was approved.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel

from agents.validation.facts import (
    CorrectedFacts,
    DuplicateFacts,
    InvoiceFacts,
    InvoiceLineFacts,
    OrderFacts,
    OrderLineFacts,
    VendorCandidate,
    VendorFacts,
)
from procurement.matching import (
    compact_identifier,
    description_similarity,
    iban_is_valid,
)

CENT = Decimal("0.01")
HALF_CENT = Decimal("0.005")
HUNDRED = Decimal("100")
# A PO line is a plausible partner of an invoice line from this description similarity on...
DESCRIPTION_MATCH_THRESHOLD = 0.6
# ... and the best one is taken without asking when no other is within this margin of it.
DESCRIPTION_CLEAR_MARGIN = 0.1
# vendors.find: a similar name alone resolves the vendor from this similarity on (rapidfuzz
# ratio / 100); below it, a similar name makes the vendor a candidate a clerk must confirm.
SIMILAR_NAME_ACCEPT = 0.92

_FREIGHT = re.compile(
    r"\b(freight|shipping|delivery|carriage|postage|fracht|versand|porto|livraison|port|"
    r"transport)\b", re.IGNORECASE,
)
_TAX_LINE = re.compile(r"\b(vat|tax|mwst|ust|tva|iva|btw)\b", re.IGNORECASE)

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


class CheckResult(BaseModel):
    """One check and its outcome, kept on the invoice: `passed` False when it found something,
    None when it could not run (nothing to compare with), with a sentence saying what it saw.
    """

    check: str
    passed: bool | None
    detail: str


class LineMatch(BaseModel):
    line_no: int
    po_line_id: int | None
    how: str  # "sku", "description", "llm", "freight", "tax", or "none"
    candidates: list[int] = []  # the plausible PO lines when the pairing was not clear


class Verdict(BaseModel):
    findings: list[FindingSpec]
    matches: list[LineMatch]
    checks: list[CheckResult]

    @property
    def blocking(self) -> list[FindingSpec]:
        return [f for f in self.findings if f.severity == BLOCKING]

    @property
    def is_clean(self) -> bool:
        return not self.blocking


# A callback that chooses among plausible PO lines for an invoice line; None: it declines.
Picker = Callable[[InvoiceLineFacts, list[OrderLineFacts]], "int | None"]


def money(value: Decimal | None, currency: str = "") -> str:
    if value is None:
        return "not printed"
    text = f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"
    return f"{text} {currency}".strip()


def _qty(value: Decimal | None) -> str:
    if value is None:
        return "not printed"
    return f"{value.normalize():f}"


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _within(excess: Decimal, base: Decimal, pct: Decimal, amount: Decimal) -> bool:
    """Within the percentage of `base` AND within the absolute amount (both inclusive)."""
    return excess <= amount and excess <= abs(base) * pct / HUNDRED


# --- 1. vendor ---------------------------------------------------------------------------------


class VendorResolution(BaseModel):
    vendor_id: int | None = None
    how: str = ""  # the signal that decided: tax_id, iban, legal_name / alias, ...
    ambiguous: list[str] = []  # candidates' names when no single vendor is meant


# Signals in the order they decide: a stronger one settles it even if a weaker disagrees.
_DECIDING = (("tax_id",), ("iban",), ("legal_name", "alias"), ("similar_name",), ("email_domain",))


def resolve_vendor(candidates: list[VendorCandidate]) -> VendorResolution:
    """Who sent the invoice: the vendors that the strongest printed signal points to. One is the
    vendor; several are ambiguous (named, for the clerk to pick); none is unknown. A similar
    name decides only when it is nearly exact and no other name comes close.
    """
    for signals in _DECIDING:
        hits = [c for c in candidates if set(signals) & set(c.matched_on)]
        if signals == ("similar_name",) and hits:
            hits.sort(key=lambda c: -c.similarity)
            best = hits[0]
            runner_up = hits[1].similarity if len(hits) > 1 else 0.0
            if best.similarity >= SIMILAR_NAME_ACCEPT and best.similarity - runner_up >= 0.05:
                return VendorResolution(vendor_id=best.vendor_id, how="similar_name")
            return VendorResolution(ambiguous=[c.legal_name for c in hits])
        if len(hits) == 1:
            how = next(signal for signal in signals if signal in hits[0].matched_on)
            return VendorResolution(vendor_id=hits[0].vendor_id, how=how)
        if len(hits) > 1:
            return VendorResolution(ambiguous=[c.legal_name for c in hits])
    return VendorResolution()


def check_vendor(
    invoice: InvoiceFacts, vendor: VendorFacts | None, ambiguous: list[str]
) -> tuple[list[FindingSpec], CheckResult]:
    printed = invoice.vendor_name or "(no name printed)"
    if vendor is None and ambiguous:
        names = "; ".join(ambiguous)
        return [FindingSpec(
            kind="ambiguous_vendor",
            message=(
                f"The invoice names {printed!r}, which could be any of: {names}. Pick the vendor"
                " before this invoice can be paid."
            ),
            expected="one vendor",
            actual=names[:300],
        )], CheckResult(check="vendor", passed=False, detail=f"Several vendors fit: {names}.")
    if vendor is None:
        tax = f" or the tax id {invoice.vendor_tax_id}" if invoice.vendor_tax_id else ""
        return [FindingSpec(
            kind="unknown_vendor",
            message=(
                f"No vendor on file matches the name {printed!r}{tax}. Add the vendor or pick"
                " one before this invoice can be paid."
            ),
            actual=invoice.vendor_name[:300],
        )], CheckResult(check="vendor", passed=False, detail="No vendor on file matches.")
    if not vendor.is_active:
        return [FindingSpec(
            kind="inactive_vendor",
            message=f"{vendor.legal_name} is marked inactive in the vendor file.",
            actual=vendor.legal_name,
        )], CheckResult(check="vendor", passed=False, detail=f"{vendor.legal_name} is inactive.")
    return [], CheckResult(check="vendor", passed=True, detail=f"{vendor.legal_name}, active.")


# --- 2. duplicates -----------------------------------------------------------------------------


def check_duplicates(
    invoice: InvoiceFacts, duplicates: list[DuplicateFacts]
) -> tuple[list[FindingSpec], CheckResult]:
    others = [d for d in duplicates if d.invoice_id != invoice.invoice_id]
    same_number = [d for d in others if d.reason == "same_number"]
    if same_number:
        first = same_number[0]
        return [FindingSpec(
            kind="duplicate_invoice",
            message=(
                f"Invoice {invoice.invoice_number} from this vendor was already received as"
                f" {first.invoice_number} (invoice record {first.invoice_id}). Paying it again"
                " would pay twice."
            ),
            expected="a new invoice number",
            actual=invoice.invoice_number,
        )], CheckResult(check="duplicates", passed=False,
                        detail=f"Same number as invoice record {first.invoice_id}.")
    if others:
        first = others[0]
        why = ("the same lines" if first.reason == "same_lines"
               else f"the same total ({money(first.total, invoice.currency)}) within a few days")
        return [FindingSpec(
            kind="suspected_duplicate",
            message=(
                f"Invoice {invoice.invoice_number} bills {why} as invoice"
                f" {first.invoice_number} (record {first.invoice_id}) from this vendor, under"
                " another number. Check it is not the same invoice sent again."
            ),
            # Only this invoice's own facts: expected/actual can reach the vendor's email, and
            # another document's number is not ours to quote there.
            expected="a bill not received before",
            actual=("the same lines as an earlier invoice" if first.reason == "same_lines"
                    else "the same total as an earlier invoice"),
        )], CheckResult(check="duplicates", passed=False,
                        detail=f"Looks like invoice record {first.invoice_id} ({first.reason}).")
    return [], CheckResult(check="duplicates", passed=True,
                           detail="No earlier invoice with this number, these lines or total.")


# --- 6. bank details ---------------------------------------------------------------------------


def check_bank_account(
    invoice: InvoiceFacts, vendor: VendorFacts | None
) -> tuple[list[FindingSpec], CheckResult]:
    """A changed bank account is the classic payment-fraud signal: always a person's decision."""
    printed = compact_identifier(invoice.iban)
    if printed and not iban_is_valid(printed):
        return [FindingSpec(
            kind="bank_account_changed",
            message=(
                f"The IBAN printed on the invoice ({printed}) is not a valid IBAN (its check"
                " digits do not match). Do not pay into it; confirm the account with the vendor."
            ),
            expected="a valid IBAN",
            actual=printed,
        )], CheckResult(check="bank_account", passed=False, detail="Printed IBAN is not valid.")
    if vendor is None:
        return [], CheckResult(check="bank_account", passed=None,
                               detail="No vendor to compare the bank details with.")
    on_file = compact_identifier(vendor.iban)
    if printed and on_file and printed != on_file:
        return [FindingSpec(
            kind="bank_account_changed",
            message=(
                "The IBAN printed on the invoice is not the one on file for"
                f" {vendor.legal_name}. Confirm the change with the vendor by phone before paying."
            ),
            expected=on_file,
            actual=printed,
        )], CheckResult(check="bank_account", passed=False, detail="IBAN differs from file.")
    printed_account = compact_identifier(invoice.bank_account_number)
    account_on_file = compact_identifier(vendor.bank_account_number)
    if printed_account and account_on_file and printed_account != account_on_file:
        return [FindingSpec(
            kind="bank_account_changed",
            message=(
                "The bank account printed on the invoice is not the one on file for"
                f" {vendor.legal_name}. Confirm the change with the vendor by phone before paying."
            ),
            expected=account_on_file,
            actual=printed_account,
        )], CheckResult(check="bank_account", passed=False, detail="Account differs from file.")
    if not printed and not printed_account:
        return [], CheckResult(check="bank_account", passed=None, detail="No account printed.")
    if not on_file and not account_on_file:
        return [], CheckResult(check="bank_account", passed=None,
                               detail="No account on file to compare with.")
    return [], CheckResult(check="bank_account", passed=True,
                           detail="Printed account is the one on file.")


# --- 3. arithmetic and tax ---------------------------------------------------------------------


def check_arithmetic(
    invoice: InvoiceFacts, rounding: Decimal
) -> tuple[list[FindingSpec], CheckResult]:
    """qty x unit price = amount (rounded half-up to the cent), lines = subtotal, subtotal + tax =
    total, each within `rounding`. Signs are kept: a credit note is checked by the same rules.
    """
    findings = []
    cur = invoice.currency
    for line in invoice.lines:
        if line.quantity is None or line.unit_price is None or line.amount is None:
            continue
        expected = _cents(line.quantity * line.unit_price)
        if abs(expected - line.amount) > rounding:
            findings.append(FindingSpec(
                kind="arithmetic_error",
                message=(
                    f"Line {line.line_no}: {_qty(line.quantity)} x"
                    f" {money(line.unit_price, cur)} is {money(expected, cur)}, but the line"
                    f" amount is {money(line.amount, cur)}."
                ),
                expected=money(expected, cur),
                actual=money(line.amount, cur),
                line_no=line.line_no,
            ))
    amounts = [line.amount for line in invoice.lines if line.amount is not None]
    if invoice.subtotal is not None and amounts and len(amounts) == len(invoice.lines):
        lines_sum = sum(amounts, Decimal("0"))
        if abs(lines_sum - invoice.subtotal) > rounding:
            findings.append(FindingSpec(
                kind="arithmetic_error",
                message=(
                    f"The lines add up to {money(lines_sum, cur)}, but the printed subtotal is"
                    f" {money(invoice.subtotal, cur)}."
                ),
                expected=money(lines_sum, cur),
                actual=money(invoice.subtotal, cur),
            ))
    if invoice.subtotal is not None and invoice.tax is not None and invoice.total is not None:
        expected_total = invoice.subtotal + invoice.tax
        if abs(expected_total - invoice.total) > rounding:
            findings.append(FindingSpec(
                kind="arithmetic_error",
                message=(
                    f"Subtotal {money(invoice.subtotal, cur)} plus tax"
                    f" {money(invoice.tax, cur)} is {money(expected_total, cur)}, but the invoice"
                    f" total is {money(invoice.total, cur)}."
                ),
                expected=money(expected_total, cur),
                actual=money(invoice.total, cur),
            ))
    if findings:
        return findings, CheckResult(check="arithmetic", passed=False,
                                     detail=f"{len(findings)} figure(s) do not add up.")
    return [], CheckResult(check="arithmetic", passed=True, detail=(
        "Lines, subtotal, tax and total add up." if invoice.total is not None
        else "Nothing printed to add up."
    ))


def check_tax(
    invoice: InvoiceFacts,
    vendor: VendorFacts | None,
    order: OrderFacts | None,
    matches: list[LineMatch],
    tolerances,
) -> tuple[list[FindingSpec], CheckResult]:
    """The printed tax against the rate on file applied to the net: each line at its PO line's
    rate, lines without one at the PO's single rate or else the vendor's. Off by more than the
    tax tolerance (plus half a cent per line when several rates apply, as each line's tax may be
    rounded) is a tax_mismatch, even when subtotal + tax = total.
    """
    if invoice.tax is None:
        return [], CheckResult(check="tax", passed=None, detail="No tax printed.")
    po_lines = {line.po_line_id: line for line in order.lines} if order else {}
    po_rates = {line.tax_rate for line in po_lines.values() if line.tax_rate is not None}
    fallback = (next(iter(po_rates)) if len(po_rates) == 1
                else vendor.tax_rate if vendor else None)
    by_line = {m.line_no: m for m in matches}
    lines = invoice.lines or []
    if not lines and invoice.subtotal is not None:
        lines = [InvoiceLineFacts(line_no=0, amount=invoice.subtotal)]
    base_by_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        match = by_line.get(line.line_no)
        po_line = po_lines.get(match.po_line_id) if match and match.po_line_id else None
        rate = po_line.tax_rate if po_line and po_line.tax_rate is not None else fallback
        if rate is None or line.amount is None:
            return [], CheckResult(check="tax", passed=None,
                                   detail="No tax rate on file for every line.")
        base_by_rate[rate] = base_by_rate.get(rate, Decimal("0")) + line.amount
    rates = set(base_by_rate)
    if len(rates) == 1 and invoice.subtotal is not None:
        # One rate: it applies to the printed net (lines that miss it are an arithmetic error).
        base_by_rate = {next(iter(rates)): invoice.subtotal}
    expected = _cents(sum((base * rate / HUNDRED for rate, base in base_by_rate.items()),
                          Decimal("0")))
    # With several rates each line's tax may have been rounded on its own: half a cent each.
    tolerance = tolerances.tax_amount + (HALF_CENT * len(lines) if len(rates) > 1 else 0)
    rate_text = "/".join(f"{_qty(r)}%" for r in sorted(rates))
    cur = invoice.currency
    if abs(expected - invoice.tax) > tolerance:
        return [FindingSpec(
            kind="tax_mismatch",
            message=(
                f"Tax is {money(invoice.tax, cur)}, but {rate_text} of the net comes to"
                f" {money(expected, cur)}."
            ),
            expected=money(expected, cur),
            actual=money(invoice.tax, cur),
        )], CheckResult(check="tax", passed=False, detail=(
            f"{money(invoice.tax, cur)} vs {money(expected, cur)} at {rate_text}."))
    return [], CheckResult(check="tax", passed=True,
                           detail=f"{money(invoice.tax, cur)} is {rate_text} of the net.")


# --- 4. purchase order -------------------------------------------------------------------------


def check_credit_note(
    invoice: InvoiceFacts, vendor: VendorFacts | None, corrected: CorrectedFacts | None
) -> tuple[list[FindingSpec], CheckResult]:
    """A credit note corrects one of the vendor's invoices: one whose invoice is not on file is
    a clerk's to place (it may belong to another company, or name a number we never got).
    """
    if vendor is None:
        return [], CheckResult(check="credit_note", passed=None,
                               detail="No vendor to find the corrected invoice of.")
    if corrected is not None:
        po = f", purchase order {corrected.po_number}" if corrected.po_number else ""
        return [], CheckResult(check="credit_note", passed=True,
                               detail=f"Corrects invoice {corrected.invoice_number}{po}.")
    if invoice.corrects_number:
        message = (
            f"This credit note corrects invoice {invoice.corrects_number}, which is not on file"
            f" for {vendor.legal_name}. Find the invoice it corrects before booking it."
        )
    else:
        message = (
            "This credit note does not say which invoice it corrects. Find the invoice of"
            f" {vendor.legal_name} it corrects before booking it."
        )
    return [FindingSpec(
        kind="credit_note_unlinked",
        message=message,
        expected="an invoice we received",
        actual=invoice.corrects_number or "no invoice number",
    )], CheckResult(check="credit_note", passed=False, detail="Its invoice is not on file.")


def check_order(
    invoice: InvoiceFacts, vendor: VendorFacts | None, order: OrderFacts | None
) -> tuple[list[FindingSpec], CheckResult]:
    if not invoice.po_number and invoice.kind == "credit_note":
        # Not held for it: a credit note quotes its invoice (check_credit_note), whose order,
        # if it has one, was taken as the credit note's (validation.step).
        return [], CheckResult(check="purchase_order", passed=None,
                               detail="A credit note without a purchase order to match against.")
    if not invoice.po_number:
        return [FindingSpec(
            kind="missing_po",
            message="The invoice quotes no purchase order number.",
            expected="a PO number",
        )], CheckResult(check="purchase_order", passed=False, detail="No PO number printed.")
    if order is None:
        return [FindingSpec(
            kind="unknown_po",
            message=f"Purchase order {invoice.po_number} does not exist in the PO file.",
            actual=invoice.po_number,
        )], CheckResult(check="purchase_order", passed=False,
                        detail=f"{invoice.po_number} is not on file.")
    findings = []
    if vendor is not None and order.vendor_id != vendor.vendor_id:
        findings.append(FindingSpec(
            kind="po_vendor_mismatch",
            message=f"Purchase order {order.number} was issued to another vendor.",
            actual=order.number,
        ))
    if order.status != "open":
        findings.append(FindingSpec(
            kind="closed_po",
            message=f"Purchase order {order.number} is {order.status}, not open.",
            expected="open",
            actual=order.status,
        ))
    if invoice.currency and order.currency and invoice.currency != order.currency:
        findings.append(FindingSpec(
            kind="currency_mismatch",
            message=f"The invoice is in {invoice.currency}, the PO in {order.currency}.",
            expected=order.currency,
            actual=invoice.currency,
        ))
    if findings:
        return findings, CheckResult(check="purchase_order", passed=False,
                                     detail="; ".join(f.message for f in findings))
    return [], CheckResult(check="purchase_order", passed=True,
                           detail=f"{order.number}: open, this vendor's, {order.currency}.")


def match_lines(
    invoice: InvoiceFacts, order: OrderFacts, pick: Picker | None = None
) -> list[LineMatch]:
    """Pair each invoice line with at most one PO line: by SKU (also inside the description),
    then by description (procurement.matching.description_similarity, which refuses different
    numbers). When several PO lines are plausible and none is clearly best, `pick` may choose
    one of them; anything else it answers is ignored. Freight and tax lines are set aside.
    """
    free = {line.po_line_id: line for line in order.lines}
    matches: dict[int, LineMatch] = {}
    by_sku = {_sku(line.sku): line for line in order.lines if _sku(line.sku)}
    for inv_line in invoice.lines:
        po_line = by_sku.get(_sku(inv_line.sku)) if _sku(inv_line.sku) else None
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
        scored = sorted(
            ((description_similarity(inv_line.description, po.description), po)
             for po in free.values()),
            key=lambda pair: (-pair[0], pair[1].line_no),
        )
        plausible = [(score, po) for score, po in scored if score >= DESCRIPTION_MATCH_THRESHOLD]
        chosen, how = None, "none"
        if len(plausible) == 1 or (
            plausible and plausible[0][0] - plausible[1][0] >= DESCRIPTION_CLEAR_MARGIN
        ):
            chosen, how = plausible[0][1], "description"
        elif plausible and pick is not None:
            options = [po for _, po in plausible]
            answer = pick(inv_line, options)
            if answer in {po.po_line_id for po in options}:  # never a line it was not offered
                chosen, how = free[answer], "llm"
        if chosen is None and _FREIGHT.search(inv_line.description):
            how = "freight"
        elif chosen is None and _TAX_LINE.search(inv_line.description) and not inv_line.sku:
            how = "tax"
        matches[inv_line.line_no] = LineMatch(
            line_no=inv_line.line_no,
            po_line_id=chosen.po_line_id if chosen else None,
            how=how,
            candidates=[po.po_line_id for _, po in plausible] if chosen is None else [],
        )
        if chosen is not None:
            del free[chosen.po_line_id]
    return [matches[line.line_no] for line in invoice.lines]


def _sku(value: str) -> str:
    return value.strip().upper()


def _sku_in_description(
    description: str, by_sku: dict[str, OrderLineFacts]
) -> OrderLineFacts | None:
    tokens = set(re.findall(r"[A-Z0-9][A-Z0-9._/-]*[A-Z0-9]", description.upper()))
    found = [by_sku[sku] for sku in by_sku if sku in tokens]
    return found[0] if len(found) == 1 else None


# --- 4./5. lines: price, and the cumulative three-way match --------------------------------------


def check_lines(
    invoice: InvoiceFacts, order: OrderFacts, matches: list[LineMatch], tolerances
) -> tuple[list[FindingSpec], list[CheckResult]]:
    po_lines = {line.po_line_id: line for line in order.lines}
    cur = invoice.currency
    findings: list[FindingSpec] = []
    freight = Decimal("0")
    overcharge = Decimal("0")
    priced_net = Decimal("0")
    for inv_line, match in zip(invoice.lines, matches, strict=True):
        if match.po_line_id is None:
            if match.how == "freight":
                freight += inv_line.amount or Decimal("0")
                continue
            if match.how == "tax":
                continue
            findings.append(_unmatched(inv_line, order, match, po_lines))
            continue
        po_line = po_lines[match.po_line_id]
        if inv_line.quantity is not None and inv_line.quantity < 0:
            continue  # a credit: it lowers what is billed, it cannot overcharge
        price_finding, line_over = _price(inv_line, po_line, tolerances, cur)
        findings += price_finding
        overcharge += line_over
        if inv_line.quantity is not None:
            priced_net += inv_line.quantity * po_line.unit_price
        findings += _quantity(inv_line, po_line, tolerances)
    checks = []
    if freight:
        if freight > tolerances.freight_amount:
            findings.append(FindingSpec(
                kind="unmatched_line",
                message=(
                    f"Freight of {money(freight, cur)} is billed, but purchase order"
                    f" {order.number} has no freight line (accepted up to"
                    f" {money(tolerances.freight_amount, cur)})."
                ),
                expected=money(tolerances.freight_amount, cur),
                actual=money(freight, cur),
            ))
        checks.append(CheckResult(
            check="freight", passed=freight <= tolerances.freight_amount,
            detail=f"{money(freight, cur)} freight, {money(tolerances.freight_amount, cur)}"
                   " accepted without a PO line.",
        ))
    line_prices = any(f.kind == "price_variance" for f in findings)
    if overcharge > 0 and not line_prices and not _within(
        overcharge, priced_net, tolerances.invoice_pct, tolerances.invoice_amount
    ):
        findings.append(FindingSpec(
            kind="price_variance",
            message=(
                f"Each line is within tolerance, but together the lines bill"
                f" {money(overcharge, cur)} above the PO prices (tolerance per invoice"
                f" {_qty(tolerances.invoice_pct)}% and {money(tolerances.invoice_amount, cur)})."
            ),
            expected=money(_cents(priced_net), cur),
            actual=money(_cents(priced_net + overcharge), cur),
        ))
    by_kind = {kind: [f for f in findings if f.kind == kind] for kind in (
        "unmatched_line", "price_variance", "quantity_variance", "billed_not_received")}
    paired = ", ".join(f"{m.line_no} by {m.how}" for m in matches if m.po_line_id is not None)
    checks[:0] = [
        CheckResult(check="lines", passed=not by_kind["unmatched_line"], detail=(
            f"{sum(m.po_line_id is not None for m in matches)} of {len(matches)} line(s) paired"
            f" with {order.number}" + (f": {paired}." if paired else ".")
        )),
        CheckResult(check="prices", passed=not by_kind["price_variance"], detail=(
            f"{money(overcharge, cur)} above PO prices in total" if overcharge
            else "Every unit price at or below the PO price."
        ) + f" (tolerance {_qty(tolerances.price_pct)}% and"
            f" {money(tolerances.price_amount, cur)} per line)."),
        CheckResult(
            check="quantities",
            passed=not (by_kind["quantity_variance"] or by_kind["billed_not_received"]),
            detail="Each line within what was ordered and received, less what other invoices"
                   f" billed ({order.billed_invoice_count} other invoice(s) on this PO).",
        ),
    ]
    return findings, checks


def _unmatched(
    inv_line: InvoiceLineFacts, order: OrderFacts, match: LineMatch,
    po_lines: dict[int, OrderLineFacts],
) -> FindingSpec:
    if match.candidates:
        names = "; ".join(f"line {po_lines[c].line_no} ({po_lines[c].description[:60]})"
                          for c in match.candidates)
        why = f": it could be any of {names}, so nobody paired it"
    else:
        why = ""
    return FindingSpec(
        kind="unmatched_line",
        message=(
            f"Line {inv_line.line_no} ({inv_line.description[:80]!r}) is not on purchase order"
            f" {order.number}{why}."
        ),
        expected="0 (not ordered)",
        actual=_qty(inv_line.quantity),
        line_no=inv_line.line_no,
    )


def _price(
    inv_line: InvoiceLineFacts, po_line: OrderLineFacts, tolerances, currency: str
) -> tuple[list[FindingSpec], Decimal]:
    """A unit price above the PO's: tolerated within the percentage AND the per-line amount."""
    if inv_line.unit_price is None or inv_line.unit_price <= po_line.unit_price:
        return [], Decimal("0")
    diff = inv_line.unit_price - po_line.unit_price
    line_over = diff * (inv_line.quantity if inv_line.quantity is not None else 1)
    share = (diff / po_line.unit_price * HUNDRED) if po_line.unit_price else HUNDRED
    if share <= tolerances.price_pct and line_over <= tolerances.price_amount:
        return [], line_over
    return [FindingSpec(
        kind="price_variance",
        message=(
            f"Line {inv_line.line_no} ({po_line.description[:80]}): unit price"
            f" {money(inv_line.unit_price, currency)} is {share:.1f}% above the PO price"
            f" {money(po_line.unit_price, currency)}, {money(line_over, currency)} on the line"
            f" (tolerance {_qty(tolerances.price_pct)}% and"
            f" {money(tolerances.price_amount, currency)})."
        ),
        expected=money(po_line.unit_price, currency),
        actual=money(inv_line.unit_price, currency),
        line_no=inv_line.line_no,
    )], line_over


def _quantity(
    inv_line: InvoiceLineFacts, po_line: OrderLineFacts, tolerances
) -> list[FindingSpec]:
    """Cumulative: what may still be billed is what was ordered (and received, once anything
    was received on the order) less what other live invoices already billed for this line.
    """
    if inv_line.quantity is None:
        return []
    billed = po_line.billed_elsewhere
    earlier = f", {_qty(billed)} already billed on other invoices" if billed else ""
    slack = po_line.quantity * tolerances.quantity_pct / HUNDRED
    may_bill = po_line.quantity - billed
    if inv_line.quantity > may_bill + slack:
        return [FindingSpec(
            kind="quantity_variance",
            message=(
                f"Line {inv_line.line_no} ({po_line.description[:80]}): invoiced"
                f" {_qty(inv_line.quantity)}, but {_qty(po_line.quantity)} ordered{earlier}:"
                f" at most {_qty(max(may_bill, Decimal('0')))} may still be billed."
            ),
            expected=f"{_qty(max(may_bill, Decimal('0')))} (ordered, not yet billed)",
            actual=_qty(inv_line.quantity),
            line_no=inv_line.line_no,
        )]
    if po_line.received is None:
        return []  # nothing received on this order yet: a two-way match (services, prepayment)
    slack = po_line.received * tolerances.quantity_pct / HUNDRED
    may_bill = po_line.received - billed
    if inv_line.quantity > may_bill + slack:
        return [FindingSpec(
            kind="billed_not_received",
            message=(
                f"Line {inv_line.line_no} ({po_line.description[:80]}): invoiced"
                f" {_qty(inv_line.quantity)}, but {_qty(po_line.received)} received{earlier}:"
                f" at most {_qty(max(may_bill, Decimal('0')))} may be billed."
            ),
            expected=f"{_qty(max(may_bill, Decimal('0')))} (received, not yet billed)",
            actual=_qty(inv_line.quantity),
            line_no=inv_line.line_no,
        )]
    return []


def check_over_billing(
    invoice: InvoiceFacts, order: OrderFacts, matches: list[LineMatch], tolerances
) -> tuple[list[FindingSpec], CheckResult]:
    """The order's net value against everything billed on it, this invoice included: split
    invoices that each look fine can together bill more than was ordered. This invoice counts at
    PO prices: a dearer unit price is the price check's finding, not over-billing.
    """
    net = invoice.subtotal
    if net is None:
        amounts = [line.amount for line in invoice.lines if line.amount is not None]
        net = sum(amounts, Decimal("0")) if amounts else None
    if net is None:
        return [], CheckResult(check="over_billing", passed=None, detail="No net amount printed.")
    po_prices = {line.po_line_id: line.unit_price for line in order.lines}
    for line, match in zip(invoice.lines, matches, strict=True):
        if (match.po_line_id is not None and line.unit_price is not None
                and line.quantity is not None and line.quantity > 0
                and line.unit_price > po_prices[match.po_line_id]):
            net -= (line.unit_price - po_prices[match.po_line_id]) * line.quantity
    value = order.net_total
    billed = order.billed_elsewhere + net
    cur = invoice.currency
    excess = billed - value
    detail = (f"{money(billed, cur)} billed on {order.number} with this invoice"
              f" ({order.billed_invoice_count} other(s)), ordered {money(value, cur)}.")
    if excess > 0 and not _within(excess, value, tolerances.invoice_pct,
                                  tolerances.invoice_amount):
        return [FindingSpec(
            kind="over_billing",
            message=(
                f"With this invoice, {money(billed, cur)} net is billed on purchase order"
                f" {order.number}, worth {money(value, cur)}:"
                f" {money(excess, cur)} more than ordered"
                f" ({money(order.billed_elsewhere, cur)} on {order.billed_invoice_count} other"
                " invoice(s))."
            ),
            expected=money(value, cur),
            actual=money(billed, cur),
        )], CheckResult(check="over_billing", passed=False, detail=detail)
    return [], CheckResult(check="over_billing", passed=True, detail=detail)


# --- all of it ---------------------------------------------------------------------------------


def evaluate(
    invoice: InvoiceFacts,
    *,
    vendor: VendorFacts | None,
    order: OrderFacts | None,
    duplicates: list[DuplicateFacts],
    ambiguous: list[str] | None = None,
    tolerances=None,
    pick: Picker | None = None,
    corrected: CorrectedFacts | None = None,
) -> Verdict:
    """All checks, in the order a clerk reads them. `tolerances` applies when there is no vendor
    (the global defaults); a vendor's own (with its overrides) win. `corrected`: for a credit
    note, the invoice on file it corrects (None: not on file).
    """
    tolerances = vendor.tolerances if vendor else tolerances
    if tolerances is None:
        raise ValueError("evaluate needs the vendor's or the default tolerances")
    findings: list[FindingSpec] = []
    checks: list[CheckResult] = []

    def run(result):
        found, done = result
        findings.extend(found)
        checks.extend(done if isinstance(done, list) else [done])

    run(check_vendor(invoice, vendor, ambiguous or []))
    if vendor is not None:
        run(check_duplicates(invoice, duplicates))
    else:
        checks.append(CheckResult(check="duplicates", passed=None,
                                  detail="No vendor to look for earlier invoices of."))
    run(check_bank_account(invoice, vendor))
    run(check_arithmetic(invoice, tolerances.rounding))
    if invoice.kind == "credit_note":
        run(check_credit_note(invoice, vendor, corrected))
    run(check_order(invoice, vendor, order))
    matches: list[LineMatch] = []
    # Lines are compared only with an order of this vendor (or of a vendor not known yet):
    # another vendor's order would only add noise to the po_vendor_mismatch.
    if order is not None and (vendor is None or order.vendor_id == vendor.vendor_id):
        matches = match_lines(invoice, order, pick)
        run(check_lines(invoice, order, matches, tolerances))
        run(check_over_billing(invoice, order, matches, tolerances))
    run(check_tax(invoice, vendor, order, matches, tolerances))
    return Verdict(findings=findings, matches=matches, checks=checks)
