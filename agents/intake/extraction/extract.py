"""The extractor: embedded e-invoice XML when present, layout heuristics for the rest."""

from __future__ import annotations

from decimal import Decimal

from . import amounts, fields, lines, vendor
from . import errors as E
from .candidates import Candidate
from .errors import ExtractionError
from .model import SCALAR_FIELDS, Evidence, InvoiceExtraction
from .numbers import find_amounts, guess_decimal_sign
from .text import Document, read_document
from .validate import cross_check
from .xml_einvoice import parse_einvoice

_MIN_USEFUL_CHARS = 30


def _conf(c: Candidate | None, base: float) -> float:
    if c is None:
        return 0.0
    return round(min(0.95, base + 0.1 * min(c.score, 2.0)), 2)


def _set(inv: InvoiceExtraction, name: str, c: Candidate | None, conf: float) -> None:
    if c is None:
        return
    setattr(inv, name, c.value)
    inv.confidence[name] = conf
    inv.evidence[name] = Evidence(page=c.page, bbox=c.bbox)


def _usable_text(doc: Document) -> bool:
    return sum(ch.isalnum() for p in doc.pages for ch in p.raw_text) >= _MIN_USEFUL_CHARS


def extract_invoice(pdf_bytes: bytes, *, use_embedded_xml: bool = True) -> InvoiceExtraction:
    """Read an invoice PDF into structured fields; raises ExtractionError for bad files."""
    doc = read_document(pdf_bytes, with_attachments=use_embedded_xml)
    einvoice = _embedded(doc) if use_embedded_xml else None
    if not _usable_text(doc) and einvoice is None:
        raise ExtractionError(E.NO_TEXT)
    try:
        inv = _from_layout(doc) if _usable_text(doc) else InvoiceExtraction()
        if einvoice is not None:
            _overlay_xml(inv, einvoice, doc)
        inv.page_count = len(doc.pages)
        inv.text_chars = doc.text_chars
        cross_check(inv)
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 - a heuristic bug must not leak a traceback
        raise ExtractionError(E.INTERNAL, permanent=False) from exc
    return inv


def _embedded(doc: Document) -> InvoiceExtraction | None:
    for name in sorted(doc.attachments, key=lambda n: ("invoice" not in n.lower(), n)):
        parsed = parse_einvoice(doc.attachments[name])
        if parsed is not None:
            return parsed
    return None


def _from_layout(doc: Document) -> InvoiceExtraction:
    inv = InvoiceExtraction()
    text = doc.text
    hint = guess_decimal_sign(text)
    month_first = fields.month_first_hint(doc)

    _set(inv, "invoice_number", c := fields.invoice_number(doc), _conf(c, 0.6))
    inv_date, due = fields.invoice_and_due_dates(doc, month_first)
    _set(inv, "invoice_date", inv_date, _conf(inv_date, 0.55))
    _set(inv, "due_date", due, _conf(due, 0.6))
    _set(inv, "po_number", c := fields.po_number(doc), _conf(c, 0.5))
    _set(inv, "vendor_tax_id", c := fields.vendor_tax_id(doc), _conf(c, 0.5))
    iban, iban_ok = fields.iban(doc)
    _set(inv, "iban", iban, 0.9 if iban_ok else 0.2)
    v = vendor.vendor_name(doc)
    _set(inv, "vendor_name", v, min(0.9, 0.4 + 0.1 * (v.score if v else 0)))

    prelim_currency, _ = fields.currency(doc, [])
    choice = amounts.choose(amounts.collect(doc, hint), prelim_currency)
    money_conf = 0.95 if choice.consistent else 0.7
    _set(inv, "subtotal", choice.subtotal, money_conf)
    _set(inv, "tax", choice.tax, money_conf)
    _set(
        inv, "total", choice.total, money_conf if choice.total and choice.total.score > 0.5 else 0.4
    )

    inv.lines = lines.extract_lines(doc, hint)
    if inv.lines:
        inv.confidence["lines"] = 0.7
    _derive_subtotal(inv)

    markers = [c.currency for c in (choice.total, choice.subtotal, choice.tax) if c and c.currency]
    if not markers and choice.total is not None and choice.total.line is not None:
        markers = [a.currency for a in find_amounts(choice.total.line.text, hint) if a.currency]
    code, conf = fields.currency(doc, markers)
    if code:
        inv.currency = code
        inv.confidence["currency"] = conf
    return inv


def _derive_subtotal(inv: InvoiceExtraction) -> None:
    """Net = gross when the invoice shows zero tax, or no tax and lines that add up."""
    if inv.subtotal is not None or inv.total is None:
        return
    line_sum = sum((ln.amount or Decimal(0) for ln in inv.lines), Decimal(0))
    zero_tax = inv.tax is not None and inv.tax == 0
    lines_add_up = inv.tax is None and bool(inv.lines) and line_sum == inv.total
    if zero_tax or lines_add_up:
        inv.subtotal = inv.total
    else:
        return
    inv.confidence["subtotal"] = 0.6
    if "total" in inv.evidence:
        inv.evidence["subtotal"] = inv.evidence["total"]
    inv.warnings.append("subtotal derived from the total (no tax shown)")


def _overlay_xml(inv: InvoiceExtraction, x: InvoiceExtraction, doc: Document) -> None:
    """Prefer the XML's values (read into an extraction of its own); note where the printed
    page disagrees."""
    inv.source = x.source
    for name in SCALAR_FIELDS:
        value = getattr(x, name)
        if value is None:
            continue
        printed = getattr(inv, name)
        if printed is not None and printed != value and name in ("total", "invoice_number"):
            inv.warnings.append(f"{name}: embedded XML says {value}, the page shows {printed}")
        if printed != value:
            inv.evidence.pop(name, None)
        setattr(inv, name, value)
        inv.confidence[name] = 0.98
    if x.lines:
        inv.lines = x.lines
        inv.confidence["lines"] = 0.98
