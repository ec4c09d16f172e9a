"""Without Tesseract's language data a scan is not rejected: intake says OCR is not set up (a
transient error, so the step is retried and then waits for a person, who retries once it is),
and a PDF whose other pages have text is read with a warning."""
from __future__ import annotations

import pytest

from agents.intake.extraction import ExtractionError, extract_invoice, ocr
from procurement.demo import DOCUMENTS, render_invoice_pdf
from tests.ocr.scans import scan


@pytest.fixture
def no_language_data(monkeypatch, tmp_path):
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    monkeypatch.setattr(ocr, "_TESSDATA_DIRS", ())
    monkeypatch.setattr(ocr, "_engine", None)


def test_it_says_ocr_is_not_set_up_and_how_to_set_it_up(no_language_data):
    picture = scan(render_invoice_pdf(DOCUMENTS[0].spec))

    with pytest.raises(ExtractionError) as waiting:
        extract_invoice(picture)

    assert waiting.value.reason.startswith(
        "The document is a scan or a picture and needs OCR, which is not set up: Tesseract's "
        "language data for deu, fra, eng was not found (Debian/Ubuntu: apt-get install "
        "tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra"
    )
    assert not waiting.value.permanent


def test_it_reads_the_text_pages_and_warns_about_the_scanned_one(no_language_data):
    import io

    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for y, text in enumerate(("ACME Office Supplies Ltd", "Invoice number: INV-77",
                              "Invoice date: 2026-03-15", "Total: 120.00 EUR")):
        pdf.drawString(60, 780 - 20 * y, text)
    pdf.showPage()
    pdf.drawImage(ImageReader(Image.new("L", (400, 560), 200)), 0, 0, *A4)  # a scanned page
    pdf.showPage()
    pdf.save()

    got = extract_invoice(buffer.getvalue())

    assert (got.invoice_number, str(got.total)) == ("INV-77", "120.00")
    assert any(w.startswith("page 2 is a scan and could not be read") for w in got.warnings)
