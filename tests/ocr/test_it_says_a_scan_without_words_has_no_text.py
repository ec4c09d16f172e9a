"""A scanned page with lines and boxes but not one word: OCR says it found no text, a permanent
answer the clerk sees, instead of Tesseract's bare RuntimeError ("No text returned"), which the
orchestrator took for a passing fault and retried twice before giving up, and which crashed
`manage.py extract_invoice` with a traceback."""
from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from agents.intake.extraction import ExtractionError, extract_invoice
from agents.intake.extraction.errors import OCR_NO_TEXT


def wordless_scan() -> bytes:
    import io

    image = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 580, 120), outline="black", width=3)
    for y in range(180, 700, 40):
        draw.line((60, y, 560, y), fill="gray", width=6)
    out = io.BytesIO()
    image.save(out, "PDF", resolution=72)
    return out.getvalue()


def test_it_says_a_scan_without_words_has_no_text():
    with pytest.raises(ExtractionError) as error:
        extract_invoice(wordless_scan())

    assert (error.value.reason, error.value.permanent) == (OCR_NO_TEXT, True)
