"""Documents for the router's tests: a PDF of given lines (a statement, a credit note), and the
embedded pipeline (no Redis: each job runs in this process right after commit)."""
from __future__ import annotations

import io

import pytest

from tests.intake_sources.conftest import inbox  # noqa: F401 - shared fixtures
from tests.llm.conftest import fake_llm, llm_settings  # noqa: F401 - shared fixtures


def text_pdf(lines: list[str], *, title: str = "") -> bytes:
    """A one-page PDF with a text layer: `title` large at the top, then one line each."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    top = A4[1] - 60
    if title:
        canvas.setFont("Helvetica-Bold", 18)
        canvas.drawString(50, top, title)
        top -= 34
    canvas.setFont("Helvetica", 10)
    for line in lines:
        canvas.drawString(50, top, line)
        top -= 15
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture
def embedded(transactional_db, settings):
    settings.REDIS_URL = ""
    settings.LLM_PROVIDER = "rules"
    return settings
