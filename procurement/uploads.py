"""A hard size limit on uploaded files, applied while the request body is read.

Django's `DATA_UPLOAD_MAX_MEMORY_SIZE` covers form fields, not file parts: without this handler
a file of any size is spooled to a temporary file in full and then read into memory. The
`SizeLimitHandler` sits first among the request's upload handlers and counts each file part as
it arrives; once a part is larger than the limit it raises `SkipFile`, so the handlers after it
(memory, temporary file) close and drop what they have so far and the rest of that part is read
from the network and discarded. The other files of the same request are parsed as usual.

What was cut off is remembered on the handler (`too_large`), so the view can answer for that
file too. Its bytes are never stored: the file was not accepted, and the uploader still has it.

Install it before anything reads `request.POST` or `request.FILES` (CSRF checks do), see
`limit_upload_size()`.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

MB = 1024 * 1024


@dataclass(frozen=True)
class TooLargeFile:
    """A file part that was cut off at the limit; `seen_bytes` is how much arrived until then."""

    field_name: str
    filename: str
    seen_bytes: int
    position: int  # the how-manieth file part of the request (0-based), to answer in order


class SizeLimitHandler(FileUploadHandler):
    """Refuse every file part larger than `max_bytes`; keep a note of each one refused."""

    def __init__(self, request: HttpRequest | None = None, *, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.too_large: list[TooLargeFile] = []
        # (field name, position, refused?) for every file part, in the order they arrived
        self.parts: list[tuple[str, int, bool]] = []
        self._seen = 0

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        # Never raise SkipFile here: the parser would then close the *previous* file of the
        # handlers after this one. A declared per-part Content-Length is not trusted either way;
        # the bytes are counted as they come.
        super().new_file(field_name, file_name, *args, **kwargs)
        self._seen = 0
        self.parts.append((field_name, len(self.parts), False))

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self._seen += len(raw_data)
        if self._seen > self.max_bytes:
            field_name, position, _ = self.parts[-1]
            self.parts[-1] = (field_name, position, True)
            self.too_large.append(
                TooLargeFile(field_name, self.file_name or "unnamed", self._seen, position)
            )
            raise SkipFile(f"{self.file_name} is larger than {self.max_bytes} bytes")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) makes the file


def limit_upload_size(request: HttpRequest, *, max_mb: int | None = None) -> SizeLimitHandler:
    """Put a `SizeLimitHandler` first on `request`; call it before the body is read."""
    if hasattr(request, "_files"):
        # Too late: the body was parsed without the limit. Fail loudly rather than silently.
        raise RuntimeError("the request body was read before the upload size limit was set")
    max_mb = settings.MAX_UPLOAD_MB if max_mb is None else max_mb
    handler = SizeLimitHandler(request, max_bytes=max_mb * MB)
    request.upload_handlers.insert(0, handler)
    return handler
