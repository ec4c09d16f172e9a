"""Line items from a table: find the header row, map words to its columns, read the rows."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .amounts import classify_money_label, is_short_label
from .model import Evidence, ExtractedLine
from .numbers import find_amounts, money_like
from .text import Document, Line, Page, Word


def _rx(*alts: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)


# Longer names first within a kind; kinds are tried in this order on each header cell.
_COLUMNS: list[tuple[str, re.Pattern[str]]] = [
    # Code columns that are not article numbers (tariff and tax codes): read, then ignored.
    ("other", _rx(r"hsn(?:\s*/\s*sac)?(?:\s+code)?", r"sac(?:\s+code)?", r"(?:tax|vat)\s+code")),
    (
        "sku",
        _rx(
            r"sku",
            r"(?:item|article|product|part|catalog(?:ue)?|model|material)\s*"
            r"(?:no\.?|nr\.?|number|#|code|id)",
            r"part\s*(?:no\.?|nr\.?|number|#)",
            r"product\s+code",
            r"art(?:ikel)?\.?\s*-?\s*(?:nr\.?|no\.?|nummer)",
            r"artikelnummer",
            r"artikelnr\.?",
            r"art\.?\s*-?\s*nr\.?",
            r"bestell\s*-?\s*nr\.?",
            r"best\.?\s*-?\s*nr\.?",
            r"mat(?:erial)?\.?\s*-?\s*nr\.?",
            r"materialnummer",
            r"teile\s*-?\s*nr\.?",
            r"teilenummer",
            r"code\s+(?:article|produit)",
            r"r[ée]f(?:[ée]rence)?\.?(?:\s+(?:article|produit))?",
            r"productcode",
            r"code",
            r"mpn",
            r"id",
        ),
    ),
    # Trade item numbers: the article code only when no supplier article column is printed.
    ("ean", _rx(r"gtin", r"ean(?:[\s-]*(?:code|nr\.?|no\.?))?")),
    (
        "amount",
        _rx(
            r"total\s+(?:ht|ttc|net|gross|netto|brutto)",
            r"(?:total|amount|betrag|montant)\s+(?:incl|excl|inkl|exkl)\.?\s+(?:vat|tax|mwst|ust|tva)\.?",
            r"gross\s+amount",
            r"prix\s+ttc",
            r"prijs\s+incl\.?\s+btw",
            r"price\s+incl\.?\s+(?:vat|tax)",
            r"line\s+total",
            r"net\s+amount",
            r"gross\s+value",
            r"montant\s+(?:ht|ttc)",
            r"zeilenbetrag",
            r"netto\s*-?\s*wert",
            r"net\s+value",
            r"netto\s*-?\s*betrag",
            r"brutto\s*-?\s*betrag",
            r"positionsbetrag",
            r"entgelt",
            r"gesamtpreis",
            r"total\s+price",
            r"amount",
            r"betrag",
            r"bedrag",
            r"montant",
            r"total",
            r"totaal",
            r"gesamt",
            r"summe",
            r"subtotal",
            r"prix\s+total",
            r"prix\s+(?:total\s+)?ht",
        ),
    ),
    (
        "price",
        _rx(
            r"unit\s+net\s+price",
            r"netto\s*-?\s*preis",
            r"brutto\s*-?\s*preis",
            r"net\s+price",
            r"unit\s+price",
            r"price\s+per\s+unit",
            r"prijs\s+per\s+stuk",
            r"prix\s+unitaire(?:\s+ht)?",
            r"p\.\s?u\.(?:\s+ht)?",
            r"einzelpreis",
            r"e-preis",
            r"st[üu]ckpreis",
            r"vk-preis",
            r"unit\s+cost",
            r"price",
            r"preis",
            r"prix",
            r"prijs",
            r"rate",
            r"tarif",
        ),
    ),
    (
        "qty",
        _rx(
            r"qty",
            r"quantity",
            r"menge",
            r"anzahl",
            r"qt[ée]",
            r"quantit[ée]",
            r"nombre",
            r"aantal",
            r"hoeveelheid",
            r"units",
            r"hours",
            r"stunden",
            r"std\.?",
        ),
    ),
    (
        "tax",
        _rx(
            r"(?:vat|tax|mwst|ust|tva|btw|gst)\.?(?:\s*-?\s*(?:%|satz|rate))?",
            r"taxes",
            r"tax\s*\(%\)",
            r"steuer(?:satz)?",
            r"steuersatz",
            r"taux(?:\s+(?:de\s+)?tva)?",
        ),
    ),
    ("disc", _rx(r"disc\.?\s*%?", r"discount", r"rabatt(?:\s*%)?", r"remise", r"rem\.")),
    (
        "desc",
        _rx(
            r"description",
            r"item\s+name(?:\s+or\s+type\s+of\s+service)?",
            r"product\s+title",
            r"charge\s+name",
            r"item",
            r"product",
            r"article",
            r"artikel",
            r"[a-zäöü]*beschreibung",
            r"[a-zäöü]*bezeichnung",
            r"leistung",
            r"d[ée]signation",
            r"libell[ée]",
            r"omschrijving",
            r"produkt",
            r"service",
            r"artikelbezeichnung",
        ),
    ),
    ("pos", _rx(r"pos\.?", r"no\.", r"nr\.", r"#", r"line")),
]
_NUMERIC = {"amount", "price", "qty", "tax", "disc"}
_GROSS_COLUMN = re.compile(r"incl|inkl|ttc|brutto|gross|bruto", re.IGNORECASE)
# Header words that name the article column when a separate description column follows
# ("Item | Description", "Artikel | Omschrijving"), and the description column otherwise.
_ITEM_WORD = re.compile(r"(?:item|article|artikel|product|produkt|produit)", re.IGNORECASE)


@dataclass
class Column:
    kind: str
    x0: float
    x1: float
    label: str = ""


@dataclass
class _Row:
    cells: dict[int, list[Word]] = field(default_factory=dict)


_ANY_COLUMN = re.compile("|".join(f"(?:{rx.pattern})" for _, rx in _COLUMNS), re.IGNORECASE)


def _header_columns(line: Line) -> list[Column]:
    if not _ANY_COLUMN.search(line.text):
        return []
    cols: list[Column] = []
    unknown: list[Column] = []
    for seg in line.segments:
        taken: list[tuple[int, int]] = []
        for kind, rx in _COLUMNS:
            for m in rx.finditer(seg.text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                box = seg.bbox(m.start(), m.end())
                cols.append(Column(kind, box[0], box[2], m.group(0)))
        if not taken:
            unknown.append(Column("other", seg.x0, seg.x1, seg.text))
    if not any(c.kind == "sku" for c in cols):
        for col in cols:
            if col.kind == "ean":
                col.kind = "sku"
    # Columns the header names but we do not read ("VKE/Geb", "Einheit"), among the figure
    # columns: their figures must not leak into the neighbouring price or quantity.
    figures_x = min((c.x0 for c in cols if c.kind in _NUMERIC), default=None)
    if figures_x is not None:
        cols.extend(u for u in unknown if u.x0 > figures_x)
    cols.sort(key=lambda c: c.x0)
    for i, col in enumerate(cols):
        # "Item | Description": the item column left of a description column holds codes.
        if (
            col.kind == "desc"
            and _ITEM_WORD.fullmatch(col.label)
            and any(c.kind == "desc" for c in cols[i + 1 :])
            and not any(c.kind == "sku" for c in cols)
        ):
            col.kind = "sku"
    return cols


def _is_header(cols: list[Column]) -> bool:
    kinds = {c.kind for c in cols}
    return ("amount" in kinds or "price" in kinds) and len(
        kinds & {"qty", "price", "desc", "amount"}
    ) >= 3


def _assign(word: Word, cols: list[Column]) -> int:
    cx = (word.x0 + word.x1) / 2
    best, best_d = 0, float("inf")
    for i, c in enumerate(cols):
        right = c.x1
        if c.kind not in _NUMERIC:
            # Left-aligned text runs on to the right until the next column starts.
            nxt = cols[i + 1].x0 if i + 1 < len(cols) else c.x1 + 400
            right = max(c.x1, nxt - 4)
            if c.x0 - 6 <= word.x0 and cx < right:
                return i
        # A text column ends where the next column's header begins (a figure printed a little
        # left of its right-aligned header belongs to that header).
        slack = 3 if c.kind in _NUMERIC else 0
        d = 0.0 if c.x0 - 3 <= cx <= right + slack else min(abs(cx - c.x0), abs(cx - right))
        if d < best_d:
            best, best_d = i, d
    return best


def _number(words: list[Word], hint: str | None, money: bool) -> Decimal | None:
    text = " ".join(w.text for w in words)
    for a in find_amounts(text, hint):
        if a.is_percent:
            continue
        if money and not money_like(a) and not re.fullmatch(r"-?\d+", a.text.strip()):
            continue
        return a.value
    return None


def extract_lines(doc: Document, hint: str | None) -> list[ExtractedLine]:
    items: list[ExtractedLine] = []
    for page in doc.pages:
        cols: list[Column] | None = None
        pending: list[str] = []
        last: Line | None = None
        gaps: list[float] = []
        gap = 6.0
        items_here = 0
        far = False  # past a wide vertical gap after the last row
        skipped = 0
        above: tuple[Line, list[Column]] | None = None
        for line in page.lines:
            found = _header_columns(line)
            if above is not None and cols is None:
                # Also for a header that is complete without it: "Prix" set above "unitaire"
                # names a price column the middle line leaves out.
                found = _stacked_header(line, found, *above)
            above = (line, found)
            if _is_header(found):
                cols, pending, last, gaps, gap = found, [], line, [], 6.0
                items_here, far, skipped = 0, False, 0
                continue
            if cols is None:
                continue
            if not items_here and found and not any(ch.isdigit() for ch in line.text):
                continue  # the header's second line ("Art-Nr-Kunde   Artikelbezeichnung")
            figures = any(
                money_like(a) for s in line.segments for a in find_amounts(s.text, hint)
            )
            money = [
                (cls[0], s)
                for s in line.segments
                if (cls := classify_money_label(s.text))
                and cls[0] in ("total", "subtotal")
                and cls[2] == 0
                # "HT" alone under a description ("Wirkarbeit" / "HT") is its text, not "Net".
                and (figures or not is_short_label(s.text))
            ]
            text_end = max((c.x1 for c in cols if c.kind in ("desc", "sku")), default=0.0)
            if (
                items_here
                and money
                and all(k == "subtotal" and s.x0 > text_end for k, s in money)
                and not far
            ):
                # A section subtotal on the right: more sections may follow, but only complete
                # item rows continue the table ("Subtotal 112.00", "--- Food ---", items).
                far, skipped, last = True, 0, line
                continue
            if money or (items_here and _next_header(line)):
                cols = None  # the totals block (or the next table's header) ends the table
                continue
            far_below = (
                items_here
                and last is not None
                and line.top - last.bottom > max(3 * gap, 1.5 * last.height)
            )
            if far_below or far:
                far = True
            if last is not None and not far_below:
                gaps.append(max(0.0, line.top - last.bottom))
                gap = statistics.median(gaps)
            last = line
            row = _Row()
            for seg in line.segments:
                for w in seg.words:
                    row.cells.setdefault(_assign(w, cols), []).append(w)
            item = _row_item(row, cols, hint)
            if far:
                # Far below the last row: only another complete item row continues the table
                # (rows with long notes between them); a footer or stray numbers end it.
                numbers = (
                    [v for v in (item.quantity, item.unit_price, item.amount) if v is not None]
                    if item
                    else []
                )
                figures_x = min((c.x0 for c in cols if c.kind in _NUMERIC), default=0.0)
                labelled = any(
                    classify_money_label(sg.text) for sg in line.segments if sg.x0 < figures_x
                )
                if (
                    item is not None
                    and len(numbers) >= 2
                    and (item.description or item.sku)
                    and not labelled  # "zzgl. 19 % MwSt. aus 100,00   19,00"
                ):
                    far = False
                elif item is not None or skipped >= 10:
                    cols = None
                    continue
                else:
                    skipped += 1
                    continue
            skipped = 0
            prev = items[-1] if items_here else None
            if (
                item is not None
                and item.quantity is None
                and item.unit_price is None
                and item.amount is not None
            ):
                if (
                    prev is not None
                    and prev.amount is None
                    and (prev.quantity is not None or prev.unit_price is not None)
                ):
                    # The line amount wrapped onto the row's next line ("Regio R9   80,00").
                    prev.amount = item.amount
                    if item.description:
                        prev.description = f"{prev.description or ''} {item.description}".strip()
                    continue
                if not item.description:
                    item = None
            if item is None:
                text = " ".join(w.text for ws in row.cells.values() for w in ws).strip()
                if text and _group_heading(page, line, text, cols, hint):
                    pending = []  # "Hardware", "--- Food ---": names the rows below, no row's text
                    continue
                if items_here and not pending and text:
                    items[-1].description = f"{items[-1].description or ''} {text}".strip()
                elif text:
                    pending.append(text)
                continue
            if not item.description and pending and (items_here or len(pending) <= 2):
                # Lines above the numbers row; before the first row only a short lead-in (more
                # is the header's second line, notes, a sidebar), as the description's start.
                item.description = " ".join(pending)
            elif pending and items_here:
                items[-1].description = f"{items[-1].description or ''} {' '.join(pending)}".strip()
            pending = []
            item._evidence = Evidence(page=line.page, bbox=_row_box(line))
            items.append(item)
            items_here += 1
    items = _without_group_sums(items)
    return [it for it in items if it.description or it.amount is not None]


def _without_group_sums(items: list[ExtractedLine]) -> list[ExtractedLine]:
    """A row with only an amount that heads item rows adding up to it ("Room 1   100.00" over
    its articles) is a group's sum, not another item: counting it would bill the group twice."""
    kept: list[ExtractedLine] = []
    for i, item in enumerate(items):
        if item.amount is not None and item.quantity is None and item.unit_price is None:
            members = []
            for nxt in items[i + 1 :]:
                if nxt.quantity is None and nxt.unit_price is None:
                    break
                members.append(nxt)
            amounts = [m.amount for m in members if m.amount is not None]
            if members and len(amounts) == len(members) and sum(amounts) == item.amount:
                continue
        kept.append(item)
    return kept


