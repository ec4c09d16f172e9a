"""Locale-tolerant parsing of money amounts and quantities.

Handles ``1.234,56`` (de), ``1,234.56`` (en), ``1 234,56`` (fr), ``1'234.56`` (ch), signs in
front, behind or as parentheses, and currency symbols/codes glued to either side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .currency import CURRENCY_TOKEN_RE

_SPACES = "\u00a0\u202f\u2009 "
_MINUS = "-\u2212\u2013"

# A number with optional thousands groups and an optional decimal part.  Space-grouped
# thousands ("1 234,56") are matched too; ``find_amounts`` decides whether the space really
# was a thousands separator.
_NUM = (
    r"\d{1,3}(?:(?:[.,'\u2019]|[" + _SPACES + r"])\d{3})+(?:[.,]\d{1,4})?"
    r"|\d+(?:[.,]\d{1,4})?"
    r"|[.,]\d{1,2}"
)
AMOUNT_RE = re.compile(
    r"(?P<pre>(?:(?:" + CURRENCY_TOKEN_RE + r")\s?)?)"
    r"(?P<sign>[" + _MINUS + r"]\s?)?"
    r"(?P<pre2>(?:(?:" + CURRENCY_TOKEN_RE + r")\s?)?)"
    r"(?P<paren>\()?"
    r"(?<![\w.,/])(?P<num>" + _NUM + r")(?![\w]|[.,/]\d)"
    r"(?P<close>\))?"
    r"(?P<post>(?:\s?(?:" + CURRENCY_TOKEN_RE + r"))?)"
    r"(?P<tsign>-(?!\d))?"
    r"(?P<pct>\s?%)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AmountMatch:
    value: Decimal
    start: int
    end: int
    currency: str | None  # ISO code of a currency marker glued to the number, if any
    has_decimals: bool
    is_percent: bool
    text: str


def parse_number(raw: str, decimal_hint: str | None = None) -> Decimal | None:
    """Parse one number string such as ``1.234,56`` into a Decimal (no sign handling).

    ``decimal_hint`` ("," or ".") settles the ambiguous single-separator-before-3-digits case,
    e.g. ``1.234`` is 1234 in a German document and 1.234 in an English one.
    """
    s = raw.strip()
    for ch in _SPACES + "'\u2019":
        s = s.replace(ch, "")
    if not s or not any(c.isdigit() for c in s):
        return None
    has_comma, has_dot = "," in s, "." in s
    if has_comma and has_dot:
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif has_comma or has_dot:
        sep = "," if has_comma else "."
        parts = s.split(sep)
        if len(parts) > 2:  # 1.234.567 -> grouping only
            s = "".join(parts)
        elif len(parts[1]) == 3 and parts[0] not in ("", "0"):
            # 1,234 or 1.234: grouping unless the document writes decimals with this sign
            s = parts[0] + "." + parts[1] if decimal_hint == sep else "".join(parts)
        else:
            s = parts[0] + "." + parts[1]
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def parse_amount(raw: str, decimal_hint: str | None = None) -> Decimal | None:
    """Parse a whole money string like ``-€ 1.234,56`` or ``(12.00) USD``; None if not one."""
    text = raw.strip()
    for m in AMOUNT_RE.finditer(text):
        if m.group("pct"):
            continue
        rest = (text[: m.start()] + text[m.end() :]).strip()
        if rest and any(c.isalnum() for c in rest):
            return None  # other words around it: not a plain amount
        return _match_value(m, decimal_hint)
    return None


def _match_value(m: re.Match[str], decimal_hint: str | None) -> Decimal | None:
    value = parse_number(m.group("num"), decimal_hint)
    if value is None:
        return None
    negative = bool(m.group("sign") or m.group("tsign")) or bool(
        m.group("paren") and m.group("close")
    )
    return -value if negative else value


def find_amounts(text: str, decimal_hint: str | None = None) -> list[AmountMatch]:
    """All numbers in ``text`` with their spans, currency markers and percent flags."""
    from .currency import currency_from_token

    out: list[AmountMatch] = []
    for m in AMOUNT_RE.finditer(text):
        num = m.group("num")
        if any(ch in num for ch in _SPACES) and decimal_hint != ",":
            # "1 278.61" in an English document is a quantity and a price, not 1278.61:
            # re-scan the part after the first space on its own.
            head = num.split()[0]
            out.extend(find_amounts(head, decimal_hint))
            tail_start = m.start("num") + len(head)
            for sub in find_amounts(text[tail_start : m.end()], decimal_hint):
                out.append(
                    AmountMatch(
                        sub.value,
                        sub.start + tail_start,
                        sub.end + tail_start,
                        sub.currency,
                        sub.has_decimals,
                        sub.is_percent,
                        sub.text,
                    )
                )
            continue
        value = _match_value(m, decimal_hint)
        if value is None:
            continue
        marker = (m.group("pre") or m.group("pre2") or m.group("post") or "").strip()
        digits_after = re.search(r"[.,](\d{1,4})$", num)
        has_decimals = bool(digits_after) and not (
            len(digits_after.group(1)) == 3
            and parse_number(num, decimal_hint) == int(parse_number(num, decimal_hint) or 0)
        )
        out.append(
            AmountMatch(
                value=value,
                start=m.start(),
                end=m.end(),
                currency=currency_from_token(marker) if marker else None,
                has_decimals=has_decimals,
                is_percent=bool(m.group("pct")),
                text=m.group(0),
            )
        )
    return out


def money_like(match: AmountMatch) -> bool:
    """Looks like money: has cents or a currency marker, and is not a percentage."""
    return not match.is_percent and (match.has_decimals or match.currency is not None)


def guess_decimal_sign(text: str) -> str | None:
    """Which sign does this document use for decimals? Counts ``12,34`` vs ``12.34`` shapes."""
    comma = len(re.findall(r"\d,\d{2}(?!\d)", text))
    dot = len(re.findall(r"\d\.\d{2}(?!\d)", text))
    if comma == dot:
        return None
    return "," if comma > dot else "."
