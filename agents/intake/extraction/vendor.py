"""Vendor (seller) name without templates.

Signals, strongest first: a seller label ("Seller:", "Sold by", "Titulaire du compte"); a
company name with a legal-form suffix that appears where senders print themselves (letterhead,
return-address line, footer) and not in the buyer block; the letterhead's first line.
"""

from __future__ import annotations

import re

from . import labels as L
from .candidates import Candidate, iter_label_hits, lines_below
from .fields import print_stamp
from .text import Document, Line, Segment

_SUFFIX = (
    r"GmbH\s*&\s*Co\.?\s*KG(?:aA)?|GmbH|gGmbH|mbH|AG|KGaA|KG|OHG|UG(?:\s*\(haftungsbeschränkt\))?"
    r"|e\.\s?K\.|e\.\s?V\.|a\.\s?G\.|Inc\.?|Incorporated|LLC|L\.L\.C\.|LLP|Pty\.?\s+Ltd\.?"
    r"|Pvt\.?\s+Ltd\.?|Ltd\.?|Limited|PLC|plc|Corp\.?|Corporation|Co\.,?\s+Ltd\.?|B\.\s?V\.|N\.\s?V\."
    r"|S\.A\.S\.?|SAS|SASU|SARL|S\.à\s?r\.l\.|EURL|S\.A\.|SA|SE|S\.p\.A\.|S\.r\.l\.|GbR|eG|Oy|AB"
    r"|ApS|A/S|AS|sp\.\s?z\s?o\.o\."
)
_COMPANY = re.compile(
    r"((?:(?:[A-ZÄÖÜÉÈ0-9][\w&.'’+\-]*|&)\s+){0,6}?(?:[\w&.'’+\-]+[\s,]+)?(?:"
    + _SUFFIX
    + r"))(?![\w])",
)
_SPLIT = re.compile(r"\s+[•·|–—]\s+|\s+-\s+|,\s+(?=\d)|\s{2,}")
_NOT_NAME = re.compile(
    r"@|https?:|www\.|\d{4,}|^\W*$|^(?:tel|fax|phone|e-?mail|iban|bic|swift)\b", re.IGNORECASE
)
_TITLE = re.compile(
    r"^(?:tax\s+)?(?:invoice|rechnung|facture|factuur|receipt|quittung|bill|credit\s+note|"
    r"gutschrift|avoir|payment\s+receipt|kopie|copy|page|seite)\b",
    re.IGNORECASE,
)


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,;:-–•|")
    return name


# A name's small words ("Au bon moulin SARL", "Gasthaus zur alten Post GmbH").
_PARTICLE = re.compile(r"[a-zäöüéèàç'’]{1,5}")


def _whole_chunk_name(chunk: str, m: re.Match[str]) -> str | None:
    """The whole cell when it is only a name that ends in the legal form and has small words
    the capitalised-word pattern skips: "Au bon moulin SARL", not "moulin SARL"."""
    head = chunk[: m.start(1)].strip()
    if not head or chunk[m.end(1) :].strip(" ,;") or re.search(r"[\d:@/]", chunk):
        return None
    words = chunk.split()
    if len(words) > 7 or not words[0][:1].isupper():
        return None
    if not all(w[:1].isupper() or w[:1].isdigit() or _PARTICLE.fullmatch(w) for w in head.split()):
        return None
    return _clean(chunk)


def _company_in(text: str) -> tuple[str, int, int] | None:
    for part_m in re.finditer(r"[^•·|–—]+", text):
        part = part_m.group(0)
        for chunk in _SPLIT.split(part):
            m = _COMPANY.search(chunk)
            if not m:
                continue
            name = _whole_chunk_name(chunk, m) or _clean(m.group(1))
            # Strip leading words that are labels ("Sold By : X GmbH").
            name = re.sub(r"^.*?:\s*", "", name) if ":" in name else name
            if len(name) < 4 or not re.search(r"[A-Za-z]{2}", name.split(" ")[0] + "xx"):
                continue
            if _TITLE.match(name):
                continue
            start = text.find(name)
            return name, max(start, 0), max(start, 0) + len(name)
    return None


# Codes are no names: "ART-447", "Article no. 488", "SKU 12", "Kunden-Nr. 55".
_CODE = re.compile(
    r"^[\w./-]*\d[\w./-]*$"
    r"|^(?:art(?:ikel|icle)?|item|sku|part|kunden|customer|client|order|bestell)[\s.-]*"
    r"(?:no|nr|number|nummer|#|code)?\b",
    re.IGNORECASE,
)


