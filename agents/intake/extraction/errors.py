"""The one exception type callers need to handle."""

from __future__ import annotations


class ExtractionError(Exception):
    """A document could not be read.

    ``reason`` is written for a clerk (it is shown in the review UI as-is), and ``permanent``
    tells the job runner whether retrying the same bytes could ever succeed.
    """

    def __init__(self, reason: str, *, permanent: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.reason!r}, permanent={self.permanent})"


class NeedsOcr(ExtractionError):
    """`extract_invoice(..., ocr=False)` met a page that only OCR can read.

    Not an answer for a clerk: the caller runs the reading again with OCR, where and with the
    limits it chooses (the sandbox gives OCR its own, longer ones).
    """


NOT_A_PDF = "The file is neither a PDF nor an image (PNG, JPEG, TIFF)"
EMPTY = "The file is empty"
# An encrypted PDF: one locked only against printing or copying opens without a password and is
# read (with OWNER_LOCKED among its warnings); one that needs a password to open cannot be.
PASSWORD_PROTECTED = (
    "The PDF is protected by a password and cannot be opened without it: ask the vendor for a "  # noqa: S105 - a message
    "copy without a password"
)
ENCRYPTION_UNSUPPORTED = (
    "The PDF is encrypted with a method the reader does not support: ask the vendor for an "
    "unencrypted copy"
)
OWNER_LOCKED = (
    "The PDF is locked against printing or copying (it opens without a password); it was read "
    "as usual"
)
TRUNCATED = "The PDF is damaged (truncated)"
DAMAGED = "The PDF is damaged and cannot be read"
BLANK = "The document's pages are blank: there is no text to read"
TOO_LITTLE_TEXT = (
    "Only {chars} letters and digits could be read from the document, too few for an invoice"
)
# OCR (scans and photos).
NEEDS_OCR = "The document is a scan or a picture; reading it needs OCR"
OCR_UNAVAILABLE = "The document is a scan or a picture and needs OCR, which is not set up: {why}"
OCR_TOO_SLOW = "Reading a page of the scan (OCR) took longer than {seconds:g} seconds"
OCR_TOO_MANY_PAGES = "The scan has {pages} pages; at most {max_pages} pages are read by OCR"
OCR_NO_TEXT = "OCR found no text on the document's pictures"
IMAGE_DAMAGED = "The image is damaged and cannot be read"
PIXEL_BOMB = (
    "The image is too large to read: {width} x {height} pixels, at most {max_mp} megapixels "
    "(a picture this size is a decompression bomb or not a scan)"
)
PIXEL_BOMB_HUGE = (
    "The image is too large to read: more than {max_mp} megapixels "
    "(a picture this size is a decompression bomb or not a scan)"
)
NO_PAGES = "The PDF has no pages"
INTERNAL = "The invoice could not be processed because of an internal error"
