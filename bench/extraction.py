"""Benchmark the invoice extractor: accuracy and time per page, for the text layer and for OCR,
and the start-up time of `manage.py extract_invoice`.

Usage:
    python bench/extraction.py [PDF_DIR] [--write-predictions DIR] [--no-xml] [--repeat N]
                               [--ocr] [--dpi 200] [--startup N]

PDF_DIR defaults to ../shared/invoices/pdfs relative to the repository root. Without options it
reads every PDF's text layer twice, with embedded e-invoice XML used and with it ignored (the
printed page only; --no-xml keeps only the second) and prints time per document and page; with
the shared scorer beside the PDFs (../truth, ../score.py) it also prints the accuracy of each.
`--ocr` adds one more reading of the same documents: every page rendered to a picture at --dpi
and read by OCR, which is what a scan of that invoice gives. `--startup N` times N starts of
the command-line reader, on the smallest PDF and with `--version`.
Score predictions by hand with:
    python3 ../shared/invoices/score.py DIR [--errors]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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
    ap.add_argument("--ocr", action="store_true", help="also read the pages as pictures (OCR)")
    ap.add_argument("--dpi", type=int, default=200, help="resolution of the pictures for --ocr")
    ap.add_argument("--startup", type=int, default=5, metavar="N",
                    help="time N starts of manage.py extract_invoice (0: skip)")
    a = ap.parse_args(argv)

    pdfs = sorted(Path(a.pdf_dir).glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {a.pdf_dir}", file=sys.stderr)
        return 1
    scorer = _scorer(Path(a.pdf_dir).parent)
    runs: list[tuple[str, Callable[[Path], bytes], dict, int]] = [
        ("text layer" + (" (XML ignored)" if a.no_xml else ""), _pdf, {"use_embedded_xml":
                                                                      not a.no_xml}, a.repeat),
    ]
    if not a.no_xml:
        # Always beside the normal score: how well the printed page alone is read, which is all
        # an invoice without embedded e-invoice XML gives.
        runs.append(("text layer (XML ignored)", _pdf, {"use_embedded_xml": False}, a.repeat))
    if a.ocr:
        runs.append((f"OCR of {a.dpi} dpi pictures", _pictures(a.dpi), {}, 1))
    results = []
    for i, (label, load, options, repeat) in enumerate(runs):
        # The first reading's predictions go in DIR itself, the others' in DIR/<reading>/.
        out_dir = None
        if a.write_predictions:
            out_dir = Path(a.write_predictions) / (_slug(label) if i else "")
        results.append((label, *_run(pdfs, load, options, repeat, out_dir, scorer)))
    print()
    print(f"{'reading':<28} {'accuracy':>9} {'ms/page':>9} {'ms/doc (median)':>16} {'errors':>7}")
    for label, accuracy, per_page, per_doc, errors in results:
        shown = f"{100 * accuracy:.1f}%" if accuracy is not None else "-"
        print(f"{label:<28} {shown:>9} {per_page:>9.0f} {per_doc:>16.0f} {errors:>7}")
    if a.ocr and scorer is not None:
        page_only = results[0] if a.no_xml else results[1]
        ocr = results[-1]
        gap = 100 * (page_only[1] - ocr[1])
        print(f"OCR is {gap:.1f} points below the text layer (both reading the printed page only;"
              f" goal: within 5)")
    if a.startup:
        _startup(pdfs, a.startup)
    return 0


def _pdf(path: Path) -> bytes:
    return path.read_bytes()


def _pictures(dpi: int) -> Callable[[Path], bytes]:
    """Every page of the PDF rendered at `dpi`, greyscale, as one multi-page TIFF: a scan."""
    import pypdfium2 as pdfium

    def load(path: Path) -> bytes:
        doc = pdfium.PdfDocument(path.read_bytes())
        try:
            images = [
                doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                for i in range(len(doc))
            ]
        finally:
            doc.close()
        out = io.BytesIO()
        images[0].save(out, "TIFF", save_all=True, append_images=images[1:], dpi=(dpi, dpi),
                       compression="tiff_deflate")
        return out.getvalue()

    return load


def _run(pdfs, load, options, repeat, out_dir, scorer):
    """Read every document; (accuracy or None, ms per page, median ms per document, errors)."""
    per_doc: list[float] = []
    pages = 0
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        pred_dir = out_dir or Path(tmp)
        pred_dir.mkdir(parents=True, exist_ok=True)
        for pdf in pdfs:
            data = load(pdf)
            best = float("inf")
            result: dict[str, object] = {}
            n_pages = 0
            for _ in range(max(1, repeat)):
                t0 = time.perf_counter()
                try:
                    inv = extract_invoice(data, **options)
                    result = inv.to_cli_dict()
                    n_pages = inv.page_count
                except ExtractionError as exc:
                    result = {"error": exc.reason, "permanent": exc.permanent}
                best = min(best, time.perf_counter() - t0)
            per_doc.append(best)
            pages += n_pages
            if "error" in result:
                failures += 1
                print(f"  {pdf.stem}: {result['error']}")
            (pred_dir / f"{pdf.stem}.json").write_text(json.dumps(result, indent=2) + "\n")
        accuracy = scorer(pred_dir) if scorer else None
    total = sum(per_doc)
    return accuracy, 1000 * total / max(pages, 1), 1000 * statistics.median(per_doc), failures


def _scorer(invoices_dir: Path) -> Callable[[Path], float] | None:
    """The shared scorer (../score.py beside pdfs/), as a function of a predictions folder."""
    script = invoices_dir / "score.py"
    if not script.is_file():
        return None
    spec = importlib.util.spec_from_file_location("invoice_score", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def score(pred_dir: Path) -> float:
        summary = pred_dir / "summary.json"
        with contextlib.redirect_stdout(io.StringIO()):
            module.main([str(pred_dir), "--json", str(summary)])
        accuracy = json.loads(summary.read_text())["overall"]["accuracy"]
        summary.unlink()
        return accuracy

    return score


def _startup(pdfs: list[Path], runs: int) -> None:
    """Start-up of `manage.py extract_invoice`, as a user meets it: the command run on the
    smallest PDF (start, read one file, print, exit) and with `--version` (Django set up and the
    command and extractor loaded: everything before the first file is read), N runs of each,
    interleaved so both see the same load, beside a bare Python start. Wall time and the CPU time
    the processes used (their own and their children's, the sandbox included): on a loaded
    machine the CPU time is the steadier figure."""
    small = min(pdfs, key=lambda path: path.stat().st_size)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = [sys.executable, "manage.py", "extract_invoice"]
    read: list[tuple[float, float]] = []
    version: list[tuple[float, float]] = []
    bare: list[tuple[float, float]] = []
    for _ in range(runs):
        read.append(_timed([*command, str(small)], env))
        version.append(_timed([*command, "--version"], env))
        bare.append(_timed([sys.executable, "-c", "pass"], env))
    for label, times in (
        (f"manage.py extract_invoice {small.name} ({small.stat().st_size // 1024} KB)", read),
        ("manage.py extract_invoice --version (start-up only)", version),
        ("a bare Python start", bare),
    ):
        wall = [w for w, _ in times]
        cpu = [c for _, c in times]
        print(
            f"{label}: median {1000 * statistics.median(wall):.0f} ms wall"
            f" (best {1000 * min(wall):.0f}), {1000 * statistics.median(cpu):.0f} ms CPU"
            f" over {runs} runs"
        )
    print("goal: start-up under 500 ms")


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _slug(label: str) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in label.lower()).split()
    return "-".join(words)


if __name__ == "__main__":
    raise SystemExit(main())
