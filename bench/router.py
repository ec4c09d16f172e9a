"""The router on its labelled set: accuracy, the confusion matrix, items per second.

Usage:
    python bench/router.py [--repeat 20] [--real ../shared/invoices/pdfs]

Scores tests/router/labelled.py (which the router is not trained on) with the shipped model and
prints accuracy per language, the confusion matrix (rows: true route, columns: routed), how many
went to triage, and how many texts per second one core routes (`--repeat` passes over the set,
after one warm-up pass that also builds the model). With `--real DIR` it also routes every PDF
in DIR (read in the intake sandbox) and lists those that would not go to intake.
No database, no Django.
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
from tests.router.labelled import LABELLED  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--real", type=Path, default=None)
    options = parser.parse_args()

    decisions = [decide(text) for _, _, _, text in LABELLED]  # warm-up, builds the model
    started = time.perf_counter()
    for _ in range(options.repeat):
        for _, _, _, text in LABELLED:
            decide(text)
    elapsed = time.perf_counter() - started
    chars = sum(len(text) for _, _, _, text in LABELLED) / len(LABELLED)

    right = sum(d.route == route for d, (route, *_) in zip(decisions, LABELLED, strict=True))
    print(f"accuracy {right}/{len(LABELLED)} = {right / len(LABELLED):.1%}")
    by_language: Counter[str] = Counter()
    right_by_language: Counter[str] = Counter()
    for d, (route, language, _, _) in zip(decisions, LABELLED, strict=True):
        by_language[language] += 1
        right_by_language[language] += d.route == route
    print("  " + ", ".join(f"{lang} {right_by_language[lang]}/{n}"
                           for lang, n in sorted(by_language.items())))
    confusion = Counter((route, d.route) for d, (route, *_) in zip(decisions, LABELLED,
                                                                    strict=True))
    width = max(len(r) for r in ROUTES) + 1
    print("\nconfusion (rows: true, columns: routed)")
    print(" " * width + "".join(f"{r[:8]:>9}" for r in ROUTES))
    for truth in ROUTES:
        print(f"{truth:<{width}}" + "".join(f"{confusion[truth, got]:>9}" for got in ROUTES))
    wrong_way = [label for d, (route, _, label, _) in zip(decisions, LABELLED, strict=True)
                 if (route in AP_ROUTES) != (not d.triage)]
    print(f"\nto triage: {sum(d.triage for d in decisions)}; sent the wrong way (intake vs "
          f"triage): {len(wrong_way)} {wrong_way}")
    per_second = options.repeat * len(LABELLED) / elapsed
    print(f"speed: {per_second:,.0f} texts per second on one core "
          f"({1000 / per_second:.2f} ms each, texts of {chars:.0f} characters on average)")

    if options.real:
        from agents.router.reading import text_of

        pdfs = sorted(options.real.glob("*.pdf"))
        routed = [(path.name, decide(text_of(path.read_bytes()))) for path in pdfs]
        to_intake = [name for name, d in routed if not d.triage]
        print(f"\n{options.real}: {len(to_intake)}/{len(pdfs)} go to intake")
        for name, d in routed:
            if d.triage or d.route != "invoice":
                print(f"  {name}: {d.route}{' (triage: ' + d.reason + ')' if d.triage else ''}")


if __name__ == "__main__":
    main()
