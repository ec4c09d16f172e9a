"""The router on its labelled set: accuracy, the confusion matrix, the errors that cost, items
per second.

Usage:
    python bench/router.py [--repeat 20] [--real ../shared/invoices/pdfs] [--no-demo]
                           [--split test|calibration]

Scores tests/router/labelled.py (the test split, which the router is not trained on and whose
thresholds are not set on it) with the shipped model, plus, as invoices, the text intake reads
from the 24 demo invoices (rendered here) and from every PDF in `--real` (default
../shared/invoices/pdfs when it exists; read in the intake sandbox, as intake reads them; its
avoir and two Rechnungskorrekturen count as credit notes). Prints
accuracy per language and per source, the confusion matrix (rows: true route, columns: routed),
how many went to triage, how many went across the line between intake and triage the wrong way
(an invoice or credit note to triage, or anything else to intake: the costly errors), the
closest margin of any invoice, and how many texts per second one core routes (`--repeat` passes
over the hand-written set, after one warm-up pass that also builds the model).
`--split calibration` scores tests/router/calibration.py instead: the split the thresholds and
the margin are set on (never the test split), and prints the thresholds it suggests
(suggested_thresholds). No database, no Django.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agents.router import AP_ROUTES, decide  # noqa: E402
from agents.router.examples import ROUTES  # noqa: E402

REAL = ROOT.parent.parent / "shared" / "invoices" / "pdfs"
# Of those, the credit notes (EN 16931 document type 381): titled "Avoir" and
# "Rechnungskorrektur". Intake takes them either way; counted right only as credit notes.
REAL_CREDIT_NOTES = {
    "zf_avoir_fr_type381_basic.pdf",
    "zf_zugferd_1p0_basic_rechnungskorrektur.pdf",
    "zf_zugferd_1p0_comfort_rechnungskorrektur.pdf",
}


def demo_items() -> list[tuple[str, str, str, str]]:
    from agents.router.reading import text_of
    from procurement.demo import DOCUMENTS, render_invoice_pdf

    return [("invoice", "demo", document.file, text_of(render_invoice_pdf(document.spec)))
            for document in DOCUMENTS]


def real_items(folder: Path) -> list[tuple[str, str, str, str]]:
    from agents.router.reading import text_of

    return [("credit_note" if path.name in REAL_CREDIT_NOTES else "invoice", "real", path.name,
             text_of(path.read_bytes())) for path in sorted(folder.glob("*.pdf"))]


def suggested_thresholds(items, decisions) -> dict[str, float]:
    """Per route, halfway between the highest score of a text wrongly routed there and the
    lowest of one rightly routed there; for invoice and credit note no more than half that
    lowest right score either, to leave room for pages that say less than any in the split (an
    invoice under its threshold goes to triage). Used on the calibration split only."""
    suggested = {}
    for route in ROUTES:
        right = [d.scores[route] for d, (truth, *_) in zip(decisions, items, strict=True)
                 if d.route == route == truth]
        wrong = [d.scores[route] for d, (truth, *_) in zip(decisions, items, strict=True)
                 if d.route == route != truth]
        if not right:
            continue
        value = (min(right) + max(wrong, default=0.0)) / 2
        if route in AP_ROUTES:
            value = min(value, 0.5 * min(right))
        suggested[route] = round(value, 3)
    return suggested


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--real", type=Path, default=REAL if REAL.is_dir() else None)
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--split", choices=("test", "calibration"), default="test")
    options = parser.parse_args()

    if options.split == "calibration":
        from tests.router.calibration import CALIBRATION as written
    else:
        from tests.router.labelled import LABELLED as written

    decisions = [decide(text) for _, _, _, text in written]  # warm-up, builds the model
    started = time.perf_counter()
    for _ in range(options.repeat):
        for _, _, _, text in written:
            decide(text)
    elapsed = time.perf_counter() - started
    chars = sum(len(text) for _, _, _, text in written) / len(written)

    items = list(written)
    if options.split == "test":
        if not options.no_demo:
            items += demo_items()
        if options.real:
            items += real_items(options.real)
    decisions += [decide(text) for _, _, _, text in items[len(written):]]
    pairs = list(zip(decisions, items, strict=True))

    right = sum(d.route == route for d, (route, *_) in pairs)
    print(f"{options.split} split: accuracy {right}/{len(items)} = {right / len(items):.1%}")
    seen: Counter[str] = Counter()
    right_by: Counter[str] = Counter()
    for d, (route, language, _, _) in pairs:
        seen[language] += 1
        right_by[language] += d.route == route
    print("  " + ", ".join(f"{key} {right_by[key]}/{n}" for key, n in sorted(seen.items())))
    confusion = Counter((route, d.route) for d, (route, *_) in pairs)
    width = max(len(r) for r in ROUTES) + 1
    print("\nconfusion (rows: true, columns: routed)")
    print(" " * width + "".join(f"{r[:8]:>9}" for r in ROUTES))
    for truth in ROUTES:
        print(f"{truth:<{width}}" + "".join(f"{confusion[truth, got]:>9}" for got in ROUTES))
    wrong = [(route, label, d) for d, (route, _, label, _) in pairs if d.route != route]
    lost = [label for d, (route, _, label, _) in pairs if route in AP_ROUTES and d.triage]
    let_in = [label for d, (route, _, label, _) in pairs if route not in AP_ROUTES and not d.triage]
    unsure = [label for d, (route, _, label, _) in pairs if d.candidates or "below" in d.reason]
    print(f"\nto triage: {sum(d.triage for d in decisions)} of {len(items)}, of them unsure "
          f"(below a threshold or too close to call): {len(unsure)}")
    print(f"invoices and credit notes sent to triage: {len(lost)} {lost}")
    print(f"anything else sent to intake as an invoice: {len(let_in)} {let_in}")
    closest = min(((d.scores[d.route] - max(s for r, s in d.scores.items() if r not in AP_ROUTES))
                   / d.scores[d.route], label) for d, (route, _, label, _) in pairs
                  if route == "invoice" and d.route in AP_ROUTES and d.scores[d.route])
    print(f"closest invoice: {closest[0]:.1%} ahead of its best triage route ({closest[1]})")
    for route, label, d in wrong:
        print(f"  wrong: {label} ({route}) -> {d.route}{' triage' if d.triage else ''} "
              + " ".join(f"{r[:4]}={s:.2f}" for r, s in d.scores.items()))
    if options.split == "calibration":
        print(f"suggested thresholds: {suggested_thresholds(items, decisions)}")
    per_second = options.repeat * len(written) / elapsed
    print(f"speed: {per_second:,.0f} texts per second on one core "
          f"({1000 / per_second:.2f} ms each, texts of {chars:.0f} characters on average)")


if __name__ == "__main__":
    main()