def _looks_like_name(text: str) -> bool:
    t = text.strip()
    return (
        3 <= len(t) <= 60
        and not _NOT_NAME.search(t)
        and not _CODE.match(t)
        and not t.startswith("(")
        and sum(c.isalpha() for c in t) >= 3
        and not _TITLE.match(t)
        and not t.endswith(":")
        and not L.SELLER.fullmatch(t.rstrip(":"))
    )


# Bank-detail labels name the account holder: weaker evidence than a "Seller:" label.
_PAYEE = re.compile(
    r"account\s+(?:holder|name)|titulaire|kontoinhaber|beneficiary|b[ée]n[ée]ficiaire"
    r"|beg[üu]nstigter|payee",
    re.IGNORECASE,
)
_PHRASE = r"(?:sold|provided|issued)\s+by|in\s+favou?r|payable\s+to"
_NAME_LABEL = re.compile(r"^(?:name|firma|company|raison\s+sociale|nom|naam)\b", re.I)


def _labelled(doc: Document) -> list[Candidate]:
    out: list[Candidate] = []
    for hit in iter_label_hits(doc, L.SELLER):
        seg = hit.segment
        if L.BUYER.search(seg.text[: hit.start]):
            continue
        raw_rest = seg.text[hit.end :]
        rest = raw_rest.lstrip(" :")
        phrase = re.search(_PHRASE, seg.text[: hit.end], re.I)
        if rest and not phrase and not raw_rest.lstrip().startswith(":"):
            continue  # "Lieferant GmbH" is a name, not the label "Lieferant:"
        # Mid-sentence seller words count only for "sold by X"-style phrases or "Label: X".
        mid_sentence = hit.start > 0 and len(seg.text) > 40
        if mid_sentence and not phrase and not seg.text[hit.end :].lstrip().startswith(":"):
            continue
        if rest:
            comp = _company_in(rest)
            name = comp[0] if comp else _clean(rest.split("  ")[0])
            if _looks_like_name(name):
                off = seg.text.find(name)
                score = 2.0 if _PAYEE.search(seg.text[hit.start : hit.end]) else 3.0
                box = seg.bbox(off, off + len(name))
                out.append(Candidate(name, score, seg.page, box, hit.line))
                continue
        # Value below the label in the same column.
        lx0 = seg.bbox(hit.start, hit.end)[0]
        for ln in lines_below(doc, hit.line, 5):
            cell = _cell_at(ln, lx0)
            if cell is None:
                continue
            idx = ln.segments.index(cell)
            nxt = ln.segments[idx + 1] if idx + 1 < len(ln.segments) else None
            text = cell.text
            inline = _INLINE_KEY.match(text)
            keyed = False  # the value of a "Name:" row is the whole name, as printed
            if text.rstrip().endswith(":") or (nxt and nxt.text.lstrip().startswith(":")):
                # A key/value block under the label: only its "Name:" row holds the name.
                if not (_NAME_LABEL.match(text) and nxt is not None):
                    continue
                cell = nxt
                text, keyed = _wrapped_value(doc, ln, cell), True
            elif inline:
                if not _NAME_LABEL.match(text):
                    continue  # "Globale Nummer: 4000001123452", "Telefon: ..."
                text, keyed = text[inline.end() :], True
            if not _looks_like_name(text):
                continue
            comp = None if keyed else _company_in(text)
            name = comp[0] if comp else _clean(text)
            score = 1.9 if _PAYEE.search(seg.text[hit.start : hit.end]) else 2.8
            out.append(Candidate(name, score, cell.page, cell.bbox(), ln))
            break
    return out


_INLINE_KEY = re.compile(r"^[^\W\d][\w .\-/]{0,30}?\s*:\s*(?=\S)")


def _wrapped_value(doc: Document, line: Line, cell: Segment) -> str:
    """A value cell plus the wrapped lines that sit closer to it than to the neighbour rows."""
    lines = doc.pages[line.page].lines
    i = line.index
    text = cell.text.lstrip(" :")

    def alone_in_column(ln: Line) -> bool:
        return len(ln.segments) == 1 and abs(ln.segments[0].x0 - cell.x0) < 4

    # Rendered centred on the key: "MVM Musterhafter" / "Name: Versicherungsverein a.G."
    if (
        i >= 2
        and alone_in_column(prev := lines[i - 1])
        and line.top - prev.bottom < prev.top - lines[i - 2].bottom - 2
    ):
        text = f"{prev.segments[0].text} {text}"
    if i + 1 < len(lines) and alone_in_column(nxt := lines[i + 1]):
        after = lines[i + 2].top - nxt.bottom if i + 2 < len(lines) else float("inf")
        if nxt.top - line.bottom < after - 2:
            text = f"{text} {nxt.segments[0].text}"
    return text


