"""Currency markers: ISO 4217 codes and the common symbols."""

from __future__ import annotations

import re

ISO_CODES = frozenset(
    [
        "EUR",
        "USD",
        "GBP",
        "CHF",
        "JPY",
        "CNY",
        "INR",
        "PLN",
        "SEK",
        "NOK",
        "DKK",
        "CZK",
        "HUF",
        "RON",
        "BGN",
        "HRK",
        "ISK",
        "TRY",
        "RUB",
        "UAH",
        "AUD",
        "CAD",
        "NZD",
        "SGD",
        "HKD",
        "ZAR",
        "BRL",
        "MXN",
        "ARS",
        "CLP",
        "COP",
        "AED",
        "SAR",
        "ILS",
        "KRW",
        "TWD",
        "THB",
        "MYR",
        "IDR",
        "PHP",
        "VND",
        "EGP",
        "NGN",
        "KES",
        "MAD",
        "TND",
        "QAR",
        "KWD",
    ]
)

# Symbols and local abbreviations; "$" alone is taken as USD unless the text names another
# dollar (see ``detect_currency``).
SYMBOLS: dict[str, str] = {
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "inr": "INR",
    "zł": "PLN",
    "kč": "CZK",
    "fr.": "CHF",
    "sfr.": "CHF",
    "us$": "USD",
    "$": "USD",
    "c$": "CAD",
    "a$": "AUD",
    "ca$": "CAD",
    "au$": "AUD",
    "euro": "EUR",
    "euros": "EUR",
}

CURRENCY_TOKEN_RE = (
    r"US\$|C\$|A\$|CA\$|AU\$|[€£¥₹$]|Rs\.?|zł|Kč|S?Fr\.|EUROS?|"
    + "|".join(sorted(ISO_CODES))
    + r"(?![A-Za-z])"
)
# Used on whole texts: ISO codes must stand alone ("EUR", not "EUROPE").
_TEXT_TOKEN_RE = re.compile(
    r"(?<![A-Za-z])(" + "|".join(sorted(ISO_CODES)) + r")(?![A-Za-z])|US\$|[€£¥₹$]|\bRs\.?\s?-?\d"
)


def currency_from_token(token: str) -> str | None:
    t = token.strip()
    if not t:
        return None
    if t.upper() in ISO_CODES:
        return t.upper()
    return SYMBOLS.get(t.lower())


def count_currency_mentions(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in _TEXT_TOKEN_RE.finditer(text):
        tok = m.group(0)
        code = m.group(1) or currency_from_token(re.sub(r"\s?-?\d$", "", tok))
        if code:
            counts[code] = counts.get(code, 0) + 1
    return counts
