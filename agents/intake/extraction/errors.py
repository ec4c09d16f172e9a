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
        return f"ExtractionError({self.reason!r}, permanent={self.permanent})"


NOT_A_PDF = "The file is not a PDF"
EMPTY = "The file is empty"
ENCRYPTED = "The PDF is encrypted and cannot be read"
TRUNCATED = "The PDF is damaged (truncated)"
DAMAGED = "The PDF is damaged and cannot be read"
NO_TEXT = "The PDF has no text layer; it needs OCR"
NO_PAGES = "The PDF has no pages"
INTERNAL = "The invoice could not be processed because of an internal error"
