"""OCR for scans and photos: page images read by Tesseract into the layout's own `Word`s.

A PDF page without a usable text layer is rendered with pdfium; an uploaded image (PNG, JPEG,
TIFF, every frame of a TIFF a page) is decoded with Pillow after its size was checked. Tesseract
reads the picture through tesserocr (its C API, in this process) and every word comes back with
its box and confidence, in the same coordinates as a text layer's words (PDF points, top-left
origin), so the layout heuristics, the evidence boxes and the case page cannot tell the
difference, except that each word carries `conf`.

Why tesserocr and not pytesseract: pytesseract starts the `tesseract` program for every page,
which loads the English, German and French models again each time (0.9 s of a 1.8 s page here)
and runs outside the sandbox's own limits unless it is given its own. tesserocr keeps one engine
per process (the sandbox's warm child keeps it across documents) and runs inside the sandbox
child, so its RLIMIT_AS, RLIMIT_CPU and wall-clock kill cover Tesseract with nothing more to do.
Its wheel carries the Tesseract library; the language data is Debian's (`tesseract-ocr-eng`,
`-deu`, `-fra`), found where Debian, Homebrew or TESSDATA_PREFIX put it.

A page photographed or scanned a few degrees askew is levelled before the layout sees it: the
skew is measured from Tesseract's text-line baselines; from 0.7 degrees the picture is turned
level and read again (Tesseract joins the wrong words into a line on such a page), and what skew
is left is taken out of the word positions, so a label and its value end up on one line.
Evidence boxes are turned back onto the picture as received (`unskew_box`).
"""

from __future__ import annotations

import io
import math
import os
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import errors
from .errors import ExtractionError

if TYPE_CHECKING:
    from PIL import Image

    from .text import Document, Page

# German first: its model knows the umlauts and most French accents, and reads English words
# well; a word it is unsure of is tried with the others. (English first turns "Lumière" into
# "Lumiere" and "Bürobedarf" into "Burobedarf", and is slower.)
LANGUAGES = ("deu", "fra", "eng")
# PDF pages are rendered at this resolution; a picture is scaled to it when it is much coarser
# or finer. Tesseract reads best with capital letters some 20 to 40 pixels high.
DPI = 300
MIN_DPI = 250  # below this a picture is scaled up to DPI: at 200 dpi Tesseract loses lone "1"s
MAX_DPI = 400  # above this it is scaled down (time grows with the pixels, accuracy does not)
# A picture larger than this is refused before it is decoded (a "pixel bomb": a small PNG that
# decodes into gigabytes). 60 MP covers a 48-megapixel phone photo and A3 at 600 dpi.
MAX_PIXELS = 60_000_000
PAGE_TIMEOUT_S = 60  # per page, inside Tesseract; the sandbox's limits still apply around it
MAX_PAGES = 20  # OCR costs about two seconds a page: a longer scan goes to a clerk
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "TIFF": "TIFF"}
_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
# A picture has no page size: it is laid out as if its long side were an A4 page's (points), so
# the layout's font-relative geometry sees the usual sizes whatever the camera's resolution.
_PAGE_LONG_SIDE_PT = 842.0
_A4_LONG_SIDE_IN = 11.69
# Where Debian, Ubuntu, Fedora, Alpine and Homebrew put the language data.
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
_MIN_SKEW = math.radians(0.2)  # below this, levelling changes nothing the layout would notice
_MAX_SKEW = math.radians(10)  # beyond this the baselines are not a skew but a layout
_REREAD_SKEW = math.radians(0.7)  # from here a page is turned level and read again


def is_image(data: bytes) -> bool:
    """Whether `data` starts like a PNG, JPEG or TIFF file (the pictures intake reads)."""
    return data.startswith(_MAGIC)


def tessdata_dir() -> Path | None:
    """The folder holding the language data for every one of LANGUAGES, or None."""
    candidates = [os.environ.get("TESSDATA_PREFIX", ""), *_TESSDATA_DIRS]
    for folder in candidates:
        if folder:
            path = Path(folder)
            for base in (path, path / "tessdata"):
                if all((base / f"{lang}.traineddata").is_file() for lang in LANGUAGES):
                    return base
    return None


