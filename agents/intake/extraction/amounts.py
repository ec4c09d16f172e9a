"""Totals: find subtotal/tax/total candidates by label, then pick the consistent triple."""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from . import labels as L
from .candidates import Candidate, lines_below
from .numbers import AmountMatch, find_amounts, money_like
from .text import Document, Line, Segment

KINDS = ("subtotal", "tax", "total")
_QTY_HEADER = re.compile(
    r"(?<!\w)(qty|quantity|menge|anzahl|qt[ée]|quantit[ée]|nombre|aantal|hoeveelheid|units?)(?!\w)",
    re.IGNORECASE,
)


_LABEL_ORDER = (
    (L.TOTAL_GROSS, "total", 1.0),
    (L.SUBTOTAL, "subtotal", 1.0),
    (L.TAX, "tax", 0.8),
    (L.TOTAL, "total", 0.7),
)


# Labels of a word or two ("Net", "HT", "TTC", "Gross"): only as a whole cell, or followed by
# nothing but its amount, since the same letters occur inside descriptions ("Wirkarbeit HT").
_SHORT_LABEL = re.compile(
    r"^\s*(?:(?P<subtotal>net|nett|ht|n\.\s?ht|excl\.?\s+(?:vat|tax|btw|tva))"
    r"|(?P<total>ttc|gross|incl\.?\s+(?:vat|tax|btw|tva)))"
    r"(?:\s*\(?(?:[€$£]|[A-Z]{3})\)?)?(?:\s*:\s*|\s+|$)(?=$|[-−\d€$£(.,]|[A-Z]{3}\b)",
    re.IGNORECASE,
)


def is_short_label(text: str) -> bool:
    return _SHORT_LABEL.match(text) is not None


def _short_label(text: str) -> tuple[str, float, int, int] | None:
    m = _SHORT_LABEL.match(text)
    if m is None:
        return None
    kind = "subtotal" if m.group("subtotal") else "total"
    return kind, 0.9, m.start(kind), m.end(kind)


def all_money_labels(text: str) -> list[tuple[str, float, int, int]]:
    """Every money label in a header cell such as "Grondslag BTW bedrag" (left to right)."""
    short = _short_label(text)
    if short is not None:
        return [short]
    found: list[tuple[str, float, int, int]] = []
    for rx, kind, strength in _LABEL_ORDER:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for _k, _s, s, e in found):
                continue
            found.append((kind, strength, m.start(), m.end()))
    return sorted(found, key=lambda f: f[2])


def classify_money_label(text: str) -> tuple[str, float, int, int] | None:
    """Which money field does this cell label, how strongly, and where is the label?"""
    short = _short_label(text)
    if short is not None:
        return short
    for rx, kind, strength in _LABEL_ORDER:
        m = rx.search(text)
        if not m:
            continue
        if kind == "tax" and L.TAX_NOT_AMOUNT.search(text):
            return None
        if m.start() > 0 and len(text) > 60:
            strength -= 0.4  # a word inside a sentence, not a label
        return kind, strength, m.start(), m.end()
    return None


@dataclass
class MoneyCandidate(Candidate):
    kind: str = ""
    currency: str | None = None


def _amounts(seg: Segment, start: int, hint: str | None) -> list[tuple[AmountMatch, Segment, int]]:
    return [(a, seg, start) for a in find_amounts(seg.text[start:], hint) if money_like(a)]


def _is_item_header(line: Line) -> bool:
    return bool(_QTY_HEADER.search(line.text)) and len(line.segments) >= 3


def collect(doc: Document, hint: str | None) -> dict[str, list[MoneyCandidate]]:
    out: dict[str, list[MoneyCandidate]] = {k: [] for k in KINDS}
    n_pages = len(doc.pages)
    for line in doc.lines:
        labelled = [(i, classify_money_label(s.text)) for i, s in enumerate(line.segments)]
        # Late pages and low lines are where totals live.
        page_pos = (line.page + 1) / n_pages
        for i, cls in labelled:
            if cls is None:
                continue
            kind, strength, _ls, le = cls
            seg = line.segments[i]
            found = _amounts(seg, le, hint)
            for j in range(i + 1, len(line.segments)):
                if labelled[j][1] is not None:
                    break
                found.extend(_amounts(line.segments[j], 0, hint))
            label_currency = _label_currency(seg.text)
            if label_currency:
                # "Total EUR   125.00": the label says which currency its figures are in.
                found = [
                    (a if a.currency else dataclasses.replace(a, currency=label_currency), s, o)
                    for a, s, o in found
                ]
            if kind == "tax" and L.TAX_ZERO_NOTE.search(seg.text):
                found = [f for f in found if f[0].value == 0]
                if not found:
                    continue
            if kind == "tax" and L.INCLUDED_TAX.search(seg.text):
                # "darin enthaltene Steuer (35,13 €)": a note of the tax inside, not a minus.
                found = [(dataclasses.replace(a, value=abs(a.value)), s, o) for a, s, o in found]
            base = strength + 0.1 * page_pos
            if found:
                for rank, (a, s, off) in enumerate(reversed(found)):
                    score = base + 0.3 - 0.15 * rank  # right-most amount first
                    _add(out, kind, a, s, off, score, line)
                _add_line_triple(out, found, line, base)
            elif not any(
                money_like(a) for s2 in line.segments for a in find_amounts(s2.text, hint)
            ) and not _is_item_header(line):
                for label in all_money_labels(seg.text):
                    if label[0] == "tax" and (
                        L.TAX_NOT_AMOUNT.search(seg.text) or L.TAX_ZERO_NOTE.search(seg.text)
                    ):
                        continue
                    _add_below(doc, out, label[0], line, seg, label, base, hint)
    for kind_cands in out.values():
        for c in kind_cands:
            if c.currency is None and c.line is not None:
                c.currency = _column_currency(doc, c.line, c.bbox)
    out["allowance_charge"] = [
        c
        for c in _adjustments(doc, L.ALLOWANCE_CHARGE, hint)
        if c.line is not None and not any(classify_money_label(s.text) for s in c.line.segments)
    ]
    out["prior_balance"] = _adjustments(doc, L.PRIOR_BALANCE, hint)
    out["deposit"] = _adjustments(doc, L.DEPOSIT, hint)
    return out


