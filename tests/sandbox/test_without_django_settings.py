"""A script that imported Django but never set it up still gets the extractor's own answer."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import io, django.db  # imported, never configured
from reportlab.pdfgen import canvas
from agents.intake.sandbox import parse_pdf_safely
buf = io.BytesIO(); pdf = canvas.Canvas(buf); pdf.showPage(); pdf.save()
try:
    parse_pdf_safely(buf.getvalue())
except Exception as exc:
    print(type(exc).__name__, exc.reason)
"""


def test_it_reports_the_extractors_reason_not_a_crash():
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)

    assert done.stdout.strip() == (
        "ExtractionError The document's pages are blank: there is no text to read"
    ), (
        done.stdout + done.stderr
    )
