"""The demo world, seeded into the test database, and its invoice PDFs on disk."""
from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from procurement.demo import seed_demo
from tests.llm.conftest import fake_llm, llm_settings  # noqa: F401 - shared fixtures


@pytest.fixture
def demo_pdfs(tmp_path):
    pdf_dir = tmp_path / "demo_invoices"
    seed_demo(pdf_dir=pdf_dir)
    entries = json.loads((pdf_dir / "manifest.json").read_text())
    manifest = {entry["file"]: entry for entry in entries}
    return pdf_dir, manifest


def ingest(*paths, wait: float = 120) -> tuple[int, list[dict]]:
    """Run `manage.py ingest --wait` and return its exit code and JSON lines."""
    out = io.StringIO()
    code = 0
    try:
        call_command("ingest", *map(str, paths), "--wait", str(wait), stdout=out)
    except SystemExit as exit_:
        code = exit_.code
    return code, [json.loads(line) for line in out.getvalue().splitlines()]