def unavailable_reason() -> str | None:
    """Why OCR cannot run on this machine (for people and for `make run`), or None if it can."""
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return "the tesserocr package is not installed (pip install -r requirements.txt)"
    if tessdata_dir() is None:
        return (
            "Tesseract's language data for " + ", ".join(LANGUAGES) + " was not found "
            "(Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu "
            "tesseract-ocr-fra; elsewhere set TESSDATA_PREFIX to the tessdata folder)"
        )
    return None


# ------------------------------------------------------------------------------------------
# Pictures in: a PDF page rendered, or the frames of an uploaded image.


@dataclass
class Picture:
    """One page as pixels, and how many PDF points one pixel is."""

    image: Image.Image  # 8-bit greyscale
    points_per_pixel: float


def image_pictures(data: bytes, *, max_pages: int = MAX_PAGES) -> Iterator[Picture]:
    """The pages of an uploaded picture, each checked for size before it is decoded."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:  # Pillow's own guard, far above MAX_PIXELS
        raise ExtractionError(errors.PIXEL_BOMB_HUGE.format(max_mp=MAX_PIXELS // 10**6)) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ExtractionError(errors.IMAGE_DAMAGED) from None
    if image.format not in IMAGE_FORMATS:
        raise ExtractionError(errors.NOT_A_PDF)
    frames = getattr(image, "n_frames", 1)
    if frames > max_pages:
        raise ExtractionError(errors.OCR_TOO_MANY_PAGES.format(pages=frames, max_pages=max_pages))
    for index in range(frames):
        try:
            image.seek(index)
            _check_pixels(*image.size)
            if image.format == "JPEG":
                # Decode a big photo straight at a fraction of its size (JPEG's DCT scaling).
                image.draft("L", _target_size(image.size))
            frame = ImageOps.exif_transpose(image.convert("L") if image.mode != "L" else image)
        except ExtractionError:
            raise
        except Exception:  # noqa: BLE001 - Pillow's many decoder errors: a damaged image
            raise ExtractionError(errors.IMAGE_DAMAGED) from None
        frame = frame.convert("L")
        long_side = max(frame.size)
        frame = _rescale(frame, long_side / _A4_LONG_SIDE_IN)
        yield Picture(frame, _PAGE_LONG_SIDE_PT / max(frame.size))


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ExtractionError(
            errors.PIXEL_BOMB.format(width=width, height=height, max_mp=MAX_PIXELS // 10**6)
        )


def _target_size(size: tuple[int, int]) -> tuple[int, int]:
    scale = min(1.0, MAX_DPI * _A4_LONG_SIDE_IN / max(size))
    return max(1, int(size[0] * scale)), max(1, int(size[1] * scale))


def _rescale(frame: Image.Image, dpi: float) -> Image.Image:
    """Bring a picture to about DPI when it is far coarser or finer, within MAX_PIXELS."""
    from PIL import Image

    if MIN_DPI <= dpi <= MAX_DPI:
        return frame
    scale = DPI / dpi
    width, height = frame.size
    scale = min(scale, math.sqrt(MAX_PIXELS / (width * height)))
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return frame.resize(size, Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)


def pdf_page_picture(page: Any, *, dpi: int = DPI) -> Picture:
    """Render a pypdfium2 page for OCR, at `dpi` or lower if that would exceed MAX_PIXELS."""
    width, height = page.get_size()
    scale = min(dpi / 72, math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil().convert("L")
    finally:
        bitmap.close()
    return Picture(image, 1 / scale)


# ------------------------------------------------------------------------------------------
# Tesseract: one engine per process, words with boxes and confidences out.

_engine: Any = None


def _api() -> Any:
    """This process's Tesseract engine (loading three languages takes about a second)."""
    global _engine
    if _engine is None:
        reason = unavailable_reason()
        if reason is not None:
            raise ExtractionError(errors.OCR_UNAVAILABLE.format(why=reason), permanent=False)
        # One thread: the sandbox budgets CPU per document, and two cores are shared by all.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        import tesserocr

        _engine = tesserocr.PyTessBaseAPI(
            path=str(tessdata_dir()) + os.sep,
            lang="+".join(LANGUAGES),
            psm=tesserocr.PSM.AUTO,
            oem=tesserocr.OEM.LSTM_ONLY,
        )
    return _engine


@dataclass
class OcrWord:
    text: str
    conf: float  # 0..1, Tesseract's own
    box: tuple[float, float, float, float]  # pixels: left, top, right, bottom
    line: int  # which of Tesseract's text lines it belongs to


