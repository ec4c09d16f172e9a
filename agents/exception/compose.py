"""The vendor email, assembled by code from the validation facts.

The greeting, the invoice and PO numbers, the table of what differs (expected vs invoiced), the
amount at stake and the specific request come from here, one template per finding kind. A model
(when one is configured) writes only `prose`, a short connecting paragraph inserted as text: it
cannot change a figure, a recipient or the request, and the guardrails read it like everything
else.

What never goes to a vendor: our findings' messages (they are written for our clerks: "confirm
the change by phone", record ids), full account numbers, and anything about internal-only kinds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Row:
    what: str
    expected: str
    invoiced: str


@dataclass(frozen=True)
class Template:
    """How one finding kind reads in a vendor email: its row, and what we ask for."""

    label: str  # for the subject when it is the only kind
    what: str  # the row's first column; {line} is "Line N (description)"
    request: str
    mask: bool = False  # expected/invoiced are account numbers: show the last four only


_LINE_REQUEST = "Please send a corrected invoice or a credit note for the difference."
TEMPLATES: dict[str, Template] = {
    "price_variance": Template("unit price above the order", "{line}: unit price", _LINE_REQUEST),
    "quantity_variance": Template(
        "quantity above the order", "{line}: quantity", _LINE_REQUEST
    ),
    "billed_not_received": Template(
        "goods billed before delivery", "{line}: quantity received so far",
        "We pay for what has arrived: please send a corrected invoice for the quantity "
        "delivered, or tell us when the rest will be delivered.",
    ),
    "over_billing": Template(
        "billed beyond the order", "{line}: amount billed", _LINE_REQUEST
    ),
    "unmatched_line": Template(
        "a line we did not order", "{line}: not on our order",
        "Please tell us which of our orders this line belongs to, or send a corrected invoice "
        "without it.",
    ),
    "arithmetic_error": Template(
        "totals do not add up", "Totals",
        "Please send a corrected invoice in which the lines, the tax and the total add up.",
    ),
    "tax_mismatch": Template(
        "tax differs", "Tax",
        "Please send a corrected invoice with the tax stated as agreed on the order.",
    ),
    "currency_mismatch": Template(
        "currency differs from the order", "Currency",
        "Please send a corrected invoice in the currency of our order.",
    ),
    "missing_po": Template(
        "purchase order number missing", "Our purchase order number",
        "Please send the invoice again with our purchase order number on it.",
    ),
    "unknown_po": Template(
        "purchase order number not recognised", "Purchase order number",
        "Please check the purchase order number: we have no order with the number printed.",
    ),
    "closed_po": Template(
        "purchase order already closed", "Purchase order status",
        "The order quoted is already closed: please tell us which open order this invoice is "
        "for.",
    ),
    "po_vendor_mismatch": Template(
        "purchase order of another supplier", "Purchase order number",
        "The order quoted was not placed with you: please check the purchase order number.",
    ),
    "credit_note_unlinked": Template(
        "credit note for an invoice we cannot find", "Invoice corrected",
        "We cannot find the invoice this credit note corrects among those we received from you: "
        "please tell us its number and date, or send us a copy of it.",
    ),
    "duplicate_invoice": Template(
        "invoice received twice", "Invoice number",
        "We have already received an invoice with this number. If this is a copy, no action is "
        "needed; if it is a new charge, please send it with a new invoice number.",
    ),
    "suspected_duplicate": Template(
        "possibly received twice", "Invoice",
        "This invoice looks like one we have already received. Please tell us whether it is a "
        "copy or a separate charge.",
    ),
    "unreadable": Template(
        "invoice could not be read", "Invoice document",
        "Parts of the invoice could not be read: please send it again as a PDF created by your "
        "invoicing system rather than a scan.",
    ),
    "bank_account_changed": Template(
        "bank details to confirm", "Bank account",
        "For your protection we never act on bank details received on an invoice or by email. "
        "{manager} will call {contact} on the telephone number we already hold for you to "
        "confirm them; please do not send bank details in reply to this email. We will pay once "
        "the account is confirmed.",
        mask=True,
    ),
}
# Our own business, not the vendor's: these never appear in a vendor email.
INTERNAL_KINDS = frozenset({"unknown_vendor", "ambiguous_vendor", "inactive_vendor"})


@dataclass(frozen=True)
class FindingFacts:
    kind: str
    expected: str
    actual: str
    line_no: int | None = None
    line_description: str = ""  # the order's description of the line (ours), else the invoice's


@dataclass(frozen=True)
class EmailFacts:
    vendor_name: str
    contact_name: str
    manager_name: str
    manager_title: str
    invoice_number: str
    po_number: str
    currency: str
    total: Decimal | None
    findings: list[FindingFacts] = field(default_factory=list)


@dataclass(frozen=True)
class ComposedEmail:
    subject: str
    body: str
    rows: list[Row]
    requests: list[str]


def template_for(kind: str) -> Template | None:
    return TEMPLATES.get(kind)


def vendor_facing(findings: list[FindingFacts]) -> list[FindingFacts]:
    """The findings a vendor can act on; an email about none of them is not worth sending."""
    return [f for f in findings if template_for(f.kind) is not None]


def mask_account(value: str) -> str:
    """The last four characters only: the contact on file recognises the account by them."""
    compact = "".join(value.split())
    return f"ending {compact[-4:]}" if len(compact) > 4 else "(not shown)"


def money(value: Decimal | None, currency: str) -> str:
    if value is None:
        return "not printed"
    return f"{value:,.2f} {currency}".strip()


def rows_and_requests(facts: EmailFacts) -> tuple[list[Row], list[str]]:
    rows, requests = [], []
    for finding in vendor_facing(facts.findings):
        template = template_for(finding.kind)
        line = (
            f"Line {finding.line_no}"
            + (f" ({finding.line_description})" if finding.line_description else "")
            if finding.line_no
            else "Invoice"
        )
        expected, actual = finding.expected or "-", finding.actual or "-"
        if template.mask:
            expected, actual = mask_account(expected), mask_account(actual)
        rows.append(Row(template.what.format(line=line), expected, actual))
        request = template.request.format(manager=facts.manager_name, contact=facts.contact_name)
        if request not in requests:
            requests.append(request)
    return rows, requests


def compose(facts: EmailFacts, *, prose: str = "") -> ComposedEmail:
    rows, requests = rows_and_requests(facts)
    kinds = {f.kind for f in vendor_facing(facts.findings)}
    topic = TEMPLATES[kinds.pop()].label if len(kinds) == 1 else f"{len(rows)} points to resolve"
    subject = f"Invoice {facts.invoice_number} / PO {facts.po_number or '-'}: {topic}"
    parts = [
        f"Dear {facts.contact_name},",
        f"Invoice {facts.invoice_number} from {facts.vendor_name}, purchase order "
        f"{facts.po_number or '(none quoted)'}, amount at stake: "
        f"{money(facts.total, facts.currency)} (the invoice total).",
    ]
    if prose.strip():
        parts.append(prose.strip())
    parts.append("Comparing it with our order, we found:\n\n" + table(rows))
    parts.append("\n".join(requests))
    signature = facts.manager_name + (f"\n{facts.manager_title}" if facts.manager_title else "")
    parts.append(f"Kind regards,\n{signature}")
    return ComposedEmail(subject=subject, body="\n\n".join(parts) + "\n", rows=rows,
                         requests=requests)


def table(rows: list[Row]) -> str:
    """A plain-text table: plain text is all that is ever sent."""
    header = Row("What", "Expected", "Invoiced")
    widths = [max(len(getattr(r, name)) for r in [header, *rows])
              for name in ("what", "expected", "invoiced")]
    lines = []
    for row in [header, *rows]:
        cells = (row.what, row.expected, row.invoiced)
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
