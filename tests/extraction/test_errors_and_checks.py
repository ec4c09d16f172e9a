from decimal import Decimal

import pytest

from agents.intake.extraction import (
    ExtractedLine,
    ExtractionError,
    InvoiceExtraction,
    extract_invoice,
    page_count,
)
from agents.intake.extraction.validate import cross_check

from .pdfs import english_invoice, make_pdf

NEITHER = "The file is neither a PDF nor an image (PNG, JPEG, TIFF)"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The file is empty"),
        (b"PK\x03\x04 this is a zip file", NEITHER),
        (b"<html><body>invoice</body></html>", NEITHER),
    ],
)
def test_it_rejects_files_that_are_not_pdfs(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractionError) as err:
        extract_invoice(data)
    assert err.value.reason == reason
    assert err.value.permanent


def test_it_reports_a_truncated_pdf() -> None:
    data = english_invoice()
    with pytest.raises(ExtractionError) as err:
        extract_invoice(data[: len(data) // 2])
    assert err.value.reason == "The PDF is damaged (truncated)"


def test_it_reports_a_password_protected_pdf() -> None:
    data = make_pdf([[(50, "Invoice 123")]], encrypt="pw")
    with pytest.raises(ExtractionError) as err:
        extract_invoice(data)
    assert err.value.reason.startswith("The PDF is protected by a password")
    with pytest.raises(ExtractionError):
        page_count(data)


def test_it_says_a_blank_pdf_has_nothing_to_read() -> None:
    with pytest.raises(ExtractionError) as err:
        extract_invoice(make_pdf([]))
    assert err.value.reason == "The document's pages are blank: there is no text to read"


def test_it_reports_garbage_after_the_header_as_damaged() -> None:
    with pytest.raises(ExtractionError) as err:
        extract_invoice(b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n")
    assert "damaged" in err.value.reason


def _inv(**kw: object) -> InvoiceExtraction:
    inv = InvoiceExtraction(**kw)
    inv.confidence = dict.fromkeys(("subtotal", "tax", "total", "lines", "iban"), 0.9)
    return inv


def test_it_lowers_confidence_when_subtotal_plus_tax_is_not_total() -> None:
    inv = _inv(subtotal=Decimal("100"), tax=Decimal("19"), total=Decimal("120"))
    cross_check(inv)
    assert inv.total == Decimal("120")
    assert inv.confidence["total"] < 0.5 and inv.confidence["subtotal"] < 0.5


def test_it_lowers_confidence_when_lines_do_not_sum_to_the_subtotal() -> None:
    inv = _inv(subtotal=Decimal("100"), tax=Decimal("0"), total=Decimal("100"))
    inv.lines = [
        ExtractedLine(description="x", amount=Decimal("60")),
        ExtractedLine(description="y", amount=Decimal("30")),
    ]
    cross_check(inv)
    assert inv.confidence["lines"] < 0.5
    assert inv.confidence["total"] == 0.9


def test_it_lowers_confidence_for_a_bad_iban_checksum() -> None:
    inv = _inv(iban="DE89370400440532013001")
    cross_check(inv)
    assert inv.confidence["iban"] <= 0.2
    ok = _inv(iban="DE89370400440532013000")
    cross_check(ok)
    assert ok.confidence["iban"] == 0.9