def _cell_at(line: Line, x: float) -> Segment | None:
    for seg in line.segments:
        if seg.x0 - 6 <= x <= seg.x1 + 2 or abs(seg.x0 - x) < 8:
            return seg
    return None


def _in_buyer_block(doc: Document, line: Line, seg: Segment) -> bool:
    page = doc.pages[line.page]
    for ln in reversed(page.lines[max(0, line.index - 6) : line.index + 1]):
        for s in ln.segments:
            if s.x1 < seg.x0 - 30 or s.x0 > seg.x1 + 30:
                continue
            head = s.text[:40]
            if L.SELLER.match(head) or (s is not seg and _company_in(s.text) and ln is not line):
                return False
            m = L.BUYER.match(head)
            if m and (
                m.end() == len(head) or head[m.end() :].lstrip().startswith(":") or ln is line
            ):
                return True
    return False


# The French mention of the legal form and capital ("SARL au capital de 120 000 €", Code de
# commerce R123-237) prints the form beside the registered name (the dénomination sociale, which
# the company register and a Factur-X seller name carry without it).
_FR_FORM = r"S\.?A\.?R\.?L\.?|SASU|S\.?A\.?S\.?|S\.?A\.?|EURL|SNC|SCI|SELARL|SCOP"
_FR_CAPITAL = re.compile(rf"(?<![\w.])({_FR_FORM})\s+au\s+capital\b", re.IGNORECASE)
_FR_NAME_FORM = re.compile(rf"^(?P<name>.*?[^\W\d])[\s,]+(?P<form>{_FR_FORM})$", re.IGNORECASE)


def _form_key(form: str) -> str:
    return form.replace(".", "").casefold()


def vendor_name(doc: Document) -> Candidate | None:
    """The seller's name; on a page with the French legal-form-and-capital mention, without
    that legal form ("Au bon moulin SARL" with "SARL au capital de ..." is *Au bon moulin*)."""
    found = _vendor_name(doc)
    if found is None or not isinstance(found.value, str):
        return found
    m = _FR_NAME_FORM.match(found.value.strip())
    if m and sum(ch.isalpha() for ch in m["name"]) >= 2:
        forms = {_form_key(f) for f in _FR_CAPITAL.findall(doc.text)}
        if _form_key(m["form"]) in forms:
            found.value = m["name"].strip()
    return found


def _vendor_name(doc: Document) -> Candidate | None:
    labelled = _labelled(doc)
    # Companies by legal-form suffix, scored by where they appear.
    scores: dict[str, float] = {}
    first: dict[str, Candidate] = {}
    for page in doc.pages:
        for line in page.lines:
            rel = line.top / max(page.height, 1.0)
            for seg in line.segments:
                comp = _company_in(seg.text)
                if not comp:
                    continue
                name, s, e = comp
                key = name.casefold().rstrip(".")
                score = 1.0
                if _in_buyer_block(doc, line, seg):
                    score -= 2.5
                if rel < 0.2 or rel > 0.85:
                    score += 0.6  # letterhead or footer
                if re.search(r"\s[•·|–—-]\s.*\d{4,5}", seg.text):
                    score += 1.0  # return-address line "Firma GmbH · Straße 1 · 12345 Ort"
                if page.index == 0:
                    score += 0.3
                scores[key] = scores.get(key, 0.0) + score
                if key not in first:
                    first[key] = Candidate(name, 0.0, seg.page, seg.bbox(s, e), line)
    company: Candidate | None = None
    if scores:
        key = max(scores, key=lambda k: scores[k])
        if scores[key] > 0:
            company = first[key]
            company.score = scores[key]
    if company is not None:
        company = _with_wrapped_start(doc, company)
    if labelled:
        best = max(labelled, key=lambda c: c.score)
        # A labelled seller that is also a frequent company name: prefer the full company form.
        if company and company.value.casefold().startswith(best.value.casefold().rstrip(".")):
            return company
        if company and best.score < 2.5 and company.score > best.score:
            # Only a bank-account holder label, and a company the letterhead repeats: a
            # person can hold the account, the letterhead names the business.
            return company
        return best
    if company:
        return company
    titled = _print_title_name(doc)
    if titled is not None:
        return titled
    # Letterhead: the first line on page 1 that looks like a name, is not the document title and
    # heads an address (a tagline or a slogan beside it heads nothing); else the first such line.
    names = [
        (line, seg)
        for line in doc.pages[0].lines[:6]
        for seg in line.segments
        if _looks_like_name(seg.text) and not _in_buyer_block(doc, line, seg)
    ]
    for line, seg in sorted(names, key=lambda ls: not _heads_address(doc, *ls)):
        return Candidate(_clean(seg.text), 0.3, seg.page, seg.bbox(), line)
    return None


