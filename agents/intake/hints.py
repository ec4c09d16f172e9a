"""Layout hints: where a vendor prints a value the extractor misreads, learnt from a clerk's
correction and applied to that vendor's next invoice, after extraction.

The librarian learns a hint with `label_for`: it finds the corrected value in the page text and
keeps the words printed before it on its line (or on the line above), e.g. the invoice number
after "Beleg-Kennung". Intake, once it knows the vendor, asks `memory.search` for the vendor's
hints and `apply_hints` reads each hinted field after its label again.

A label is the vendor's own printed text: it is used only as a literal string to find on the
page, never as an instruction to anyone, and what is read after it goes through the same
parsers as every other value (a value that does not parse is ignored).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from agents.intake.extraction import InvoiceExtraction
from agents.intake.extraction.validate import cross_check
from agents.intake.second_opinion import PARSERS

# Fields a hint can teach: the ones a clerk corrects and a label introduces.
HINTED_FIELDS = ("invoice_number", "po_number", "invoice_date", "due_date", "subtotal", "tax",
                 "total")
AMOUNT_FIELDS = {"subtotal", "tax", "total"}
DATE_FIELDS = {"invoice_date", "due_date"}
HINT_CONFIDENCE = 0.9
MAX_LABEL = 60
_LABEL_END = " \t:#.-–—=|"
_COLUMN_GAP = re.compile(r"\s{3,}")


def _amount_forms(value: str) -> set[str]:
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:
        return {value}
    whole, cents = f"{abs(amount):.2f}".split(".")
    grouped = f"{int(whole):,}"
    sign = "-" if amount < 0 else ""
    return {sign + form for form in (
        f"{whole}.{cents}", f"{grouped}.{cents}", f"{whole},{cents}",
        f"{grouped.replace(',', '.')},{cents}", f"{grouped.replace(',', ' ')},{cents}",
        f"{grouped.replace(',', chr(39))}.{cents}",
    )}


def _date_forms(value: str) -> set[str]:
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return {value}
    return {day.isoformat(), day.strftime("%d.%m.%Y"), day.strftime("%d/%m/%Y"),
            day.strftime("%m/%d/%Y"), day.strftime("%d-%m-%Y"), day.strftime("%d %B %Y"),
            day.strftime("%B %d, %Y"), f"{day.day}. {day.strftime('%B %Y')}"}


def _forms(field: str, value: str) -> set[str]:
    if field in AMOUNT_FIELDS:
        return _amount_forms(value)
    if field in DATE_FIELDS:
        return _date_forms(value)
    return {value}


def _find(line: str, form: str) -> int:
    """Where `form` stands in `line` as a whole value (not inside a longer number), or -1."""
    start = 0
    while (at := line.find(form, start)) >= 0:
        before = line[at - 1] if at else " "
        after = line[at + len(form)] if at + len(form) < len(line) else " "
        if not before.isalnum() and not (after.isalnum() or (after in ".," and
                                                             line[at + len(form):][1:2].isdigit())):
            return at
        start = at + 1
    return -1


def _clean_label(text: str) -> str:
    label = _COLUMN_GAP.split(text.strip())[-1].strip(_LABEL_END)
    return label[-MAX_LABEL:].strip() if sum(c.isalpha() for c in label) >= 2 else ""


def label_for(text: str, field: str, value: str) -> dict[str, str] | None:
    """Where `value` of `field` is printed in the page text: the label before it on its line
    ("same_line") or, when it stands alone, the line above ("below"). None if not found."""
    if field not in HINTED_FIELDS or not value.strip():
        return None
    lines = text.splitlines()
    for number, line in enumerate(lines):
        for form in sorted(_forms(field, value.strip()), key=len, reverse=True):
            at = _find(line, form)
            if at < 0:
                continue
            label = _clean_label(line[:at])
            if label:
                return {"field": field, "label": label, "where": "same_line"}
            above = next((ln for ln in reversed(lines[:number]) if ln.strip()), "")
            label = _clean_label(above)
            if label:
                return {"field": field, "label": label, "where": "below"}
    return None


def _candidates(rest: str) -> list[str]:
    """What may be the value: the first column after the label, shorter and shorter."""
    first = _COLUMN_GAP.split(rest.strip(_LABEL_END + " "))[0].strip()
    words = first.split()
    return [" ".join(words[:n]) for n in range(min(len(words), 4), 0, -1)]


def read_after_label(text: str, hint: dict[str, str]) -> Any:
    """The value of `hint["field"]` printed after its label, parsed; None if not there."""
    field, label, where = hint.get("field", ""), hint.get("label", ""), hint.get("where", "")
    parse = PARSERS.get(field)
    if field not in HINTED_FIELDS or parse is None or len(label) < 2:
        return None
    lines = text.splitlines()
    wanted = label.casefold()
    for number, line in enumerate(lines):
        at = line.casefold().find(wanted)
        if at < 0:
            continue
        if where == "below":
            rest = next((ln for ln in lines[number + 1:] if ln.strip()), "")
        else:
            rest = line[at + len(label):]
        for candidate in _candidates(rest):
            if field == "invoice_number" or field == "po_number":
                value = parse(candidate.split()[0].strip(".,;"))
            else:
                value = parse(candidate)
            if value not in (None, ""):
                return value
    return None


def apply_hints(
    extraction: InvoiceExtraction, text: str, hints: list[dict[str, Any]]
) -> tuple[InvoiceExtraction, list[str]]:
    """A copy of `extraction` with each hinted field read after its label; the fields changed.
    `hints` are dicts with field, label, where (and case_id, for the warning)."""
    merged = extraction.model_copy(deep=True)
    changed = []
    for hint in hints:
        field = hint.get("field", "")
        value = read_after_label(text, hint)
        if value is None or field in changed:
            continue
        if getattr(merged, field) != value:
            setattr(merged, field, value)
            merged.evidence.pop(field, None)  # read from the text, not a box on the page
            changed.append(field)
        merged.confidence[field] = max(merged.confidence.get(field, 0.0), HINT_CONFIDENCE)
        learnt = f" (learnt from case {hint['case_id']})" if hint.get("case_id") else ""
        merged.warnings.append(
            f"{field} read after the label \u201c{hint['label']}\u201d{learnt}"
        )
    if changed:
        cross_check(merged)
    return merged, changed


def consult(ctx, pdf_bytes: bytes,
            extraction: InvoiceExtraction) -> tuple[InvoiceExtraction, list[dict]]:
    """Intake's hook: once the printed vendor is known on file, apply its layout hints. Returns
    the extraction and the facts used ({fact_id, text}), for the trail.

    Reads memory only through `memory.search`, for that vendor, layout hints only; a vendor not
    recognised surely (score below 0.9) gets none. Hints said by the vendor are never asked for.
    """
    tools = ctx.tools
    if tools is None or not {"vendors:read", "memory:search"} <= set(tools.scopes):
        return extraction, []
    if not (extraction.vendor_name or extraction.vendor_tax_id or extraction.iban):
        return extraction, []
    found = tools.call("vendors.find", name=extraction.vendor_name or "",
                       tax_id=extraction.vendor_tax_id or "", iban=extraction.iban or "", limit=1)
    best = found.candidates[0] if found.candidates else None
    if best is None or best.score < 0.9:
        return extraction, []
    facts = tools.call("memory.search", vendor_id=best.vendor_id, kind="layout_hint", limit=10)
    hints = [{**fact.data, "case_id": fact.case_id, "fact_id": fact.id, "text": fact.text}
             for fact in facts.facts
             if fact.origin == "people" and fact.data.get("field") in HINTED_FIELDS]
    if not hints:
        return extraction, []
    from agents.intake.sandbox import (
        DEFAULT_OCR_CPU_S,
        DEFAULT_OCR_MEMORY_MB,
        DEFAULT_OCR_TIMEOUT_S,
        run_sandboxed,
    )
    from agents.intake.second_opinion import page_text

    limits = ({"timeout_s": DEFAULT_OCR_TIMEOUT_S, "cpu_s": DEFAULT_OCR_CPU_S,
               "memory_mb": DEFAULT_OCR_MEMORY_MB} if extraction.source == "ocr"
              else {"timeout_s": 10})
    text = run_sandboxed(page_text, pdf_bytes, reuse=True, **limits)
    merged, changed = apply_hints(extraction, text, hints)
    used = [{"fact_id": h["fact_id"], "text": h["text"]} for h in hints
            if h.get("field") in changed]
    return merged, used