_DECORATED = re.compile(r"^\s*([-=*_~#]{2,})\s*\S.*?\s*\1\s*$")


def _group_heading(
    page: Page, line: Line, text: str, cols: list[Column], hint: str | None
) -> bool:
    """A line of words between item rows that heads the rows below it ("--- Food ---", or a
    group name set closer to the next row than to the one above, which has its own text)."""
    if _DECORATED.match(text):
        return True
    # A group's name is a few words: no figures ("256 GB", "01.05.-31.05."), no sentence (a
    # note under the row above).
    if len(text.split()) > 4 or any(ch.isdigit() for ch in text) or text.endswith((".", ",")):
        return False
    i = line.index
    if i == 0 or i + 1 >= len(page.lines):
        return False
    above, below = page.lines[i - 1], page.lines[i + 1]
    if below.top - line.bottom > line.top - above.bottom + 0.5:
        return False  # closer to the row above: the end of its description
    row = _Row()
    for seg in below.segments:
        for w in seg.words:
            row.cells.setdefault(_assign(w, cols), []).append(w)
    nxt = _row_item(row, cols, hint)
    return (
        nxt is not None
        and bool(nxt.description)
        and nxt.amount is not None
        and (nxt.quantity is not None or nxt.unit_price is not None)
    )


def _row_box(line: Line) -> list[float]:
    """The box of the row an item's figures were read from (the page image shows it)."""
    return [
        round(min(s.x0 for s in line.segments), 1),
        round(line.top, 1),
        round(max(s.x1 for s in line.segments), 1),
        round(line.bottom, 1),
    ]


