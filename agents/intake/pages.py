"""Pictures of a document's pages for people, in the coordinates intake's evidence boxes use.

`page_sizes()` and `page_png()` accept what intake reads (a PDF, a PNG, JPEG or TIFF picture) and
run in the sandbox like every other reading of untrusted bytes. Sizes are in PDF points: a PDF's
own page size, and for a picture the size OCR laid it out at (`extraction.ocr`), so an evidence
box (`Invoice.evidence[field] = {page, bbox}`) drawn over the picture lands where it was read.
"""
from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from agents.intake.sandbox import run_sandboxed

RENDER_LIMITS = {"timeout_s": 20.0, "memory_mb": 1024, "cpu_s": 15}
MAX_WIDTH_PX = 2000


@dataclass(frozen=True)
class PageSize:
    width: float  # points
    height: float


def page_sizes(content: bytes) -> list[PageSize]:
    """Every page's size in points; raises the extractor's errors for a file it cannot read."""
    return run_sandboxed(_sizes, content, reuse=True, **RENDER_LIMITS)


def page_png(content: bytes, *, page: int, width_px: int = 1200) -> bytes:
    """Page `page` (0-based) as a PNG `width_px` wide; IndexError when there is no such page."""
    width_px = max(100, min(width_px, MAX_WIDTH_PX))
    render = functools.partial(_png, page=page, width_px=width_px)
    return run_sandboxed(render, content, reuse=True, **RENDER_LIMITS)


# -- in the sandbox ------------------------------------------------------------------------------


def _sizes(content: bytes) -> list[PageSize]:
    from agents.intake.extraction import ocr
    from agents.intake.extraction.text import open_pdf

    if ocr.is_image(content):
        return [
            PageSize(p.image.size[0] * p.points_per_pixel, p.image.size[1] * p.points_per_pixel)
            for p in ocr.image_pictures(content)
        ]
    doc = open_pdf(content)
    try:
        return [PageSize(*doc[i].get_size()) for i in range(len(doc))]
    finally:
        doc.close()


def _png(content: bytes, *, page: int, width_px: int) -> bytes:
    from PIL import Image

    from agents.intake.extraction import ocr
    from agents.intake.extraction.text import open_pdf

    if ocr.is_image(content):
        pictures = list(ocr.image_pictures(content))
        image = pictures[page].image
        height_px = max(1, round(image.size[1] * width_px / image.size[0]))
        image = image.resize((width_px, height_px), Image.Resampling.LANCZOS)
    else:
        doc = open_pdf(content)
        try:
            if not 0 <= page < len(doc):
                raise IndexError(page)
            pdf_page = doc[page]
            width_pt, _ = pdf_page.get_size()
            image = pdf_page.render(scale=width_px / width_pt).to_pil()
        finally:
            doc.close()
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()
