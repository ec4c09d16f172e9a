"""Benchmark the invoice extractor and optionally write scorer-compatible predictions.

Usage:
    python bench/extraction.py [PDF_DIR] [--write-predictions DIR] [--no-xml] [--repeat N]

PDF_DIR defaults to ../shared/invoices/pdfs relative to the repository root.  Score with:
    python3 ../shared/invoices/score.py DIR [--errors]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from agents.intake.extraction import ExtractionError, extract_invoice  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf_dir", nargs="?", default=str(REPO.parent / "shared/invoices/pdfs"))
    ap.add_argument("--write-predictions", metavar="DIR")
    ap.add_argument("--no-xml", action="store_true", help="ignore embedded e-invoice XML")
    ap.add_argument("--repeat", type=int, default=3, help="runs per file; the best one counts")
    a = ap.parse_args(argv)

    pdfs = sorted(Path(a.pdf_dir).glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {a.pdf_dir}", file=sys.stderr)
        return 1
    out_dir = Path(a.write_predictions) if a.write_predictions else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    per_doc: list[float] = []
    pages = 0
    failures = 0
    for pdf in pdfs:
        data = pdf.read_bytes()
        best = float("inf")
        result: dict[str, object] = {}
        for _ in range(max(1, a.repeat)):
            t0 = time.perf_counter()
            try:
                inv = extract_invoice(data, use_embedded_xml=not a.no_xml)
                result = inv.to_cli_dict()
                n_pages = inv.page_count
            except ExtractionError as exc:
                result = {"error": exc.reason, "permanent": exc.permanent}
                n_pages = 0
            best = min(best, time.perf_counter() - t0)
        per_doc.append(best)
        pages += n_pages
        if "error" in result:
            failures += 1
            print(f"  {pdf.stem}: {result['error']}")
        if out_dir:
            (out_dir / f"{pdf.stem}.json").write_text(json.dumps(result, indent=2) + "\n")
    total = sum(per_doc)
    print(f"documents: {len(pdfs)}  pages: {pages}  errors: {failures}")
    print(
        f"median: {1000 * statistics.median(per_doc):.1f} ms/doc   "
        f"p90: {1000 * sorted(per_doc)[int(0.9 * (len(per_doc) - 1))]:.1f} ms/doc   "
        f"pages/s: {pages / total:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