def recognize(
    image: Image.Image, *, timeout_s: float = PAGE_TIMEOUT_S
) -> tuple[list[OcrWord], float]:
    """Words Tesseract reads on `image`, and the page's skew in radians (positive: text runs
    downhill to the right)."""
    import tesserocr

    api = _api()
    width, height = image.size
    api.SetImageBytes(image.tobytes(), width, height, 1, width)
    api.SetSourceResolution(DPI)
    if not api.Recognize(timeout=int(timeout_s * 1000)):
        raise ExtractionError(errors.OCR_TOO_SLOW.format(seconds=timeout_s))
    words: list[OcrWord] = []
    slopes: list[tuple[float, float]] = []  # (angle, weight) of each text line's baseline
    iterator = api.GetIterator()
    line = -1
    level_word, level_line = tesserocr.RIL.WORD, tesserocr.RIL.TEXTLINE
    for item in tesserocr.iterate_level(iterator, level_word):
        if item.IsAtBeginningOf(level_line):
            line += 1
            baseline = item.Baseline(level_line)
            if baseline:
                (x1, y1), (x2, y2) = baseline
                if x2 - x1 > 0:
                    slopes.append((math.atan2(y2 - y1, x2 - x1), x2 - x1))
        try:
            text = (item.GetUTF8Text(level_word) or "").strip()
        except RuntimeError:  # tesserocr's "No text returned": a page with no word on it
            continue
        box = item.BoundingBox(level_word)
        if not text or box is None:
            continue
        words.append(OcrWord(text, max(0.0, item.Confidence(level_word)) / 100, box, line))
    api.Clear()
    return words, _skew(slopes)


def _skew(slopes: list[tuple[float, float]]) -> float:
    """The page's skew: the length-weighted median of its text lines' baseline angles."""
    usable = sorted((a, w) for a, w in slopes if abs(a) < _MAX_SKEW)
    if not usable:
        return 0.0
    half, run = sum(w for _, w in usable) / 2, 0.0
    for angle, weight in usable:
        run += weight
        if run >= half:
            return angle if abs(angle) >= _MIN_SKEW else 0.0
    return 0.0


def read_picture(picture: Picture, index: int, *, timeout_s: float = PAGE_TIMEOUT_S) -> Page:
    """OCR one page into a layout `Page` (words levelled, in points) ready for the heuristics."""
    from PIL import Image

    from .text import Page, Word, build_lines

    ocr_words, skew = recognize(picture.image, timeout_s=timeout_s)
    turned = 0.0
    if abs(skew) >= _REREAD_SKEW:
        # Tesseract misjoins the rows of a page this askew (a date glued to the line beside it):
        # read the picture again, turned level around its centre.
        level = picture.image.rotate(
            math.degrees(skew), resample=Image.Resampling.BICUBIC, fillcolor=255
        )
        turned = skew
        ocr_words, skew = recognize(level, timeout_s=timeout_s)
    k = picture.points_per_pixel
    width, height = picture.image.size[0] * k, picture.image.size[1] * k
    centre = (width / 2, height / 2)
    cos, sin = math.cos(skew), math.sin(skew)
    placed: list[tuple[OcrWord, float, float, float, float]] = []
    for w in ocr_words:
        left, top, right, bottom = (v * k for v in w.box)
        # Level the word: turn its centre back by the skew around the page centre.
        cx, cy = (left + right) / 2 - centre[0], (top + bottom) / 2 - centre[1]
        lx, ly = cx * cos + cy * sin + centre[0], -cx * sin + cy * cos + centre[1]
        half_w, half_h = (right - left) / 2, (bottom - top) / 2
        placed.append((w, lx - half_w, ly - half_h, lx + half_w, ly + half_h))
    words = [
        Word(w.text, x0, top, x1, bottom, conf=w.conf)
        for w, x0, top, x1, bottom in _line_bands(placed)
    ]
    raw = "\n".join(w.text for w in words)
    # Turns about one centre add up: the picture's turn and the words' levelling.
    lines = build_lines(words, index)
    return Page(index, width, height, lines, raw, ocr=True, skew=turned + skew)


