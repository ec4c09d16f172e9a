"""Header fields read from the layout: numbers, dates, PO, tax id, IBAN, currency."""

from __future__ import annotations

import datetime as dt
import re

from procurement.matching import tax_id_is_valid

from . import labels as L
from .candidates import Candidate, LabelHit, iter_label_hits, lines_below, value_after_label
from .currency import ISO_CODES, count_currency_mentions, currency_from_token
from .dates import find_dates
from .ids import find_ibans, parse_identifier, parse_tax_id
from .text import Document, Line


def _best(cands: list[Candidate]) -> Candidate | None:
    # Stable: among equal scores the earliest (reading order) wins.
    return max(cands, key=lambda c: c.score) if cands else None


def _hit_is_other_label(hit: LabelHit, *others: re.Pattern[str]) -> bool:
    """Is this (generic) label hit part of a more specific label of another field?"""
    seg = hit.segment.text
    for rx in others:
        for m in rx.finditer(seg):
            if m.start() <= hit.start < m.end() or hit.start <= m.start() < hit.end:
                return True
    return False


# ----------------------------------------------------------------------------- invoice number
def invoice_number(doc: Document) -> Candidate | None:
    cands: list[Candidate] = []
    for hit in iter_label_hits(doc, L.INVOICE_NUMBER):
        c = value_after_label(doc, hit, parse_identifier)
        if c:
            c.score += 1.0
            cands.append(c)
    if not cands:
        # A bare title followed by an id: "Invoice INV/2023/03/0008", or a column "Factuur";
        # or a title with a short number label beside or under it ("INVOICE" / "No. 4711").
        for hit in iter_label_hits(doc, L.INVOICE_WORD):
            if _hit_is_other_label(hit, L.INVOICE_DATE, L.TOTAL_GROSS, L.INVOICE_NUMBER):
                continue
            c = value_after_label(doc, hit, parse_identifier, allow_right=False)
            if c is None:
                c = _number_by_title(doc, hit)
            if c:
                c.score += 0.3 - 0.02 * hit.line.index / 10
                cands.append(c)
    if not cands:
        # "# 2024-0012" near the top of the first page.
        for line in doc.pages[0].lines[:15]:
            for seg in line.segments:
                if seg.text.startswith("#"):
                    got = parse_identifier(seg.text)
                    if got:
                        cands.append(Candidate(got[0], 0.5, seg.page, seg.bbox(got[1], got[2])))
    if not cands:
        # A receipt with no invoice number is filed under the booking it confirms.
        for hit in iter_label_hits(doc, L.DOCUMENT_REFERENCE):
            c = value_after_label(doc, hit, parse_identifier)
            if c:
                c.score = 0.3
                cands.append(c)
    return _best(cands)


def is_credit_note(doc: Document) -> bool:
    """Titled as a credit note: a cell in the top half of the first page that starts with
    "Avoir", "Credit note", "Gutschrift"... (not the word inside terms text)."""
    page = doc.pages[0]
    for line in page.lines:
        if line.top > page.height / 2:
            break
        for seg in line.segments:
            m = L.CREDIT_NOTE_TITLE.match(seg.text.strip())
            if m and len(seg.text) < 60:
                return True
    return False


def _number_by_title(doc: Document, hit: LabelHit) -> Candidate | None:
    """ "No. 4711" in the title's cell row (to its right) or in the two lines under it."""
    if hit.segment.text[hit.end :].strip():
        return None  # "Invoice address", "Invoice total": not the title
    rows = [(hit.line, hit.line.segments[hit.seg_index + 1 :])]
    rows += [(ln, ln.segments) for ln in lines_below(doc, hit.line, 2)]
    for line, cells in rows:
        for cell in cells:
            m = L.BARE_NUMBER.match(cell.text)
            got = parse_identifier(cell.text[m.end() :]) if m else None
            if got:
                value, s, e = got
                return Candidate(value, 0.8, cell.page, cell.bbox(m.end() + s, m.end() + e), line)
    return None


# ----------------------------------------------------------------------------- dates
def month_first_hint(doc: Document) -> bool:
    """US-style 03/20/2023? Decided by unambiguous slash dates, then by $ and English."""
    text = doc.text
    mf = df = 0
    for a, b in re.findall(r"(?<!\d)(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})(?!\d)", text):
        if int(a) > 12:
            df += 1
        elif int(b) > 12:
            mf += 1
    if mf != df:
        return mf > df
    return bool(re.search(r"\$|\bUSD\b", text)) and not re.search(r"€|\bEUR\b|\bGBP\b|£", text)


def _date_parser(month_first: bool):
    def parse(text: str) -> tuple[dt.date, int, int] | None:
        found = find_dates(text[:40], month_first)
        if found and found[0].start <= 3:
            return found[0].value, found[0].start, found[0].end
        return None

    return parse


