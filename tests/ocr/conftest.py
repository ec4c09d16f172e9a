"""OCR needs Tesseract's language data (Debian: tesseract-ocr-eng, -deu, -fra). Without it these
tests skip and say why; with CI set they fail, as for every other service CI must provide."""
from __future__ import annotations

import os

import pytest

from agents.intake.extraction.ocr import unavailable_reason


@pytest.fixture(autouse=True)
def ocr_installed() -> None:
    reason = unavailable_reason()
    if reason is None:
        return
    message = f"OCR is not installed: {reason}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI is set: .ci/run installs it")
    pytest.skip(message)


# The Playwright harness (headless Debian Chromium, a page per test with a screenshot in
# test-artifacts/, login_as), for the end-to-end test of an uploaded scan.
from tests.browser.conftest import _playwright, browser, login_as, page  # noqa: E402, F401
