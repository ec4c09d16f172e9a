"""parse_pdf_safely: pre-flight, page cap and the real extractor in the sandbox, one clear reason
per kind of bad file. Each test runs in the reused warm child (the default) and in a fork per
call."""
from __future__ import annotations

import time
from decimal import Decimal

import pytest

from agents.intake.sandbox import SandboxError, parse_pdf_safely
from tests.sandbox import hostile

extraction = pytest.importorskip("agents.intake.extraction")

LIMITS = {"timeout_s": 10.0, "memory_mb": 512, "cpu_s": 5}


@pytest.fixture(autouse=True, params=[True, False], ids=["warm", "fork"])
def limits(request, monkeypatch) -> dict:
    """The limits, and `reuse`, that every call here passes."""
    monkeypatch.setitem(LIMITS, "reuse", request.param)
    return LIMITS


def _refusal(pdf_bytes: bytes, **kwargs) -> Exception:
    started = time.monotonic()
    with pytest.raises((SandboxError, extraction.ExtractionError)) as caught:
        parse_pdf_safely(pdf_bytes, **{**LIMITS, **kwargs})
    assert time.monotonic() - started < LIMITS["timeout_s"] + 2
    assert caught.value.permanent
    return caught.value


def test_it_reads_a_normal_invoice_like_the_extractor_does():
    invoice = hostile.invoice_pdf()
    result = parse_pdf_safely(invoice, **LIMITS)
    assert isinstance(result, extraction.InvoiceExtraction)
    assert result.invoice_number == "INV-2025-0042"
    assert result.total == Decimal("84.00")
    assert result == extraction.extract_invoice(invoice)


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda: b"", "The file is empty"),
        (lambda: hostile.GIF, "The file is neither a PDF nor an image (PNG, JPEG, TIFF)"),
        (lambda: hostile.TEXT, "The file is neither a PDF nor an image (PNG, JPEG, TIFF)"),
    ],
    ids=["zero bytes", "png", "text"],
)
def test_it_refuses_obviously_bad_files_before_parsing(build, reason):
    error = _refusal(build())
    assert isinstance(error, SandboxError)
    assert error.reason == reason


def test_it_refuses_a_file_over_the_upload_limit():
    big = hostile.invoice_pdf() + b"%" + b" " * (1024 * 1024)
    assert _refusal(big, max_mb=1).reason == "The file is larger than the 1 MB upload limit"


def test_it_refuses_a_decompression_bomb():
    error = _refusal(hostile.decompression_bomb(1024))
    assert error.reason == (
        "The PDF needs more memory to read than allowed (possible decompression bomb)"
    )


def test_it_refuses_circular_xobjects():
    assert _refusal(hostile.circular_xobjects()).reason.startswith("The PDF needs more memory")


def test_it_refuses_more_pages_than_the_cap():
    error = _refusal(hostile.many_pages(20_000))
    assert isinstance(error, SandboxError)
    assert error.reason == "The PDF has 20000 pages; at most 200 pages are read"
    assert _refusal(hostile.many_pages(12), max_pages=10).reason.startswith("The PDF has 12 pages")


def test_it_passes_the_extractors_reasons_through_unchanged():
    truncated = _refusal(hostile.truncated_pdf())
    assert type(truncated) is extraction.ExtractionError
    assert truncated.reason == "The PDF is damaged (truncated)"
    looping = _refusal(hostile.recursive_page_tree())
    assert type(looping) is extraction.ExtractionError
    assert looping.reason == "The PDF is damaged and cannot be read"


def test_it_does_not_believe_a_lying_page_count():
    """/Count says ten million, the tree holds one page: no refusal for the page cap."""
    try:
        parse_pdf_safely(hostile.lying_page_count(), **LIMITS)
    except extraction.ExtractionError as error:
        assert error.reason.startswith("Only 3 letters and digits could be read")