def _stacked_header(
    line: Line, found: list[Column], prev: Line, prev_found: list[Column]
) -> list[Column]:
    """A header printed over two lines ("Menge" and "Preis/" above "Betrag"): merge the line
    just above when it adds the missing columns and none of it sits over a known column."""
    if not found or not prev_found or line.top - prev.bottom > 0.8 * line.height:
        return found
    if any(ch.isdigit() for ch in prev.text):
        return found
    merged = list(found)
    for col in prev_found:
        if col.kind == "other" or any(c.x0 < col.x1 + 2 and col.x0 < c.x1 + 2 for c in merged):
            continue
        merged.append(col)
    merged.sort(key=lambda c: c.x0)
    return merged


def _next_header(line: Line) -> bool:
    """Three or more cells of words and no figures: the header row of another table."""
    return len(line.segments) >= 3 and not any(ch.isdigit() for ch in line.text)


def _row_item(row: _Row, cols: list[Column], hint: str | None) -> ExtractedLine | None:
    qty = price = amount = discount = None
    desc_parts: list[str] = []
    sku: str | None = None
    has_qty = any(c.kind == "qty" for c in cols)
    amount_cols = [i for i, c in enumerate(cols) if c.kind == "amount"]
    # With a net and a gross amount column, the line amount is the net ("Total TTC | Total HT"):
    # the one quantity x price gives and the subtotal adds up.
    main_amount = min(amount_cols, key=lambda i: _GROSS_COLUMN.search(cols[i].label) is not None,
                      default=None)
    for i, words in sorted(row.cells.items()):
        kind = cols[i].kind
        text = " ".join(w.text for w in words)
        if kind in _NUMERIC and any(w.text.endswith(":") for w in words):
            continue  # "Basis: 75,00 €", "Rabatt: -0,03 €" under a figure column: a detail
        if kind == "qty" and qty is None:
            qty = _number(words, hint, money=False)
        elif kind == "price" and price is None:
            price = _number(words, hint, money=True)
        elif kind == "amount" and i == main_amount:
            amount = _number(words, hint, money=True)
        elif kind == "disc" and discount is None:
            discount = _percent(words, hint)
        elif kind == "sku":
            if sku is None and text.strip():
                sku = text.strip()
            else:
                desc_parts.append(text)  # a second code-column cell: keep it readable
        elif kind == "desc":
            desc_parts.append(text)
    if amount is None and (price is None or (qty is None and has_qty)):
        return None  # a price alone under a quantity column is a detail ("Rabatt: 0,03 €")
    desc = " ".join(desc_parts).strip() or None
    if desc and sku is None:
        m = re.match(r"^\[([^\]]+)\]\s*(.*)$", desc)  # "[SKU-1] Office Chair"
        if m:
            sku, desc = m.group(1), m.group(2) or None
    exact = _exact_quantity(qty, price, amount) if discount is None else qty
    line = ExtractedLine(description=desc, quantity=exact, unit_price=price, amount=amount, sku=sku)
    line._discount_percent = discount
    if exact != qty:
        line._quantity_printed = qty
    return line