def _adjustments(doc: Document, label: re.Pattern[str], hint: str | None) -> list[MoneyCandidate]:
    """Amounts on lines labelled as a prior balance or a deposit (right-most figure; not 0)."""
    out: list[MoneyCandidate] = []
    for line in doc.lines:
        for i, seg in enumerate(line.segments):
            m = label.search(seg.text)
            if m is None or len(seg.text) > 80:
                continue
            found = _amounts(seg, m.end(), hint)
            for nxt in line.segments[i + 1 :]:
                found.extend(_amounts(nxt, 0, hint))
            if found and found[-1][0].value != 0:
                a, s, off = found[-1]
                out.append(
                    MoneyCandidate(a.value, 0.0, s.page, s.bbox(off + a.start, off + a.end), line)
                )
            break
    return out


def _not_this_invoice(cands: dict[str, list[MoneyCandidate]]) -> None:
    """An amount due that is another total plus a prior balance, or another total less a deposit,
    is what is left to pay, not this invoice's total: it loses to that other total."""
    totals = cands["total"]
    balances = [c.value for c in cands.get("prior_balance", [])]
    deposits = [abs(c.value) for c in cands.get("deposit", [])]
    values = {c.value for c in totals}
    for t in totals:
        if any(b and t.value - b in values for b in balances) or any(
            d and t.value + d in values for d in deposits
        ):
            t.score -= 1.5


def _label_currency(label: str) -> str | None:
    """The one currency a label names ("Total EUR", "Montant TTC (€)"), if it names one."""
    from .currency import count_currency_mentions

    found = count_currency_mentions(label)
    return next(iter(found)) if len(found) == 1 else None


_ONLY_AMOUNTS = re.compile(r"^[\s\d.,'%()€$£¥₹+\-]*$")
_CODES_LINE = re.compile(r"^(?:[A-Z]{3}|[€$£¥₹])$")


def _numbers_only(line: Line) -> bool:
    text = line.text
    for code in re.findall(r"\b[A-Z]{3}\b", text):
        text = text.replace(code, "")
    return bool(_ONLY_AMOUNTS.match(text))


def _column_currency(doc: Document, line: Line, box: list[float]) -> str | None:
    """Dual-currency tables put "USD  EUR" over the amount columns: which one is this?"""
    from .currency import currency_from_token

    page = doc.pages[line.page]
    for ln in reversed(page.lines[max(0, line.index - 6) : line.index]):
        cells = ln.segments
        if len(cells) < 2 or not all(_CODES_LINE.match(c.text.strip()) for c in cells):
            continue
        for c in cells:
            if c.x1 >= box[0] - 4 and c.x0 <= box[2] + 4:
                return currency_from_token(c.text)
        return None
    return None


def _add(
    out: dict[str, list[MoneyCandidate]],
    kind: str,
    a: AmountMatch,
    seg: Segment,
    off: int,
    score: float,
    line: Line,
) -> None:
    if kind == "total" and a.value == 0:
        score -= 0.8  # "Amount due 0.00" on a paid invoice
    out[kind].append(
        MoneyCandidate(
            a.value,
            score,
            seg.page,
            seg.bbox(off + a.start, off + a.end),
            line,
            kind=kind,
            currency=a.currency,
        )
    )


def _add_line_triple(
    out: dict[str, list[MoneyCandidate]],
    found: list[tuple[AmountMatch, Segment, int]],
    line: Line,
    base: float,
) -> None:
    """A totals row "net  tax  gross" (e.g. "Total 24.99 5.00 29.99") gives all three."""
    for (a, sa, oa), (b, sb, ob), (c, sc, oc) in itertools.combinations(found, 3):
        # Same sign throughout: "410,10  -6,55  403,55" is base, allowance, net, not net+tax.
        same_sign = a.value * c.value >= 0 and b.value * c.value >= 0
        if a.value + b.value == c.value and c.value != 0 and same_sign:
            for kind, (m, s, o) in zip(KINDS, ((a, sa, oa), (b, sb, ob), (c, sc, oc)), strict=True):
                _add(out, kind, m, s, o, base + 0.5, line)
            return


