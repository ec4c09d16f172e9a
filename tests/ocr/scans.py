"""Scans the tests make themselves: a PDF page rendered to a picture, as a scanner or a phone
would deliver it (a few degrees askew, noisy, coarse), in PNG, JPEG or TIFF."""
from __future__ import annotations

import io
import random

import pypdfium2 as pdfium
from PIL import Image, ImageChops


def scan(
    pdf_bytes: bytes,
    *,
    dpi: int = 200,
    rotate: float = 0.0,
    noise: float = 0.0,
    fmt: str = "PNG",
    pages: int = 1,
) -> bytes:
    """The first `pages` pages of `pdf_bytes` as one picture file (TIFF keeps them all)."""
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        images = [_page(doc[i], dpi, rotate, noise) for i in range(min(pages, len(doc)))]
    finally:
        doc.close()
    out = io.BytesIO()
    if fmt == "TIFF":
        images[0].save(out, "TIFF", save_all=True, append_images=images[1:], dpi=(dpi, dpi))
    elif fmt == "JPEG":
        images[0].save(out, "JPEG", quality=80, dpi=(dpi, dpi))
    else:
        images[0].save(out, fmt, dpi=(dpi, dpi))
    return out.getvalue()


def _page(page, dpi: int, rotate: float, noise: float) -> Image.Image:
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    if rotate:
        image = image.rotate(rotate, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if noise:
        speckle = _speckle(image.size, noise)
        image = ImageChops.add(image, speckle, scale=1.0, offset=-128)
    return image


def _speckle(size: tuple[int, int], sigma: float) -> Image.Image:
    """Grey noise around 128, the same on every run: PIL's effect_noise draws from C's rand(),
    so a scan's noise (and what OCR makes of it) depended on which tests ran before it."""
    rng = random.Random(f"{size}:{sigma}")
    tile = bytes(max(0, min(255, round(rng.gauss(128, sigma)))) for _ in range(256 * 256))
    noise = Image.frombytes("L", (256, 256), tile)
    sheet = Image.new("L", size)
    for x in range(0, size[0], 256):
        for y in range(0, size[1], 256):
            sheet.paste(noise, (x, y))
    return sheet
