"""Date parsing for invoices: numeric formats and month names in en/de/fr/nl/es/it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

_MONTH_NAMES: list[list[str]] = [
    ["january", "jan", "januar", "jänner", "janvier", "janv", "januari", "enero", "gennaio"],
    [
        "february",
        "feb",
        "februar",
        "février",
        "fevrier",
        "févr",
        "fevr",
        "fév",
        "februari",
        "febrero",
        "febbraio",
    ],
    ["march", "mar", "märz", "maerz", "marz", "mrz", "mars", "maart", "marzo"],  # marz: OCR
    ["april", "apr", "avril", "avr", "abril", "aprile"],
    ["may", "mai", "mei", "mayo", "maggio"],
    ["june", "jun", "juni", "juin", "junio", "giugno"],
    ["july", "jul", "juli", "juillet", "juil", "julio", "luglio"],
    ["august", "aug", "août", "aout", "augustus", "agosto"],
    ["september", "sep", "sept", "septembre", "septiembre", "settembre"],
    ["october", "oct", "okt", "oktober", "octobre", "octubre", "ottobre"],
    ["november", "nov", "novembre", "noviembre"],
    ["december", "dec", "dez", "dezember", "décembre", "decembre", "déc", "diciembre", "dicembre"],
]
MONTHS: dict[str, int] = {
    name: i for i, names in enumerate(_MONTH_NAMES, start=1) for name in names
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))

_D = r"(?P<d>[0-3]?\d)"
_Y = r"(?P<y>(?:19|20)\d{2})"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 2023-11-13, 2023/11/13, 2023.11.13
    (
        "ymd",
        re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)"),
    ),
    # 15. März 2024, 19 april 2014, 1er janvier 2024, 02 Juillet 2015, 3rd of May 2024
    (
        "dMy",
        re.compile(
            _D
            + r"(?:\.|er|st|nd|rd|th)?\s*(?:of\s+|de\s+)?(?P<mon>"
            + _MONTH_RE
            + r")\.?,?\s*"
            + r"(?P<y>(?:19|20)\d{2}|'?\d{2}(?![\d.:]))",
            re.IGNORECASE,
        ),
    ),
    # August 3 , 2014 / Dec 28, 2022 / March 15th 2024
    (
        "Mdy",
        re.compile(
            r"(?P<mon>" + _MONTH_RE + r")\.?\s+" + _D + r"(?:st|nd|rd|th)?\s*,?\s*" + _Y,
            re.IGNORECASE,
        ),
    ),
    # 20.10.2015, 20-10-2015, 03/20/2023, 7.5.14, 21.05.14
    (
        "num",
        re.compile(
            r"(?<![\d.,/-])(?P<a>[0-3]?\d)(?P<s>[./-])(?P<b>[0-3]?\d)(?P=s)"
            r"(?P<y>(?:19|20)\d{2}|\d{2})(?![\d]|[.,/-]\d)"
        ),
    ),
]


@dataclass(frozen=True)
class DateMatch:
    value: dt.date
    start: int
    end: int


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _year(raw: str) -> int:
    raw = raw.lstrip("'")
    y = int(raw)
    return y + 2000 if y < 100 else y


def _make(y: int, m: int, d: int) -> dt.date | None:
    if not (1990 <= y <= 2100):
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, month_first: bool = False) -> list[DateMatch]:
    """All dates in ``text``. ``month_first`` settles 03/04/2023 (US documents)."""
    folded = _fold(text)
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value: dt.date | None
            if kind == "ymd":
                value = _make(int(m["y"]), int(m["m"]), int(m["d"]))
            elif kind in ("dMy", "Mdy"):
                value = _make(_year(m["y"]), MONTHS[m["mon"].lower()], int(m["d"]))
            else:
                a, b, y = int(m["a"]), int(m["b"]), _year(m["y"])
                if m["s"] == "." or a > 12:
                    value = _make(y, b, a)  # dotted dates are always day-first
                elif b > 12 or month_first:
                    value = _make(y, a, b)
                else:
                    value = _make(y, b, a)
            if value is not None:
                found.append(DateMatch(value, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def parse_date(text: str, month_first: bool = False) -> dt.date | None:
    """Parse a string that holds one date, e.g. ``15. März 2024`` or ``2024-03-15``."""
    if re.fullmatch(r"\s*(19|20)\d{6}\s*", text):  # CII format 102: yyyymmdd
        t = text.strip()
        return _make(int(t[:4]), int(t[4:6]), int(t[6:]))
    dates = find_dates(text, month_first)
    return dates[0].value if dates else None
