"""How much the PDF sandbox adds to a parse: median ms direct, fork per call, and warm child.

    .venv/bin/python bench/sandbox.py [-n 200] [--django] [--heap-mb 0] [--lines 12]

The cost of the sandbox is mostly the kernel's fork and exit, which grow with the size of the
parent, so measure from a parent shaped like the real caller: `--django` sets Django up and
imports what an rq work-horse holds; `--heap-mb` adds live Python objects on top. `--lines`
makes the invoice longer (45 lines fit a page). Direct and sandboxed calls alternate, so load
from other processes on the machine hits all alike. "fork" is a new child per document
(`run_sandboxed(..., reuse=False)`), "warm" the reused child (`reuse=True`, what
`parse_pdf_safely` does by default).
"""
from __future__ import annotations

import argparse
import functools
import io
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdfium2 as pdfium  # noqa: E402 - after the path tweak that makes `agents` importable

from agents.intake.sandbox import run_sandboxed  # noqa: E402


def invoice_pdf(extra_lines: int = 0) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    rows = [
        "Acme Office Supplies Ltd", "VAT No: GB123456789", "INVOICE",
        "Invoice Number: INV-2025-0042", "Invoice Date: 2025-03-14", "PO Number: PO-7781",
        "Description                Qty    Unit price    Amount",
        "A4 paper, 500 sheets        10         4.50      45.00",
        "Stapler                      2        12.50      25.00",
        "Subtotal: 70.00", "VAT 20%: 14.00", "Total: GBP 84.00",
    ]  # fmt: skip
    item = "Item {n:03d} toner cartridge      1        {n}.00      {n}.00"
    rows[8:8] = [item.format(n=n) for n in range(extra_lines)]
    for i, row in enumerate(rows):
        if i and i % 45 == 0:
            pdf.showPage()
        pdf.drawString(72, 760 - 16 * (i % 45), row)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def pdfium_text(pdf_bytes: bytes) -> str:
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        return "".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def nothing(pdf_bytes: bytes) -> int:
    return len(pdf_bytes)


def medians_ms(calls: list[Callable[[], object]], n: int) -> list[float]:
    """Median ms of each call, the calls interleaved so that machine noise hits all alike."""
    for call in calls:
        call()  # warm up: imports, caches
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(n):
        for call, spent in zip(calls, times, strict=True):
            started = time.perf_counter()
            call()
            spent.append((time.perf_counter() - started) * 1000)
    return [statistics.median(spent) for spent in times]


def warm_like_a_worker() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import django_rq  # noqa: F401 - loaded for its weight: a work-horse has it
    import pdfplumber  # noqa: F401
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module, as a server has


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=200, help="runs per measurement")
    parser.add_argument("--django", action="store_true", help="warm the parent like a worker")
    parser.add_argument("--heap-mb", type=int, default=0, help="grow the parent heap first")
    parser.add_argument("--lines", type=int, default=12, help="invoice lines")
    args = parser.parse_args()

    if args.django:
        warm_like_a_worker()
    ballast = [bytes(1024) + i.to_bytes(4, "big") for i in range(args.heap_mb * 1000)]
    pdf_bytes = invoice_pdf(max(0, args.lines - 2))
    targets: list[tuple[str, Callable[[bytes], object]]] = [("pdfium text", pdfium_text)]
    try:
        from agents.intake.extraction import extract_invoice

        targets.append(("extract_invoice", extract_invoice))
    except ImportError:
        print("agents.intake.extraction is not importable; benching pdfium text only")

    with open("/proc/self/statm", "rb") as statm:
        rss_mb = int(statm.read().split()[1]) * resource.getpagesize() / 2**20
    print(
        f"parent RSS {rss_mb:.0f} MB (django={args.django}, ballast {len(ballast)} KB objects), "
        f"PDF {len(pdf_bytes)} bytes, {args.lines} lines, n={args.n}"
    )
    fork = functools.partial(run_sandboxed, reuse=False)
    warm = functools.partial(run_sandboxed, reuse=True)
    fork_only, warm_only = medians_ms(
        [lambda: fork(nothing, pdf_bytes), lambda: warm(nothing, pdf_bytes)], args.n
    )
    print(f"{'empty target, sandbox only':28} fork {fork_only:8.2f} ms   warm {warm_only:8.2f} ms")
    for name, target in targets:
        direct, forked, warmed = medians_ms(
            [
                lambda t=target: t(pdf_bytes),
                lambda t=target: fork(t, pdf_bytes),
                lambda t=target: warm(t, pdf_bytes),
            ],
            args.n,
        )
        print(f"{name:28} direct {direct:8.2f} ms")
        for label, boxed in (("fork per call", forked), ("warm child", warmed)):
            print(
                f"{'':28} {label:13} {boxed:8.2f} ms   ratio {boxed / direct:5.2f}   "
                f"overhead {boxed - direct:+.2f} ms"
            )
    if args.django:
        from agents.intake.sandbox import parse_pdf_safely

        (safely,) = medians_ms([lambda: parse_pdf_safely(pdf_bytes)], args.n)
        print(f"{'parse_pdf_safely (warm)':28} {safely:8.2f} ms")

if __name__ == "__main__":
    main()