def _block_line(doc: Document, line: Line, seg: Segment, step: int) -> Segment | None:
    """The cell of the same block (left-aligned with `seg`, at a line's pitch) just above
    (step -1) or below (step +1) `seg`'s line."""
    lines = doc.pages[line.page].lines
    i = line.index + step
    if not 0 <= i < len(lines):
        return None
    other = lines[i]
    gap = other.top - line.bottom if step > 0 else line.top - other.bottom
    if gap > 0.9 * max(line.height, 6.0):
        return None
    return next((c for c in other.segments if abs(c.x0 - seg.x0) < 3), None)


def _heads_address(doc: Document, line: Line, seg: Segment) -> bool:
    below = _block_line(doc, line, seg, +1)
    return (
        below is not None
        and bool(re.search(r"\d", below.text))
        and not re.search(r"[#:@]", below.text)  # "Invoice ID #4711", "Tel: ..." are no address
        and len(below.text) < 60
    )


_PAGE_TITLE = re.compile(
    r"^(?:(?:tax\s+)?invoice|receipt|bill|rechnung|facture|factuur)\s*[|–—-]\s*(?P<a>.+)$"
    r"|^(?P<b>.+?)\s*[|–—-]\s*(?:(?:tax\s+)?invoice|receipt|bill|rechnung|facture|factuur)$",
    re.IGNORECASE,
)


def _print_title_name(doc: Document) -> Candidate | None:
    """A page printed from a web browser carries the page's title beside the print stamp
    ("23.06.23, 11:09   Invoice | Planwise"): the site that issued it."""
    stamp = print_stamp(doc, month_first=False)
    if stamp is None:
        return None
    for seg in stamp[1].segments:
        m = _PAGE_TITLE.match(seg.text.strip())
        name = m and _clean(m.group("a") or m.group("b"))
        if name and _looks_like_name(name):
            off = seg.text.find(name)
            return Candidate(name, 0.4, seg.page, seg.bbox(off, off + len(name)), stamp[1])
    return None


_WRAPPED_WORD = re.compile(r"[A-ZÄÖÜ][\w&.'’+\-]*")
_SALUTATION = re.compile(r"^(?:herrn?|frau|firma|mr|mrs|ms|m\.|mme|dhr|mevr)\b\.?", re.I)


def _with_wrapped_start(doc: Document, company: Candidate) -> Candidate:
    """A name set over two lines in a letterhead ("MVM Musterhafter" above "Versicherungsverein
    Musterstadt a.G."): the line above, when it opens the block and is a few capitalised words,
    is the start of the name."""
    line = company.line
    if line is None:
        return company
    seg = next((s for s in line.segments if s.x0 <= company.bbox[0] + 1 <= s.x1 + 1), None)
    if seg is None or abs(seg.x0 - company.bbox[0]) > 2:
        return company  # the name does not start its cell: "Sold by X GmbH"
    above = _block_line(doc, line, seg, -1)
    if above is None or _block_line(doc, doc.pages[line.page].lines[line.index - 1], above, -1):
        return company
    words = above.text.split()
    if (
        not 1 <= len(words) <= 4
        or not all(_WRAPPED_WORD.fullmatch(w) for w in words)
        or not _looks_like_name(above.text)
        or _SALUTATION.match(above.text)
        or _company_in(above.text)
        or L.SELLER.match(above.text)
        or L.BUYER.match(above.text)
    ):
        return company
    name = f"{above.text} {company.value}"
    box = [
        min(above.x0, company.bbox[0]),
        above.top,
        max(above.x1, company.bbox[2]),
        company.bbox[3],
    ]
    return Candidate(name, company.score, company.page, [round(v, 1) for v in box], line)