def invoice_and_due_dates(
    doc: Document, month_first: bool
) -> tuple[Candidate | None, Candidate | None]:
    parse = _date_parser(month_first)
    inv: list[Candidate] = []
    due: list[Candidate] = []
    other_boxes: set[tuple[int, tuple[float, ...]]] = set()

    for hit in iter_label_hits(doc, L.DUE_DATE):
        c = value_after_label(doc, hit, parse)
        if c:
            c.score += 1.0
            due.append(c)
            other_boxes.add((c.page, tuple(c.bbox)))
    for hit in iter_label_hits(doc, L.OTHER_DATE):
        c = value_after_label(doc, hit, parse)
        if c:
            other_boxes.add((c.page, tuple(c.bbox)))
    for hit in iter_label_hits(doc, L.INVOICE_DATE):
        c = value_after_label(doc, hit, parse)
        if c:
            c.score += 2.0
            inv.append(c)
    for hit in iter_label_hits(doc, L.GENERIC_DATE):
        if _hit_is_other_label(hit, L.DUE_DATE, L.OTHER_DATE, L.INVOICE_DATE):
            continue
        if _NOT_ISSUE_LINE.search(hit.line.text):
            continue  # "Stylesheet-Version: 2.0 vom 18.10.2018"
        c = value_after_label(doc, hit, parse)
        if c and (c.page, tuple(c.bbox)) not in other_boxes:
            # "Rechnung Nr. 4711 vom 13.11.2019": the date in the invoice's own title line.
            titled = L.INVOICE_NUMBER.search(hit.segment.text[: hit.start])
            if titled:
                c.score += 2.0
            elif _in_footer_or_terms(doc, hit):
                c.score = 0.3  # "Price list dated 01.01.2024" in the footer or the terms
            else:
                c.score += 1.0
            inv.append(c)
    inv.extend(_titled_dates(doc, month_first, other_boxes))
    if not any(c.score >= 1.0 for c in inv):
        # Letter style "Berlin, 4. Juli 2023": the first date on the first page that is not a
        # due/delivery date, not part of a period ("01.06.2023 - 30.06.2023"), not a print stamp
        # and not in a stylesheet or version line.
        page = doc.pages[0]
        printed = print_stamp(doc, month_first)
        found_before = len(inv)
        # Dates inside running text (terms, notes) only when no line states one plainly.
        plain_first = sorted(page.lines, key=lambda ln: not _plain(ln))
        for line in plain_first:
            if len(inv) > found_before:
                break
            if _NOT_ISSUE_LINE.search(line.text):
                continue
            for seg in line.segments:
                for d in find_dates(seg.text, month_first):
                    box = seg.bbox(d.start, d.end)
                    after = seg.text[d.end : d.end + 3]
                    before = seg.text[max(0, d.start - 3) : d.start]
                    if (seg.page, tuple(box)) in other_boxes or "-" in after or "-" in before:
                        continue
                    if printed is not None and printed[1] is line:
                        continue
                    value = d.value
                    if printed is not None and value > printed[0]:
                        # 11/5/23 on a page printed 23.06.23 is 11 May, not 5 November.
                        other = find_dates(seg.text[d.start : d.end], not month_first)
                        if other and other[0].value <= printed[0]:
                            value = other[0].value
                    inv.append(Candidate(value, 0.5, seg.page, box, line))
                    break
                if len(inv) > found_before:
                    break
    return _best(inv), _best(due)


def _plain(line: Line) -> bool:
    """Not running text: no cell of the line is a sentence."""
    return all(len(seg.text) <= 60 for seg in line.segments)


def _in_footer_or_terms(doc: Document, hit: LabelHit) -> bool:
    page = doc.pages[hit.line.page]
    sentence = len(hit.segment.text) > 60 and hit.start > 0
    return sentence or hit.line.top > 0.9 * page.height


def _titled_dates(
    doc: Document, month_first: bool, other_boxes: set[tuple[int, tuple[float, ...]]]
) -> list[Candidate]:
    """The date printed on the invoice's title line after its number ("Invoice 4711 of
    14.03.2025", "INVOICE 4711   14.03.2025"), in the top half of the first page."""
    out: list[Candidate] = []
    page = doc.pages[0]
    for rx in (L.INVOICE_NUMBER, L.INVOICE_WORD):
        for hit in iter_label_hits(doc, rx):
            line = hit.line
            if line.page != 0 or line.top > page.height / 2 or hit.start > 0:
                continue
            cells = [(hit.segment, hit.end)] + [(s, 0) for s in line.segments[hit.seg_index + 1 :]]
            for seg, start in cells:
                found = [
                    d
                    for d in find_dates(seg.text[start:], month_first)
                    if "-" not in seg.text[start + d.end : start + d.end + 3]
                    and "-" not in seg.text[max(start, start + d.start - 3) : start + d.start]
                ]
                between = seg.text[start : start + found[0].start] if found else ""
                if not found or L.OTHER_DATE.search(between) or L.DUE_DATE.search(between):
                    continue
                d = found[0]
                box = seg.bbox(start + d.start, start + d.end)
                if (seg.page, tuple(box)) not in other_boxes:
                    out.append(Candidate(d.value, 1.8, seg.page, box, line))
                break
            if out:
                return out
    return out


