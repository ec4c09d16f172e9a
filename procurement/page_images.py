"""Pages of a document drawn as PNG images, with the boxes where intake read each value.

A document is a PDF or a picture intake reads by OCR (PNG, JPEG, TIFF: every frame a page).

Documents are untrusted PDFs, so pdfium never runs in the web process: the page is drawn in the
intake sandbox (agents.intake.sandbox: a resource-limited child, killed at a deadline) and the
PNG comes back as bytes. Each drawing is cached on disk under PAGE_IMAGE_DIR, named by the
document's sha256, the page and the scale, so a page is drawn once however often it is viewed.
A file that cannot be drawn is cached too, with its reason: a hostile PDF costs one sandbox run,
not one per request.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.formats import date_format

from agents.errors import AgentError
from agents.intake.extraction.errors import ExtractionError
from agents.intake.extraction.model import LINE_EVIDENCE_PREFIX
from agents.intake.sandbox import preflight, run_sandboxed
from procurement.models import Document, Invoice, InvoiceLine

logger = logging.getLogger(__name__)

# A drawing is at most this many pixels on its longer side, whatever the page size says: a page
# declared 200 x 200 inches must not become a gigabyte bitmap.
MAX_SIDE_PX = 2000
# Drawing one page is quick; more than this is a hostile file, not a slow one.
TIMEOUT_S = 15.0
CPU_S = 10
MEMORY_MB = 512
MAX_RESULT_MB = 16
CANNOT_DRAW = "This page could not be drawn"


class PageUnavailable(Exception):
    """The page cannot be shown; `reason` is written for the clerk."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class NoSuchPage(PageUnavailable):
    """The document has no page with that number."""


@dataclass(frozen=True)
class PageImage:
    """A drawn page: the PNG on disk and the page's size in PDF points and pixels."""

    path: Path
    number: int  # 1-based
    page_count: int
    width_pt: float
    height_pt: float
    width_px: int
    height_px: int


def render_scale() -> float:
    return float(settings.PAGE_IMAGE_SCALE)


def page_image(*, document: Document, number: int) -> PageImage:
    """Page `number` (1-based) of `document` drawn as a PNG: from the cache, or drawn now.

    Raises NoSuchPage for a number outside the document, PageUnavailable when the file cannot be
    drawn (not a PDF, damaged, hostile: the reason says which).
    """
    if number < 1:
        raise NoSuchPage(f"There is no page {number}.")
    scale = render_scale()
    png, meta = _cache_paths(document.sha256, number, scale)
    if not meta.is_file():
        _draw_into_cache(document, number, scale, png, meta)
    info = json.loads(meta.read_text())
    if "error" in info:
        raise PageUnavailable(info["error"])
    if "no_such_page" in info:
        raise NoSuchPage(info["no_such_page"])
    return PageImage(path=png, number=number, **info)


def _cache_paths(sha256: str, number: int, scale: float) -> tuple[Path, Path]:
    folder = Path(settings.PAGE_IMAGE_DIR) / sha256[:2]
    stem = f"{sha256}-p{number}-s{scale:g}"
    return folder / f"{stem}.png", folder / f"{stem}.json"


def _draw_into_cache(document: Document, number: int, scale: float, png: Path, meta: Path) -> None:
    """Draw the page in the sandbox and write the PNG, then its metadata (the metadata file is
    what marks the entry complete, so a crash between the two only costs a second drawing)."""
    try:
        content = document.read_bytes()
    except FileNotFoundError:
        # Not cached: the original may come back (a restored volume); nothing was drawn.
        raise PageUnavailable("The original file is missing from the document store.") from None
    try:
        preflight(content, max_mb=settings.MAX_UPLOAD_MB)
        drawn = run_sandboxed(
            functools.partial(draw_page, index=number - 1, scale=scale),
            content,
            timeout_s=TIMEOUT_S,
            memory_mb=MEMORY_MB,
            cpu_s=CPU_S,
            max_result_mb=MAX_RESULT_MB,
            reuse=True,
        )
    except (ExtractionError, AgentError) as exc:  # AgentError: the sandbox's SandboxError
        info: dict = {"error": f"{CANNOT_DRAW}: {exc.reason.rstrip('.')}."}
    except Exception:  # noqa: BLE001 - whatever pdfium raised, the clerk gets a placeholder
        logger.exception("drawing page %s of document %s failed", number, document.pk)
        info = {"error": f"{CANNOT_DRAW}."}
    else:
        if "no_such_page" in drawn:
            info = drawn
        else:
            _write_atomically(png, drawn.pop("png"))
            info = drawn
            logger.info(
                "drew page %s of document %s (%sx%s px)",
                number, document.pk, info["width_px"], info["height_px"],
            )
    _write_atomically(meta, json.dumps(info).encode())