def _add_below(
    doc: Document,
    out: dict[str, list[MoneyCandidate]],
    kind: str,
    line: Line,
    seg: Segment,
    cls: tuple[str, float, int, int],
    base: float,
    hint: str | None,
) -> None:
    """Column header over its value ("Totaal" above "49,99").

    A header over several figure rows (one per tax rate, then their sum) is a totals table:
    its last row is the sum, so it counts most.
    """
    box = seg.bbox(cls[2], cls[3])
    found: list[tuple[AmountMatch, Segment, Line, int]] = []
    started = False
    for depth, ln in enumerate(lines_below(doc, line, 6)):
        if not _numbers_only(ln):
            if started or depth >= 2:
                break
            continue
        started = True
        hit = None
        for cell in ln.segments:
            for a in find_amounts(cell.text, hint):
                abox = cell.bbox(a.start, a.end)
                if money_like(a) and abox[2] >= box[0] - 4 and abox[0] <= box[2] + 4:
                    hit = (a, cell, ln, depth)
                    break
            if hit:
                break
        if hit is None:
            break
        found.append(hit)
    for i, (a, cell, ln, depth) in enumerate(found):
        last_of_many = len(found) > 1 and i == len(found) - 1
        _add(out, kind, a, cell, 0, base - 0.2 - 0.1 * depth + (0.5 if last_of_many else 0), ln)


def _merge(cands: list[MoneyCandidate], limit: int = 10) -> list[MoneyCandidate]:
    """One candidate per value: best occurrence, plus a little for being repeated."""
    by_value: dict[Decimal, list[MoneyCandidate]] = {}
    for c in cands:
        by_value.setdefault(c.value, []).append(c)
    merged: list[MoneyCandidate] = []
    for group in by_value.values():
        best = max(group, key=lambda c: c.score)
        best.score += 0.1 * min(len(group) - 1, 3)
        merged.append(best)
    merged.sort(key=lambda c: -c.score)
    return merged[:limit]


@dataclass
class TotalsChoice:
    subtotal: MoneyCandidate | None
    tax: MoneyCandidate | None
    total: MoneyCandidate | None
    consistent: bool  # subtotal + tax == total held for the chosen values
    # Allowances and charges printed between the subtotal and the total, when the subtotal is
    # the lines' sum before them and only with them does subtotal + tax make the total.
    allowances_charges: Decimal | None = None


def _allowances_charges(
    cands: dict[str, list[MoneyCandidate]], choice: TotalsChoice
) -> Decimal | None:
    s, x, t = choice.subtotal, choice.tax, choice.total
    if choice.consistent or s is None or x is None or t is None or s.line is None:
        return None
    if t.line is None or s.line.page != t.line.page or s.line.top >= t.line.top:
        return None
    between = [
        c.value
        for c in cands.get("allowance_charge", [])
        if c.line is not None
        and c.line.page == s.line.page
        and s.line.top < c.line.top < t.line.top
    ]
    adjustment = sum(between, Decimal(0))
    if between and s.value + adjustment + x.value == t.value:
        return adjustment
    return None


def choose(cands: dict[str, list[MoneyCandidate]], currency: str | None = None) -> TotalsChoice:
    if currency:
        for kind_cands in cands.values():
            for c in kind_cands:
                if c.currency and c.currency != currency:
                    c.score -= 0.6  # a converted amount in another currency
    _not_this_invoice(cands)
    subs: list[MoneyCandidate | None] = [*_merge(cands["subtotal"]), None]
    taxes: list[MoneyCandidate | None] = [*_merge(cands["tax"]), None]
    totals: list[MoneyCandidate | None] = [*_merge(cands["total"]), None]
    best: tuple[float, TotalsChoice] | None = None
    for s, x, t in itertools.product(subs, taxes, totals):
        score = sum(c.score for c in (s, x, t) if c is not None)
        consistent = False
        if s is not None and x is not None and t is not None:
            if s.value + x.value == t.value:
                score += 3.0
                consistent = True
            else:
                # Keep all three (the clerk must see what is printed) unless a consistent
                # alternative exists; validate.cross_check then flags the mismatch.
                score -= 0.5
        elif s is not None and t is not None:
            if s.value == t.value:
                score += 0.3
            elif abs(s.value) > abs(t.value):
                score -= 1.5
        elif x is not None and t is not None and abs(x.value) >= abs(t.value) and t.value:
            score -= 1.5
        if best is None or score > best[0]:
            best = (score, TotalsChoice(s, x, t, consistent))
    assert best is not None
    best[1].allowances_charges = _allowances_charges(cands, best[1])
    return best[1]
