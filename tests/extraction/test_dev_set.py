"""Accuracy on the shared development set, scored by its own scorer."""

import contextlib
import importlib.util
import io
import json
from pathlib import Path

import pytest

from agents.intake.extraction import ExtractionError, extract_invoice

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "invoices"


@pytest.mark.skipif(not (SHARED / "score.py").exists(), reason="shared invoice set not present")
def test_it_reaches_ninety_percent_on_the_dev_set(tmp_path: Path) -> None:
    for pdf in sorted((SHARED / "pdfs").glob("*.pdf")):
        try:
            pred = extract_invoice(pdf.read_bytes()).to_cli_dict()
        except ExtractionError as exc:
            pred = {"error": exc.reason}
        (tmp_path / f"{pdf.stem}.json").write_text(json.dumps(pred))
    spec = importlib.util.spec_from_file_location("invoice_score", SHARED / "score.py")
    assert spec and spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    summary = tmp_path / "summary.json"
    with contextlib.redirect_stdout(io.StringIO()):
        scorer.main([str(tmp_path), "--json", str(summary)])
    result = json.loads(summary.read_text())
    assert result["overall"]["accuracy"] >= 0.9
    lines = result["per_field"]["line_items"]
    assert lines["correct"] / lines["total"] >= 0.8
