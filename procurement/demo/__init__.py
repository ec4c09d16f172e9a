"""Demo data: a small, fixed procurement world and sample invoice PDFs that exercise every path.

    from procurement.demo import seed_demo, render_invoice_pdf, DOCUMENTS
    report = seed_demo(pdf_dir=Path("demo_invoices"))   # needs Django set up
    pdf = render_invoice_pdf(DOCUMENTS[0].spec)          # does not

The database-free parts (specs, data, pdfs, generate) import without Django being set up;
`seed_demo` and `SeedReport` are loaded on first use.
"""
from __future__ import annotations

from procurement.demo.data import DOCUMENTS, DemoDocument
from procurement.demo.generate import invoice_spec_for_order, matching_invoice_specs
from procurement.demo.pdfs import LAYOUTS, render_invoice_pdf
from procurement.demo.specs import InvoiceLineSpec, InvoiceSpec

__all__ = [
    "DOCUMENTS",
    "LAYOUTS",
    "DemoDocument",
    "InvoiceLineSpec",
    "InvoiceSpec",
    "SeedReport",
    "invoice_spec_for_order",
    "matching_invoice_specs",
    "render_invoice_pdf",
    "seed_demo",
]


def __getattr__(name: str):
    # seed.py imports models, which needs the app registry; keep that out of plain imports.
    if name in ("seed_demo", "SeedReport"):
        from procurement.demo import seed

        return getattr(seed, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