_QTY_STEP = Decimal("0.001")


def _exact_quantity(
    qty: Decimal | None, price: Decimal | None, amount: Decimal | None
) -> Decimal | None:
    """The quantity a row really bills when its column prints it rounded ("28 Std" for 27.5
    hours at 10,50 = 288,75): amount / price, when quantity x price misses the amount, the
    division comes out exact to three decimals, and that figure rounded as printed is the printed
    quantity. A price printed rounded instead (10000 x 0,05 for 52,00) is left alone: 52,00 /
    0,05 = 1040 does not round to 10000."""
    if qty is None or price is None or amount is None or not price or not qty:
        return qty
    if abs(qty * price - amount) <= max(Decimal("0.01"), abs(amount) / 100):
        return qty
    exact = amount / price
    if exact <= 0 or qty < 0 or exact != exact.quantize(_QTY_STEP):
        return qty
    step = Decimal(1).scaleb(min(0, qty.as_tuple().exponent))  # type: ignore[arg-type]
    if exact.quantize(step, rounding=ROUND_HALF_UP) != qty:
        return qty
    exact = exact.quantize(_QTY_STEP).normalize()
    return exact.quantize(Decimal(1)) if exact == exact.to_integral_value() else exact


def _percent(words: list[Word], hint: str | None) -> Decimal | None:
    """A discount cell as a percentage ("10%", "10,00"); a money amount ("-4,50 €") is not one."""
    for a in find_amounts(" ".join(w.text for w in words), hint):
        # A currency sign beside "10%" is the price cell's, printed apart from its figure.
        if (a.is_percent or a.currency is None) and 0 < abs(a.value) < 100:
            return abs(a.value)
    return None


