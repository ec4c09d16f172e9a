"""OCR runs in the sandbox with limits of its own: a pixel bomb is refused before it is decoded,
a scan that takes too long is stopped, and the clerk reads why."""
from __future__ import annotations

import struct
import time
import zlib

import pytest

from agents.intake.extraction import ExtractionError
from agents.intake.sandbox import SandboxError, parse_pdf_safely
from procurement.demo import DOCUMENTS, render_invoice_pdf
from tests.ocr.scans import scan


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` pixels in a few hundred bytes (a pixel bomb: one
    compressed row of zeros that would decode into gigabytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress(b"\x00" * (width + 1), 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def test_it_refuses_a_picture_too_large_to_be_a_scan_before_decoding_it() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionError) as refused:
        parse_pdf_safely(_png_header(10_000, 8_000))  # 80 megapixels

    assert refused.value.reason == (
        "The image is too large to read: 10000 x 8000 pixels, at most 60 megapixels "
        "(a picture this size is a decompression bomb or not a scan)"
    )
    assert refused.value.permanent
    assert time.monotonic() - started < 15


def test_it_refuses_a_gigapixel_bomb_too() -> None:
    with pytest.raises(ExtractionError) as refused:
        parse_pdf_safely(_png_header(50_000, 50_000))

    assert refused.value.reason.startswith(
        "The image is too large to read: more than 60 megapixels"
    )


def test_it_stops_a_scan_that_takes_longer_than_the_ocr_time_limit() -> None:
    spec = DOCUMENTS[0].spec
    picture = scan(render_invoice_pdf(spec))

    started = time.monotonic()
    with pytest.raises(SandboxError) as stopped:
        parse_pdf_safely(picture, ocr_timeout_s=0.3, reuse=False)

    assert stopped.value.reason == "Reading the scan (OCR) took longer than 0.3 seconds"
    assert stopped.value.permanent
    assert time.monotonic() - started < 10


def test_it_says_a_damaged_picture_is_damaged() -> None:
    picture = scan(render_invoice_pdf(DOCUMENTS[0].spec))
    with pytest.raises(ExtractionError) as refused:
        parse_pdf_safely(picture[: len(picture) // 3])
    assert refused.value.reason == "The image is damaged and cannot be read"
