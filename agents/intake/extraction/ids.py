"""Identifier-shaped values: invoice/PO numbers, VAT ids, IBANs (with mod-97 check)."""

from __future__ import annotations

import re

from procurement.matching import iban_is_valid

from .dates import find_dates

_ID_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/._]*[A-Za-z0-9]|\d")
_LABEL_WORDS = frozenset(
    [
        "no",
        "nr",
        "number",
        "nummer",
        "num",
        "numero",
        "numéro",
        "date",
        "datum",
        "de",
        "du",
        "of",
        "the",
        "id",
        "ref",
        "n°",
        "nº",
        "invoice",
        "rechnung",
        "facture",
        "factuur",
        "page",
        "seite",
    ]
)

# IBAN length per country (ISO 13616) for the countries we expect; others use the checksum.
IBAN_LENGTHS = {
    "AT": 20,
    "BE": 16,
    "CH": 21,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "ES": 24,
    "FI": 18,
    "FR": 27,
    "GB": 22,
    "IE": 22,
    "IT": 27,
    "LI": 21,
    "LU": 20,
    "NL": 18,
    "NO": 15,
    "PL": 28,
    "PT": 25,
    "SE": 24,
    "HU": 28,
    "RO": 24,
    "SK": 24,
    "SI": 19,
    "HR": 21,
    "GR": 27,
    "MC": 27,
}
_IBAN_RUN = re.compile(r"(?<![A-Z0-9])([A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]){10,32})")


def parse_identifier(text: str) -> tuple[str, int, int] | None:
    """First id-like token (has a digit, not a date) at the start of ``text``."""
    stripped = text.lstrip("#: \u00a0")
    shift = len(text) - len(stripped)
    m = _ID_TOKEN.match(stripped)
    if not m:
        return None
    token = m.group(0)
    if token.lower() in _LABEL_WORDS or not any(c.isdigit() for c in token):
        return None
    if find_dates(token) and find_dates(token)[0].end - find_dates(token)[0].start == len(token):
        return None
    if re.fullmatch(r"\d{1,2}", token):
        return None  # "1" is a page or position number, not an invoice number
    return token, shift + m.start(), shift + m.end()


def find_ibans(text: str) -> list[tuple[str, bool, int, int]]:
    """IBANs in ``text`` as (compact IBAN, checksum ok, start, end).

    Banks print IBANs with irregular spacing ("FR76 10107 00245 ..."), so a run of
    characters is cut to the country's length, or to the longest prefix that validates.
    """
    out: list[tuple[str, bool, int, int]] = []
    for m in _IBAN_RUN.finditer(text.upper()):
        run = m.group(1)
        compact = re.sub(r"\s", "", run)
        country = compact[:2]
        choice: str | None = None
        if country in IBAN_LENGTHS and len(compact) >= IBAN_LENGTHS[country]:
            choice = compact[: IBAN_LENGTHS[country]]
        else:
            for n in range(min(len(compact), 34), 14, -1):
                if iban_is_valid(compact[:n]):
                    choice = compact[:n]
                    break
        if choice is None:
            continue
        # Map the compact length back to a span in the original text.
        taken, end = 0, m.start(1)
        while taken < len(choice) and end < len(text):
            if not text[end].isspace():
                taken += 1
            end += 1
        out.append((choice, iban_is_valid(choice), m.start(1), end))
    return out


_VAT_ID = re.compile(
    r"(?<![A-Z0-9])((?:ATU|DE|FR|NL|BE|LU|IT|ES|PT|PL|CZ|SK|HU|AT|DK|SE|FI|IE|GB|XI|CHE|CH|NO|IS"
    r"|LI|EU|EL|RO|BG|HR|SI|LT|LV|EE|CY|MT)[\s\-.]?[0-9A-Z]{2,}(?:[\s.\-]?\d{2,})*)"
    # Norway and Switzerland print what the number is for after it: "NO 912 345 678 MVA",
    # "CHE-123.456.789 MWST" (or TVA / IVA in the other Swiss languages).
    r"(?:[\s\-]?(?P<suffix>MVA|MWST|TVA|IVA)(?![A-Z]))?"
)


def parse_tax_id(text: str) -> tuple[str, int, int] | None:
    """A VAT id (country prefix + 8..14 chars, with a printed suffix such as MVA or MWST kept)
    or a national tax number right after a label. Separators are dropped."""
    stripped = text.lstrip(":#.- \u00a0")
    shift = len(text) - len(stripped)
    m = _VAT_ID.match(stripped.upper())
    if m:
        compact = re.sub(r"[\s.\-]", "", m.group(1))
        if 8 <= len(compact) <= 16 and sum(c.isdigit() for c in compact) >= 6:
            end = m.end(0) if m.group("suffix") else m.end(1)
            return compact + (m.group("suffix") or ""), shift, shift + end
    m2 = re.match(r"(\d[\d/ \-]{6,18}\d)", stripped)
    if m2:
        return m2.group(1).strip(), shift, shift + m2.end(1)
    return None