# Lines that carry a date which is not the invoice's: a stylesheet, a version, a copyright.
_NOT_ISSUE_LINE = re.compile(
    r"stylesheet|version\b|\bv\d+\.\d|©|\(c\)|copyright|printed\s+on|gedruckt\s+am|imprim[ée]\s+le",
    re.IGNORECASE,
)
_TIME = re.compile(r"^\s*,?\s*(?:um\s+|at\s+|à\s+)?\d{1,2}:\d{2}(?::\d{2})?(?!\d)")


def print_stamp(doc: Document, month_first: bool) -> tuple[dt.date, Line] | None:
    """The date and time a browser or a program printed the page with, in its top or bottom
    margin ("23.06.23, 11:09"): when the page was printed, not when the invoice was issued."""
    page = doc.pages[0]
    for line in page.lines:
        if page.height * 0.05 < line.top < page.height * 0.95:
            continue
        for seg in line.segments:
            for d in find_dates(seg.text, month_first):
                if _TIME.match(seg.text[d.end :]):
                    return d.value, line
    return None


# ----------------------------------------------------------------------------- PO number
def po_number(doc: Document) -> Candidate | None:
    cands: list[Candidate] = []
    for hit in iter_label_hits(doc, L.PO_NUMBER):
        if _hit_is_other_label(hit, L.INVOICE_NUMBER):
            continue
        c = value_after_label(doc, hit, parse_identifier)
        if c:
            cands.append(c)
    return _best(cands)


# ----------------------------------------------------------------------------- tax id, IBAN
def vendor_tax_id(doc: Document) -> Candidate | None:
    cands: list[Candidate] = []
    for hit in iter_label_hits(doc, L.TAX_ID):
        c = value_after_label(doc, hit, parse_tax_id, max_below=1)
        if not c:
            continue
        before = hit.segment.text[: hit.start]
        if L.BUYER_TAX_CONTEXT.search(before) or _near_buyer_label(doc, hit):
            c.score -= 0.8  # "Ihre USt-IdNr.", "Uw BTW nummer", a VAT no. in the buyer block
        if re.match(r"[A-Z]{2}", str(c.value)):
            c.score += 0.2  # a VAT id beats a national tax number
            if tax_id_is_valid(str(c.value)):
                c.score += 0.2  # and one that passes its country's check beats a misread
        cands.append(c)
    return _best(cands)


def _near_buyer_label(doc: Document, hit: LabelHit) -> bool:
    page = doc.pages[hit.line.page]
    start = max(0, hit.line.index - 6)
    seg = hit.segment
    for ln in page.lines[start : hit.line.index + 1]:
        for s in ln.segments:
            if s.x1 < seg.x0 - 20 or s.x0 > seg.x1 + 20:
                continue
            if L.BUYER.match(s.text.strip()) and not L.SELLER.search(s.text):
                return True
            if L.SELLER.match(s.text.strip()):
                return False
    return False


def iban(doc: Document) -> tuple[Candidate | None, bool]:
    """The payee IBAN and whether its checksum holds; IBAN-labelled ones first."""
    found: list[tuple[Candidate, bool]] = []
    for line in doc.lines:
        for seg in line.segments:
            for value, ok, s, e in find_ibans(seg.text):
                labelled = bool(L.IBAN.search(seg.text[:s])) or bool(
                    line.segments.index(seg) > 0
                    and L.IBAN.search(line.segments[line.segments.index(seg) - 1].text)
                )
                score = 1.0 + (0.5 if labelled else 0) + (1.0 if ok else 0)
                found.append((Candidate(value, score, seg.page, seg.bbox(s, e), line), ok))
    if not found:
        return None, False
    best = max(found, key=lambda t: t[0].score)
    return best


# ----------------------------------------------------------------------------- currency
def currency(doc: Document, amount_currencies: list[str]) -> tuple[str | None, float]:
    """Document currency: labelled > markers on the chosen amounts > most mentioned."""
    for hit in iter_label_hits(doc, L.CURRENCY_LABEL):

        def parse(text: str) -> tuple[str, int, int] | None:
            m = re.match(r"\s*([A-Za-z]{3}|[€$£¥₹])(?![A-Za-z])", text)
            code = currency_from_token(m.group(1)) if m else None
            return (code, m.start(1), m.end(1)) if (m and code) else None

        c = value_after_label(doc, hit, parse, max_below=1)
        if c:
            return str(c.value), 0.95
    if amount_currencies:
        best = max(set(amount_currencies), key=amount_currencies.count)
        return _disambiguate_dollar(doc, best), 0.9
    counts = count_currency_mentions(doc.text)
    if counts:
        best = max(counts, key=lambda k: counts[k])
        return _disambiguate_dollar(doc, best), 0.7
    return None, 0.0


def _disambiguate_dollar(doc: Document, code: str) -> str:
    if code != "USD":
        return code
    counts = count_currency_mentions(doc.text)
    for other in ("CAD", "AUD", "NZD", "SGD", "HKD"):
        if counts.get(other, 0) > counts.get("USD", 0) // 2 and other in ISO_CODES:
            return other
    return code
