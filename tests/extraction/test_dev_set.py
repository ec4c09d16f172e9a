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
@pytest.mark.parametrize(
    ("use_embedded_xml", "at_least", "lines_at_least"),
    # Page only: 96.4% and line items 16 of 19 when written (issue 13); kept from falling back
    # towards the 90% before.
    [(True, 0.9, 0.8), (False, 0.96, 0.8)],
    ids=["xml-used", "page-only"],
)
def test_it_reaches_ninety_percent_on_the_dev_set(
    tmp_path: Path, use_embedded_xml: bool, at_least: float, lines_at_least: float
) -> None:
    for pdf in sorted((SHARED / "pdfs").glob("*.pdf")):
        try:
            pred = extract_invoice(
                pdf.read_bytes(), use_embedded_xml=use_embedded_xml
            ).to_cli_dict()
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
    assert result["overall"]["accuracy"] >= at_least
    lines = result["per_field"]["line_items"]
    assert lines["correct"] / lines["total"] >= lines_at_least
