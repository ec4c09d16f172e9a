"""Hostile and broken PDFs opened by the real PDF libraries inside the sandbox: every call comes
back promptly with a result or a clear error, and the calling process is unharmed. Each test runs
twice: in a fork per call, and in the reused warm child."""
from __future__ import annotations

import io
import resource
import time

import pdfplumber
import pypdfium2 as pdfium
import pytest

from agents.intake.sandbox import SandboxError, run_sandboxed
from tests.sandbox import hostile

LIMITS = {"timeout_s": 10.0, "memory_mb": 256, "cpu_s": 5}
OUT_OF_MEMORY = "The PDF needs more memory to read than allowed (possible decompression bomb)"


def read_with_pdfium(pdf_bytes: bytes) -> tuple[int, str]:
    doc = pdfium.PdfDocument(pdf_bytes)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(min(len(doc), 50)))
    return len(doc), text


def read_with_pdfplumber(pdf_bytes: bytes) -> tuple[int, str]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return len(pdf.pages), "".join(p.extract_text() or "" for p in pdf.pages[:50])


READERS = [read_with_pdfium, read_with_pdfplumber]
HOSTILE = {
    "decompression bomb": lambda: hostile.decompression_bomb(1024),
    "recursive page tree": hostile.recursive_page_tree,
    "circular xobjects": hostile.circular_xobjects,
    "20,000 pages": hostile.many_pages,
    "/Count 10,000,000": hostile.lying_page_count,
    "encrypted": hostile.encrypted_pdf,
    "truncated": hostile.truncated_pdf,
    "zero bytes": lambda: b"",
    "png": lambda: hostile.PNG,
    "text": lambda: hostile.TEXT,
}


@pytest.fixture(params=[False, True], ids=["fork", "warm"])
def reuse(request) -> bool:
    return request.param


def _outcome(reader, pdf_bytes: bytes, reuse: bool):
    started = time.monotonic()
    try:
        outcome = run_sandboxed(reader, pdf_bytes, **LIMITS, reuse=reuse)
    except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
        outcome = exc
    assert time.monotonic() - started < LIMITS["timeout_s"] + 2
    return outcome


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return {name: build() for name, build in HOSTILE.items()}


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_it_returns_promptly_with_a_result_or_a_clear_error(files, name, reader, reuse):
    outcome = _outcome(reader, files[name], reuse)
    if isinstance(outcome, SandboxError):
        assert outcome.reason in {OUT_OF_MEMORY, "The PDF reader crashed on this file"}
    elif isinstance(outcome, Exception):
        # The library's own error, re-raised as its own type for the extractor to translate.
        assert type(outcome).__module__.split(".")[0] in {"pypdfium2", "pdfplumber"}
    else:
        pages, _ = outcome
        assert pages >= 1


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__)
def test_it_stops_a_decompression_bomb_for_lack_of_memory(files, reader, reuse):
    bomb = files["decompression bomb"]
    assert len(bomb) < 1_200_000  # 1 GiB of zeros, about 1 MB on disk
    outcome = _outcome(reader, bomb, reuse)
    assert isinstance(outcome, SandboxError) and outcome.reason == OUT_OF_MEMORY


def test_it_stops_pdfiums_endless_drawing_of_circular_xobjects(files, reuse):
    outcome = _outcome(read_with_pdfium, files["circular xobjects"], reuse)
    assert isinstance(outcome, SandboxError) and outcome.reason == OUT_OF_MEMORY


def test_it_leaves_the_caller_unharmed(files, reuse):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB
    for reader in READERS:
        for pdf_bytes in files.values():
            _outcome(reader, pdf_bytes, reuse)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 64, f"the caller's peak memory grew by {grown_mb:.0f} MB"
    normal = hostile.reportlab_pdf(text="Invoice INV-9 total 9.99")
    assert read_with_pdfium(normal) == (1, "Invoice INV-9 total 9.99")
    after = run_sandboxed(read_with_pdfplumber, normal, **LIMITS, reuse=reuse)
    assert after == (1, "Invoice INV-9 total 9.99")
