"""Reading PDFs with pypdfium2: safe opening, page text, and a light geometric layout.

The layout is words (with boxes, top-left origin, PDF points) grouped into visual lines, and
each line split into *segments* at wide horizontal gaps (table cells, label/value columns).
Content-stream order is often not reading order, so the heuristics work on this geometry
instead of on the raw text dump.
"""

from __future__ import annotations

import contextlib
import ctypes
import re
import statistics
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import errors
from .errors import ExtractionError

# pdfium marks a hyphen at a soft line break with U+FFFE; other control chars are noise.
# (FPDFText_GetUnicode reports that hyphen as U+0002.)
_CHAR_FIXES = {"\ufffe": "-", "\x02": "-", "\ufffd": "", "\u00ad": "-"}


@dataclass
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float | None = None  # OCR's confidence (0..1); None for a text layer's word

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Segment:
    """A run of words on one visual line without a wide gap (a cell, a label, a value...)."""

    words: list[Word]
    page: int
    text: str = ""
    offsets: list[int] = field(default_factory=list)  # start offset of each word in ``text``

    def __post_init__(self) -> None:
        parts: list[str] = []
        pos = 0
        for w in self.words:
            self.offsets.append(pos)
            parts.append(w.text)
            pos += len(w.text) + 1
        self.text = " ".join(parts)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    def bbox(self, start: int = 0, end: int | None = None) -> list[float]:
        """Box of the words overlapping text[start:end]."""
        end = len(self.text) if end is None else end
        picked = [
            w
            for w, off in zip(self.words, self.offsets, strict=True)
            if off < end and off + len(w.text) > start
        ] or self.words
        return [
            round(min(w.x0 for w in picked), 1),
            round(min(w.top for w in picked), 1),
            round(max(w.x1 for w in picked), 1),
            round(max(w.bottom for w in picked), 1),
        ]


@dataclass
class Line:
    segments: list[Segment]
    page: int
    index: int = 0  # position within the page, top to bottom

    @property
    def text(self) -> str:
        return "   ".join(s.text for s in self.segments)

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Page:
    index: int
    width: float
    height: float
    lines: list[Line]
    raw_text: str
    ocr: bool = False  # read by OCR from a picture of the page
    skew: float = 0.0  # radians the picture was levelled by (OCR pages only)
    needs_ocr: bool = False  # no usable text layer, but something is drawn: a scan


# A page with fewer letters and digits in its text layer is read by OCR when it holds a picture (a
# scan) or its text is garbage (a font without a Unicode map gives control characters).
MIN_PAGE_CHARS = 30
MIN_DOCUMENT_CHARS = 30  # fewer letters and digits than this is not an invoice anyone can read


def usable_chars(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


@dataclass
class Document:
    pages: list[Page]
    attachments: dict[str, bytes]
    warnings: list[str] = field(default_factory=list)

    @property
    def text_chars(self) -> int:
        return sum(len(p.raw_text) for p in self.pages)

    @property
    def lines(self) -> list[Line]:
        return [line for p in self.pages for line in p.lines]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def read_by_ocr(self) -> bool:
        return any(p.ocr for p in self.pages)


def _check_container(pdf_bytes: bytes) -> None:
    """Cheap byte-level checks that give clearer reasons than pdfium's error codes."""
    if not pdf_bytes or not pdf_bytes.strip():
        raise ExtractionError(errors.EMPTY)
    if b"%PDF-" not in pdf_bytes[:1024]:
        raise ExtractionError(errors.NOT_A_PDF)
    last_eof = pdf_bytes.rfind(b"%%EOF")
    # A cut-off download has no final %%EOF, or object data after the last one (a truncated
    # incremental update). pdfium would often "repair" such files and silently drop pages.
    if last_eof < 0 or re.search(rb"\d+\s+\d+\s+obj\b", pdf_bytes[last_eof:]):
        raise ExtractionError(errors.TRUNCATED)


def open_pdf(pdf_bytes: bytes) -> pdfium.PdfDocument:
    """Open a PDF or raise ExtractionError with a clerk-readable reason."""
    _check_container(pdf_bytes)
    try:
        doc = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ExtractionError(errors.PASSWORD_PROTECTED) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ExtractionError(errors.ENCRYPTION_UNSUPPORTED) from None
        raise ExtractionError(errors.DAMAGED) from None
    except Exception:  # noqa: BLE001 - anything pdfium chokes on is a damaged file to the clerk
        raise ExtractionError(errors.DAMAGED) from None
    if len(doc) == 0:
        doc.close()
        raise ExtractionError(errors.NO_PAGES)
    return doc


def page_count(pdf_bytes: bytes) -> int:
    """Number of pages; raises ExtractionError for files that are not readable PDFs."""
    doc = open_pdf(pdf_bytes)
    try:
        return len(doc)
    finally:
        doc.close()


def _page_words(textpage: pdfium.PdfTextPage, page_height: float) -> tuple[list[Word], str]:
    count = textpage.count_chars()
    if count <= 0:
        return [], ""
    text = textpage.get_text_range(0, count)
    rect = pdfium_c.FS_RECTF()
    words: list[Word] = []
    cur: list[tuple[str, float, float, float, float]] = []

    def flush() -> None:
        if cur:
            words.append(
                Word(
                    "".join(c[0] for c in cur),
                    min(c[1] for c in cur),
                    min(c[2] for c in cur),
                    max(c[3] for c in cur),
                    max(c[4] for c in cur),
                )
            )
            cur.clear()

    raw_page = textpage.raw
    # pdfium invents a space wherever glyphs sit a little apart; in letter-spaced or kerned
    # text that splits words ("Ver käufer"). Such a space only counts when the gap is real.
    soft_gap = 0.25
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_angle = pdfium_c.FPDFText_GetCharAngle
    aligned = len(text) == count  # the usual case: the text range maps 1:1 to char indexes
    for i in range(count):
        # By index, not from ``text``: pdfium keeps a lone surrogate for a character outside
        # the BMP (an emoji phone icon) that the text range drops, shifting every later box.
        if aligned:
            ch = text[i]
        else:
            code = get_unicode(raw_page, i)
            ch = "" if 0xD800 <= code <= 0xDFFF else chr(code)
        ch = _CHAR_FIXES.get(ch, ch)
        if ch == " " and cur and pdfium_c.FPDFText_IsGenerated(raw_page, i) == 1:
            soft_gap = 0.13
            continue
        if not ch or ch.isspace() or not ch.isprintable():
            flush()
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw_page, i, ctypes.byref(rect)):
            flush()
            continue
        x0, x1 = rect.left, rect.right
        top, bottom = page_height - rect.top, page_height - rect.bottom
        if cur:
            _, px0, ptop, px1, pbottom = cur[-1]
            h = max(pbottom - ptop, 1.0)
            mid, pmid = (top + bottom) / 2, (ptop + pbottom) / 2
            if x0 - px1 > soft_gap * h or x0 < px0 - 0.5 * h or abs(mid - pmid) > 0.5 * h:
                flush()
        soft_gap = 0.25
        # Rotated text (a vertical sidebar, a stamp) would scatter into one-letter lines.
        # Checked where a word starts: a rotated run never continues a horizontal word.
        if not cur and 0.05 < get_angle(raw_page, i) < 6.23:
            continue
        cur.append((ch, x0, top, x1, bottom))
    flush()
    return words, text