def headerless_lines(
    doc: Document, hint: str | None, sums: list[Decimal]
) -> list[ExtractedLine]:
    """A list of charges without a table header ("Amazon Glacier   $2.22" rows, each with its
    breakdown indented under it): two or more rows at one indentation, each a name and one
    amount in a right-aligned column, read as items only when their amounts add up to the
    invoice's net or total (one of ``sums``), so a summary block or a list of figures that is
    not the invoice's lines is not taken. No quantity or unit price is made up for them."""
    best: list[ExtractedLine] = []
    for page in doc.pages:
        run: list[tuple[Line, str, Decimal]] = []
        for line in [*page.lines, None]:
            row = _charge_row(line, hint) if line is not None else None
            if run and line is not None:
                first = run[0][0].segments[0]
                if line.segments[0].x0 > first.x0 + 4:
                    continue  # the breakdown of the row above ("Charges   $1.87", "VAT   $0.00")
                if (
                    row is not None
                    and abs(line.segments[0].x0 - first.x0) <= 2
                    and abs(line.segments[-1].x1 - run[0][0].segments[-1].x1) <= 3
                ):
                    run.append((line, *row))
                    continue
            if len(run) >= 2 and not best:
                total = sum((amount for _l, _d, amount in run), Decimal(0))
                if any(abs(total - s) <= Decimal("0.01") for s in sums):
                    best = [_charge_item(ln, desc, amount) for ln, desc, amount in run]
            run = [(line, *row)] if line is not None and row is not None else []
    return best


def _charge_row(line: Line, hint: str | None) -> tuple[str, Decimal] | None:
    """A name and one money amount ("Amazon Glacier   $2.22"), not a labelled total."""
    if len(line.segments) != 2:
        return None
    name, figure = line.segments[0].text.strip(), line.segments[1].text.strip()
    found = find_amounts(figure, hint)
    if len(found) != 1 or not money_like(found[0]) or found[0].is_percent:
        return None
    if len(re.sub(r"[\s\d.,'\-−]", "", figure)) > 3:
        return None  # the figure cell holds words: "Paid through Cash At Hotel (Rs 1939)"
    if sum(ch.isalpha() for ch in name) < 3 or classify_money_label(name) is not None:
        return None
    if name.endswith(":") or sum(ch.isdigit() for ch in name) > sum(ch.isalpha() for ch in name):
        return None  # a label ("Balance:"), a date or a reference, not a charge's name
    return name, found[0].value


def _charge_item(line: Line, desc: str, amount: Decimal) -> ExtractedLine:
    item = ExtractedLine(description=desc, amount=amount)
    item._evidence = Evidence(page=line.page, bbox=_row_box(line))
    return item