def _write_atomically(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".drawing-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def draw_page(pdf_bytes: bytes, *, index: int, scale: float) -> dict:
    """Runs in the sandbox child: page `index` (0-based) as PNG bytes with its sizes."""
    import io

    from agents.intake.extraction.ocr import is_image
    from agents.intake.extraction.text import open_pdf

    if is_image(pdf_bytes):
        return _draw_picture(pdf_bytes, index=index, scale=scale)
    pdf = open_pdf(pdf_bytes)  # ExtractionError with a clerk's reason for a damaged file
    try:
        page_count = len(pdf)
        if index >= page_count:
            return {"no_such_page": f"The document has {page_count} page(s), not {index + 1}."}
        page = pdf[index]
        width_pt, height_pt = page.get_size()
        scale = min(scale, MAX_SIDE_PX / max(width_pt, height_pt, 1.0))
        image = page.render(scale=scale).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return {
            "png": buffer.getvalue(),
            "page_count": page_count,
            "width_pt": round(width_pt, 2),
            "height_pt": round(height_pt, 2),
            "width_px": image.width,
            "height_px": image.height,
        }
    finally:
        pdf.close()


def _draw_picture(content: bytes, *, index: int, scale: float) -> dict:
    """A scan or photo's page, sized in points as OCR laid it out (extraction.ocr), so the boxes
    intake read on it land where they belong. Decoded with OCR's own checks (pixel bombs)."""
    import io

    from PIL import Image

    from agents.intake.extraction.ocr import image_pictures

    pictures = list(image_pictures(content))
    if index >= len(pictures):
        return {"no_such_page": f"The document has {len(pictures)} page(s), not {index + 1}."}
    picture = pictures[index]
    width_pt = picture.image.width * picture.points_per_pixel
    height_pt = picture.image.height * picture.points_per_pixel
    scale = min(scale, MAX_SIDE_PX / max(width_pt, height_pt, 1.0))
    size = (max(1, round(width_pt * scale)), max(1, round(height_pt * scale)))
    image = picture.image.resize(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return {
        "png": buffer.getvalue(),
        "page_count": len(pictures),
        "width_pt": round(width_pt, 2),
        "height_pt": round(height_pt, 2),
        "width_px": image.width,
        "height_px": image.height,
    }


# --- The boxes: where each extracted value was read ---------------------------------------------


@dataclass(frozen=True)
class EvidenceBox:
    """One extracted value and its box on the page, in PDF points from the top-left corner."""

    field: str
    label: str
    value: str
    x: float
    y: float
    width: float
    height: float
    # Another value was read from the very same box (a subtotal derived from the total): its
    # label is shown only while it is lit, so two labels never print over each other; the first
    # box's caption names them all.
    shares_place: bool = False
    also: tuple[str, ...] = ()  # labels of the later boxes in the same place, same value

    @property
    def caption(self) -> str:
        names = ", ".join((self.label, *self.also))
        return f"{names}: {self.value}" if self.value else names

    @property
    def label_y(self) -> float:
        """The label sits just above its box, or below it when the box touches the top edge."""
        return round(self.y - 2, 1) if self.y > 10 else round(self.y + self.height + 8, 1)


def evidence_boxes(invoice: Invoice | None, *, page_index: int) -> list[EvidenceBox]:
    """The boxes of `invoice.evidence` that lie on page `page_index` (0-based): the header fields
    in the invoice's field order, then the lines ("Line 3", its amount). Malformed entries are
    skipped: evidence is only shown, never trusted."""
    if invoice is None or not isinstance(invoice.evidence, dict):
        return []
    lines: dict[int, InvoiceLine] | None = None
    boxes = []
    for field, where in invoice.evidence.items():
        if not isinstance(where, dict) or where.get("page") != page_index:
            continue
        bbox = where.get("bbox")
        if not _is_box(bbox):
            continue
        if field.startswith(LINE_EVIDENCE_PREFIX):
            number = field.removeprefix(LINE_EVIDENCE_PREFIX)
            if not number.isdigit():
                continue
            if lines is None:  # one query, and only when a line has a box
                lines = {line.line_no: line for line in invoice.lines.all()}
            line = lines.get(int(number))
            label, value = f"Line {number}", _shown(line.amount if line else None)
        else:
            label, value = _label(field), _shown(getattr(invoice, field, ""))
        x0, top, x1, bottom = (float(v) for v in bbox)
        boxes.append(
            EvidenceBox(
                field=field,
                label=label,
                value=value,
                x=x0,
                y=top,
                width=max(x1 - x0, 1.0),
                height=max(bottom - top, 1.0),
            )
        )
    order = {f.name: i for i, f in enumerate(Invoice._meta.get_fields())}

    def position(box: EvidenceBox) -> tuple[int, int, str]:
        number = box.field.removeprefix(LINE_EVIDENCE_PREFIX)
        return order.get(box.field, len(order)), int(number) if number.isdigit() else 0, box.field

    boxes.sort(key=position)
    first_at: dict[tuple[float, float, float, float], int] = {}
    for i, box in enumerate(boxes):
        place = (box.x, box.y, box.width, box.height)
        if place not in first_at:
            first_at[place] = i
            continue
        boxes[i] = replace(box, shares_place=True)
        first = boxes[first_at[place]]
        if box.value == first.value:
            boxes[first_at[place]] = replace(first, also=(*first.also, box.label))
    return boxes


def _is_box(bbox: object) -> bool:
    return (
        isinstance(bbox, list)
        and len(bbox) == 4
        and all(isinstance(v, int | float) for v in bbox)
        and bbox[2] >= bbox[0]
        and bbox[3] >= bbox[1]
    )


def _label(field: str) -> str:
    try:
        name = str(Invoice._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001 - a key the model does not know is shown as it is
        name = field.replace("_", " ")
    return name.removesuffix(" (printed)").capitalize()


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return date_format(value, "j M Y")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)