def _line_bands(
    placed: list[tuple[OcrWord, float, float, float, float]],
) -> list[tuple[OcrWord, float, float, float, float]]:
    """Give every word of a Tesseract text line that line's top and bottom.

    A text layer's word boxes are as tall as the font; OCR boxes are as tall as the ink ("a" is
    shorter than "Ty", a comma is a speck), and the layout groups words into lines by the middle
    of their boxes. The band is the median top and bottom of the line's full-height words,
    widened to the height of a font's box.
    """
    by_line: dict[int, list[tuple[OcrWord, float, float, float, float]]] = {}
    for item in placed:
        by_line.setdefault(item[0].line, []).append(item)
    out = []
    for items in by_line.values():
        tallest = max(b - t for _, _, t, _, b in items)
        full = [(t, b) for _, _, t, _, b in items if b - t >= 0.6 * tallest]
        top = statistics.median(t for t, _ in full)
        bottom = statistics.median(b for _, b in full)
        # Ink is about two thirds of the font's box (capitals, no descenders), and the layout's
        # gaps are measured in line heights: widen the band to what a text layer would report.
        height = bottom - top
        top, bottom = top - 0.3 * height, bottom + 0.2 * height
        out.extend((w, x0, top, x1, bottom) for w, x0, _, x1, _ in items)
    return out


def unskew_box(bbox: list[float], page: Page) -> list[float]:
    """A box found on a levelled OCR page, as the box around it on the picture as received."""
    if not page.skew:
        return bbox
    cx, cy = page.width / 2, page.height / 2
    cos, sin = math.cos(page.skew), math.sin(page.skew)
    xs, ys = [], []
    for x, y in ((bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3])):
        dx, dy = x - cx, y - cy
        xs.append(dx * cos - dy * sin + cx)
        ys.append(dx * sin + dy * cos + cy)
    return [round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1)]


def confidence_in(bbox: list[float], page: Page) -> float | None:
    """The lowest OCR confidence among the words inside `bbox` on `page` (None: none there)."""
    found = [
        w.conf
        for line in page.lines
        for seg in line.segments
        for w in seg.words
        if w.conf is not None
        and w.x0 < bbox[2] and w.x1 > bbox[0] and w.top < bbox[3] and w.bottom > bbox[1]
    ]
    return min(found) if found else None


# ------------------------------------------------------------------------------------------
# Documents: an uploaded picture, or the scanned pages of a PDF.


def read_image(data: bytes, *, max_pages: int = MAX_PAGES) -> Document:
    """Every page of an uploaded PNG, JPEG or TIFF, read by OCR."""
    from .text import Document

    _api()  # no engine: say so before spending time decoding
    pictures = image_pictures(data, max_pages=max_pages)
    pages = [read_picture(picture, i) for i, picture in enumerate(pictures)]
    return Document(pages, {})


def read_scanned_pages(
    doc: Document, pdf_bytes: bytes, *, dpi: int = DPI, max_pages: int = MAX_PAGES
) -> None:
    """Replace every page of `doc` that needs OCR by what OCR reads on its rendered picture.

    Without OCR on this machine the pages stay as they are with a warning when the rest of the
    document has text to read; otherwise the document waits for OCR (a transient error).
    """
    from .text import MIN_DOCUMENT_CHARS, open_pdf, usable_chars

    wanted = [p.index for p in doc.pages if p.needs_ocr]
    if not wanted:
        return
    if len(wanted) > max_pages:
        raise ExtractionError(
            errors.OCR_TOO_MANY_PAGES.format(pages=len(wanted), max_pages=max_pages)
        )
    reason = unavailable_reason()
    if reason is not None:
        if usable_chars(doc.text) >= MIN_DOCUMENT_CHARS:
            which = f"page {wanted[0] + 1} is a scan" if len(wanted) == 1 else (
                f"pages {_numbers(wanted)} are scans"
            )
            doc.warnings.append(f"{which} and could not be read: {reason}")
            return
        raise ExtractionError(errors.OCR_UNAVAILABLE.format(why=reason), permanent=False)
    pdf = open_pdf(pdf_bytes)
    try:
        for index in wanted:
            page = pdf[index]
            try:
                picture = pdf_page_picture(page, dpi=dpi)
            finally:
                page.close()
            doc.pages[index] = read_picture(picture, index)
    finally:
        pdf.close()


def _numbers(indexes: list[int]) -> str:
    return ", ".join(str(i + 1) for i in indexes)
