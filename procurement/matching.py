"""How printed values are compared with what is on file: tax ids, IBANs, invoice numbers, names
and line descriptions. Each comparison exists once, here, and is imported by the vendor lookup,
the validation rules, intake, the CSV import and the offline LLM provider alike.

Pure functions of strings: nothing here touches the database, so agent code may import it.
"""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from stdnum import iban as _iban
from stdnum import vatin as _vatin

# --- identifiers ------------------------------------------------------------------------------


def compact_identifier(value: str) -> str:
    """Tax ids and IBANs are printed with spaces, dots and dashes; compare only what identifies."""
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def iban_is_valid(value: str) -> bool:
    """ISO 13616 mod-97 check (python-stdnum): catches any single mistyped character."""
    return bool(value) and _iban.is_valid(value)


def iban_with_check_digits(country: str, bban: str) -> str:
    """The IBAN for a national account number, with its check digits computed."""
    return f"{country}{_iban.calc_check_digits(country + '00' + bban)}{bban}"


# Words some countries print after the number: NO 912 345 678 MVA, CHE-123.456.789 MWST / TVA.
_TAX_SUFFIXES = ("MVA", "MWST", "TVA", "IVA", "VAT")


def tax_id_key(value: str) -> str:
    """The national part of a tax / VAT id: what stays the same whether or not the country
    prefix or a suffix is printed ("DE 136 695 976", "136695976"; "NO912345678MVA";
    "CHE-107.787.577 MWST"). The vendor lookup compares these keys (indexed on Vendor).
    """
    compact = compact_identifier(value)
    for suffix in _TAX_SUFFIXES:
        if compact.endswith(suffix) and len(compact) > len(suffix) + 6:
            compact = compact[: -len(suffix)]
            break
    if compact.startswith("CHE") and compact[3:].isdigit():
        return compact[3:]
    if len(compact) > 2 and compact[:2].isalpha() and compact[2].isdigit():
        return compact[2:]
    return compact


def tax_id_is_valid(value: str) -> bool | None:
    """Whether a printed VAT id passes its country's check (python-stdnum knows EU, GB, NO, CH
    and many more, suffixed forms included); None when no country prefix says which rules apply.
    """
    if not re.match(r"^\s*[A-Za-z]{2}", value):
        return None
    return _vatin.is_valid(value)


def invoice_number_key(value: str) -> str:
    """An invoice number as a duplicate check compares it: without spaces, dashes, dots or
    slashes, case-insensitive, and without the zeros that pad the number ("INV-00042" ==
    "inv 42", "2026-001" == "2026001", "0042" == "42"). Zeros inside the digits stay: "2026-001"
    is not "2026-1".
    """
    compact = re.sub(r"[^0-9A-Z]", "", value.upper())
    return re.sub(r"(?:^|(?<=[A-Z]))0+(?=[0-9])", "", compact)


def lines_fingerprint(lines: list[dict]) -> str:
    """A digest of what an invoice bills (article, quantity, unit price, amount per line, in any
    order): the same lines under another number are a re-sent invoice. Empty for no lines.
    """
    rows = sorted(
        "|".join([
            compact_identifier(line.get("sku") or "") or " ".join(_tokens(line.get("description")
                                                                          or "")),
            *(_plain(line.get(name)) for name in ("quantity", "unit_price", "amount")),
        ])
        for line in lines
    )
    return hashlib.sha256("\n".join(rows).encode()).hexdigest() if rows else ""


def _plain(value) -> str:
    return "" if value is None else f"{Decimal(value).normalize():f}"


# --- names ------------------------------------------------------------------------------------

_LEGAL_FORMS = {
    "ab", "ag", "as", "asa", "bv", "co", "company", "corp", "corporation", "gmbh", "inc",
    "incorporated", "kg", "limited", "llc", "ltd", "nv", "oy", "plc", "sa", "sarl", "sas", "spa",
    "srl", "the",
}


def _words(value: str) -> str:
    return " ".join(re.findall(r"\w+", value.casefold().replace("&", " and ")))


def name_key(value: str) -> str:
    """A company name without case, punctuation or legal form ("ACME Industrial Ltd." ->
    "acme industrial"): an exact name or alias match compares these.
    """
    return " ".join(word for word in _words(value).split() if word not in _LEGAL_FORMS)


def name_similarity(printed: str, known: str) -> float:
    """0..100: how alike two company names are. The one fuzzy name matcher of the project.

    Compared with and without legal forms: "Globex Corporatoin" is a typo of "Globex
    Corporation", not a company called "corporatoin".
    """
    # Imported here: the models import this module, so every manage.py command would load it.
    from rapidfuzz import fuzz

    return max(
        fuzz.ratio(name_key(printed), name_key(known)),
        fuzz.ratio(_words(printed), _words(known)),
    )


# --- line descriptions --------------------------------------------------------------------------

# Digits and letters apart, so "M8" and "80g" read as "m 8" and "80 g" wherever the space is.
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)?|[^\W\d_]+")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def description_numbers(text: str) -> set[str]:
    """The tokens of a description that carry a number: sizes (M8, 40), threads, grades, pack
    counts (500), models. Two descriptions naming different numbers are different articles.
    """
    return {token.replace(",", ".") for token in _tokens(text) if token[0].isdigit()}


def description_similarity(a: str, b: str) -> float:
    """0..1: how well an invoice line's description matches a PO line's; 0 when the numbers
    disagree ("Hex bolt M8 x 40" is not "Hex bolt M10 x 60", however alike they read).
    The one description matcher of the project.
    """
    words_a, words_b = _tokens(a), _tokens(b)
    if not words_a or not words_b:
        return 0.0
    numbers_a, numbers_b = description_numbers(a), description_numbers(b)
    # One side may leave a number out ("Copy paper A4" for "Copy paper A4, 80 g"); a number
    # printed on both sides that differs is never the same article.
    if not (numbers_a <= numbers_b or numbers_b <= numbers_a):
        return 0.0
    from rapidfuzz import fuzz  # see name_similarity

    return fuzz.token_set_ratio(" ".join(words_a), " ".join(words_b)) / 100
