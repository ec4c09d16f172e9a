import datetime as dt
from decimal import Decimal

import pytest

from agents.intake.extraction.dates import parse_date
from agents.intake.extraction.ids import find_ibans
from agents.intake.extraction.numbers import find_amounts, parse_amount
from procurement.matching import iban_is_valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1'234.56", "1234.56"),
        ("€ 4,24", "4.24"),
        ("-€ 9,32", "-9.32"),
        ("$4.11", "4.11"),
        ("USD 47.90", "47.90"),
        ("(12.00)", "-12.00"),
        ("12,50-", "-12.50"),
        ("Rs 1939", "1939"),
    ],
)
def test_it_parses_amounts_in_all_locales(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


def test_it_uses_the_document_decimal_sign_for_ambiguous_numbers() -> None:
    assert parse_amount("1.234") == Decimal("1234")
    assert parse_amount("1,234", decimal_hint=",") == Decimal("1.234")


def test_it_keeps_quantity_and_price_apart_in_english_text() -> None:
    values = [a.value for a in find_amounts("Total 1 278.61 40.39 319.00", ".")]
    assert values == [Decimal("1"), Decimal("278.61"), Decimal("40.39"), Decimal("319.00")]


def test_it_flags_percentages() -> None:
    found = find_amounts("zzgl. 19,0% MwSt. aus 100,00 € 19,00 €", ",")
    assert [a.is_percent for a in found] == [True, False, False]
    assert found[1].currency == "EUR"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15. März 2024", dt.date(2024, 3, 15)),
        ("1er janvier 2024", dt.date(2024, 1, 1)),
        ("02 Juillet 2015", dt.date(2015, 7, 2)),
        ("August 3 , 2014", dt.date(2014, 8, 3)),
        ("Dec 28, 2022", dt.date(2022, 12, 28)),
        ("19 april 2014", dt.date(2014, 4, 19)),
        ("31/12/2017", dt.date(2017, 12, 31)),
        ("03/20/2023", dt.date(2023, 3, 20)),
        ("21.05.14", dt.date(2014, 5, 21)),
        ("2023-11-13", dt.date(2023, 11, 13)),
        ("20180425", dt.date(2018, 4, 25)),
    ],
)
def test_it_parses_dates_in_many_formats(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_it_resolves_ambiguous_slash_dates_by_hint() -> None:
    assert parse_date("03/04/2024") == dt.date(2024, 4, 3)
    assert parse_date("03/04/2024", month_first=True) == dt.date(2024, 3, 4)


def test_it_validates_iban_checksums() -> None:
    assert iban_is_valid("DE89 3704 0044 0532 0130 00")
    assert not iban_is_valid("DE89 3704 0044 0532 0130 01")


def test_it_finds_irregularly_spaced_ibans() -> None:
    [(iban, ok, _s, _e)] = find_ibans("IBAN : FR76 3000 6000 0112 3456 7890 189 - BIC : X")
    assert iban == "FR7630006000011234567890189"
    assert ok
