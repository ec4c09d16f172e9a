"""The extractor: embedded e-invoice XML when present, layout heuristics for the rest."""

from __future__ import annotations

import statistics
from decimal import Decimal

from . import amounts, fields, lines, vendor
from . import errors as E
from . import ocr as ocr_module
from .candidates import Candidate
from .errors import ExtractionError, NeedsOcr
from .model import (
    LINE_EVIDENCE_PREFIX,
    SCALAR_FIELDS,
    Evidence,
    InvoiceExtraction,
    line_evidence_key,
)
from .numbers import find_amounts, guess_decimal_sign
from .text import MIN_DOCUMENT_CHARS, Document, read_document, usable_chars
from .validate import cross_check
from .xml_einvoice import parse_einvoice


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
    return _chars(doc) >= MIN_DOCUMENT_CHARS


def _chars(doc: Document) -> int:
    return sum(usable_chars(p.raw_text) for p in doc.pages)


def extract_invoice(
    data: bytes, *, use_embedded_xml: bool = True, ocr: bool = True
) -> InvoiceExtraction:
    """Read an invoice (a PDF, or a PNG/JPEG/TIFF picture) into structured fields.

    Pages without a usable text layer, and pictures, are read by OCR; with ``ocr=False`` they
    raise NeedsOcr instead, so that a caller can run OCR elsewhere (the sandbox runs it with
    limits of its own). Raises ExtractionError for files that cannot be read.
    """
    doc, einvoice = _read(data, use_embedded_xml=use_embedded_xml, ocr=ocr)
    if not _usable_text(doc) and einvoice is None:
        raise ExtractionError(_why_no_text(doc))
    try:
        inv = _from_layout(doc) if _usable_text(doc) else InvoiceExtraction()
        if einvoice is not None:
            _overlay_xml(inv, einvoice, doc)
        inv.page_count = len(doc.pages)
        inv.text_chars = doc.text_chars
        inv.warnings.extend(doc.warnings)
        cross_check(inv)
        if doc.read_by_ocr:
            _ocr_evidence(inv, doc)
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 - a heuristic bug must not leak a traceback
        raise ExtractionError(E.INTERNAL, permanent=False) from exc
    return inv


def _read(
    data: bytes, *, use_embedded_xml: bool, ocr: bool
) -> tuple[Document, InvoiceExtraction | None]:
    if ocr_module.is_image(data):
        if not ocr:
            raise NeedsOcr(E.NEEDS_OCR)
        return ocr_module.read_image(data), None
    doc = read_document(data, with_attachments=use_embedded_xml)
    einvoice = _embedded(doc) if use_embedded_xml else None
    # The e-invoice XML says it all: a scanned page beside it is not worth the OCR.
    if einvoice is None and any(p.needs_ocr for p in doc.pages):
        if not ocr:
            raise NeedsOcr(E.NEEDS_OCR)
        ocr_module.read_scanned_pages(doc, data)
    return doc, einvoice


def _why_no_text(doc: Document) -> str:
    chars = _chars(doc)
    if chars == 0 and doc.read_by_ocr:
        return E.OCR_NO_TEXT
    if chars == 0 and not any(p.needs_ocr for p in doc.pages):
        return E.BLANK
    return E.TOO_LITTLE_TEXT.format(chars=chars)


def _ocr_evidence(inv: InvoiceExtraction, doc: Document) -> None:
    """A field read by OCR is only as sure as OCR was of its words, and its box goes back onto
    the picture as received (the layout saw it levelled)."""
    inv.source = "ocr" if inv.source == "text" else inv.source
    for name, evidence in inv.evidence.items():
        page = doc.pages[evidence.page]
        if not page.ocr:
            continue
        sure = ocr_module.confidence_in(evidence.bbox, page)
        if sure is not None and name in inv.confidence:
            inv.confidence[name] = round(min(inv.confidence[name], sure), 2)
        evidence.bbox = ocr_module.unskew_box(evidence.bbox, page)
    if "lines" in inv.confidence:
        sure = [
            w.conf
            for page in doc.pages
            if page.ocr
            for line in page.lines
            for segment in line.segments
            for w in segment.words
            if w.conf is not None
        ]
        if sure:
            median = statistics.median(sure)
            inv.confidence["lines"] = round(min(inv.confidence["lines"], median), 2)


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
    if choice.allowances_charges is not None and inv.subtotal is not None:
        # The tax is on the net after the allowances and charges printed under the lines' sum.
        lines_sum = inv.subtotal
        inv.subtotal = lines_sum + choice.allowances_charges
        inv._allowances_charges = choice.allowances_charges
        inv.confidence["subtotal"] = 0.8
        inv.warnings.append(
            f"subtotal: the lines' sum {lines_sum} with allowances and charges "
            f"{choice.allowances_charges:+}"
        )
    _set(inv, "tax", choice.tax, money_conf)
    _set(
        inv, "total", choice.total, money_conf if choice.total and choice.total.score > 0.5 else 0.4
    )

    inv.lines = lines.extract_lines(doc, hint)
    if not inv.lines:
        sums = [c.value for c in (choice.subtotal, choice.total) if c is not None]
        inv.lines = lines.headerless_lines(doc, hint, sums)
    if inv.lines:
        inv.confidence["lines"] = 0.7
    for number, line in enumerate(inv.lines, start=1):
        if line._evidence is not None:
            inv.evidence[line_evidence_key(number)] = line._evidence
        if line._quantity_printed is not None:
            inv.warnings.append(
                f"line {number}: quantity printed {line._quantity_printed}, read as "
                f"{line.quantity} (amount / unit price)"
            )
    _derive_subtotal(inv)
    if fields.is_credit_note(doc):
        _credited_amounts(inv)

    markers = [c.currency for c in (choice.total, choice.subtotal, choice.tax) if c and c.currency]
    if not markers and choice.total is not None and choice.total.line is not None:
        # Only the total's own figure: the same line may add it in a second currency
        # ("Total 125.00   135.20 USD").
        markers = [
            a.currency
            for a in find_amounts(choice.total.line.text, hint)
            if a.currency and a.value == choice.total.value
        ]
    code, conf = fields.currency(doc, markers)
    if code:
        inv.currency = code
        inv.confidence["currency"] = conf
    return inv


def _credited_amounts(inv: InvoiceExtraction) -> None:
    """A credit note printed with minus signs: its amounts are what it credits.

    The same document's e-invoice XML (type 381) carries them positive, so the page reading
    agrees with it. Only when every total printed is negative: a credit note with a mix of
    signs keeps what it prints (the checks then flag it).
    """
    money = [v for v in (inv.subtotal, inv.tax, inv.total) if v is not None]
    if inv.total is None or inv.total >= 0 or any(v > 0 for v in money):
        return
    for name in ("subtotal", "tax", "total"):
        value = getattr(inv, name)
        if value is not None:
            setattr(inv, name, -value)
    for line in inv.lines:
        if line.amount is not None and line.amount < 0:
            line.amount = -line.amount
            if line.unit_price is not None and line.unit_price < 0:
                line.unit_price = -line.unit_price
    inv.warnings.append("credit note: the amounts printed with a minus are read as credited")


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
        for key in [key for key in inv.evidence if key.startswith(LINE_EVIDENCE_PREFIX)]:
            del inv.evidence[key]  # the printed rows' boxes are not where the XML's lines are
        inv.confidence["lines"] = 0.98