def build_lines(words: list[Word], page: int) -> list[Line]:
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        placed = False
        # Only recent rows can overlap vertically because words come sorted by centre.
        for k in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            top, bottom = bands[k]
            first = rows[k][0]
            # Centre distance, not box overlap: loose glyph boxes of big fonts are tall enough
            # to overlap the next line.
            centre_gap = abs((first.top + first.bottom) / 2 - (w.top + w.bottom) / 2)
            if centre_gap < 0.4 * min(first.height, w.height):
                rows[k].append(w)
                bands[k] = (min(top, w.top), max(bottom, w.bottom))
                placed = True
                break
        if not placed:
            rows.append([w])
            bands.append((w.top, w.bottom))
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        height = statistics.median(w.height for w in row)
        segments: list[list[Word]] = [[row[0]]]
        for prev, w in zip(row, row[1:], strict=False):
            # A gap over ~1 line height is a column break, ordinary word spaces are ~0.3.
            if w.x0 - prev.x1 > 0.9 * height:
                segments.append([w])
            else:
                segments[-1].append(w)
        lines.append(Line([Segment(s, page) for s in segments], page))
    lines.sort(key=lambda ln: (ln.top, ln.segments[0].x0))
    for i, line in enumerate(lines):
        line.index = i
    return lines


def _needs_ocr(page: pdfium.PdfPage, raw: str) -> bool:
    """A scanned page, or one whose text layer is unreadable: only OCR can read it.

    A page that says little in plain text ("INVOICE 4711 Total EUR 100.00") is not a scan: OCR
    would read the same few words, so it is left to say that it is too little.
    """
    if usable_chars(raw) >= MIN_PAGE_CHARS:
        return False
    printed = [ch for ch in raw if not ch.isspace()]
    if len(printed) >= 10 and usable_chars(raw) < 0.5 * len(printed):
        return True  # mostly unmapped glyphs
    images = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)
    return next(images, None) is not None


def read_document(pdf_bytes: bytes, *, with_attachments: bool = True) -> Document:
    """Open and lay out every page; raises ExtractionError for unreadable files."""
    doc = open_pdf(pdf_bytes)
    try:
        pages: list[Page] = []
        for index in range(len(doc)):
            page = doc[index]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    words, raw = _page_words(textpage, height)
                finally:
                    textpage.close()
                needs_ocr = _needs_ocr(page, raw)
            finally:
                page.close()
            lines = build_lines(words, index)
            pages.append(Page(index, width, height, lines, raw, needs_ocr=needs_ocr))
        # Opened without a password, yet encrypted: locked by its author against printing or
        # copying only. Reading an invoice sent to us is what it is for; the clerk is told.
        locked = pdfium_c.FPDF_GetSecurityHandlerRevision(doc.raw) != -1
        attachments: dict[str, bytes] = {}
        if with_attachments:
            for i in range(doc.count_attachments()):
                att = doc.get_attachment(i)
                name = att.get_name()
                if name.lower().endswith(".xml"):
                    # A broken attachment is just skipped: the text layer still works.
                    with contextlib.suppress(Exception):
                        attachments[name] = bytes(att.get_data())
        document = Document(pages, attachments)
        if locked:
            document.warnings.append(errors.OWNER_LOCKED)
        return document
    except ExtractionError:
        raise
    except Exception:  # noqa: BLE001 - pdfium failing mid-way means a damaged file
        raise ExtractionError(errors.DAMAGED) from None
    finally:
        doc.close()
