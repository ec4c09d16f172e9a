"""The pre-flight turns away what is obviously bad, in the caller's process, before parsing."""
from __future__ import annotations

import subprocess
import sys

import pytest

from agents.errors import PermanentError
from agents.intake.sandbox import SandboxError, preflight
from tests.sandbox import hostile


def _reason(pdf_bytes: bytes, **kwargs) -> str:
    with pytest.raises(SandboxError) as caught:
        preflight(pdf_bytes, **kwargs)
    assert isinstance(caught.value, PermanentError) and caught.value.permanent
    return caught.value.reason


def test_it_refuses_an_empty_file():
    assert _reason(b"") == "The file is empty"
    assert _reason(b" \r\n\t ") == "The file is empty"


NEITHER = "The file is neither a PDF nor an image (PNG, JPEG, TIFF)"


def test_it_refuses_a_file_that_is_neither_a_pdf_nor_a_picture_it_reads():
    assert _reason(hostile.GIF) == NEITHER
    assert _reason(hostile.TEXT) == NEITHER
    assert _reason(b"x" * 1024 + hostile.hello_pdf()) == NEITHER


def test_it_lets_a_png_through_for_ocr():
    preflight(hostile.PNG)  # its pixels are counted in the sandbox, before it is decoded


def test_it_accepts_a_pdf_header_after_some_junk():
    preflight(b"junk from a mail gateway\n" + hostile.hello_pdf())


def test_it_refuses_a_file_over_the_size_limit():
    big = hostile.hello_pdf() + b"%" + b" " * (2 * 1024 * 1024)
    assert _reason(big, max_mb=2) == "The file is larger than the 2 MB upload limit"
    preflight(big, max_mb=3)


def test_it_leaves_an_encrypted_pdf_to_the_sandbox():
    # Whether it opens without a password takes parsing: the extractor answers, in the sandbox
    # (tests/intake/test_it_answers_encrypted_and_nearly_empty_pdfs_truthfully.py).
    preflight(hostile.encrypted_pdf())


def test_it_lets_normal_pdfs_through():
    preflight(hostile.hello_pdf())
    preflight(hostile.reportlab_pdf())


def test_it_is_importable_without_django():
    code = (
        "import sys; import agents.intake.sandbox as s; "
        "s.preflight(b'%PDF-1.4 x'); "
        "assert 'django' not in sys.modules, 'django was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
