"""Cases in a chosen state, made fast (no agents), for the queue, the API and the services.

`make_case(...)` writes a document, an invoice with lines and findings, and a workflow in the given
state, then lets case_sync compute the case, exactly as the machinery would.
"""
from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest

from agents.orchestrator.models import Workflow
from procurement.cases import case_sync
from procurement.models import Document, Finding, Invoice, InvoiceLine, Vendor
from tests.browser.conftest import _playwright, browser, login_as, page  # noqa: F401

_numbers = itertools.count(1)


@pytest.fixture
def vendor(db):
    return Vendor.objects.create(legal_name="Acme Industrial Supplies Ltd", tax_id="GB123456789")


@pytest.fixture
def make_case(db):
    def make(
        *,
        workflow_state: str = "exception",
        kinds: tuple[str, ...] = ("price_variance",),
        vendor: Vendor | None = None,
        vendor_name: str = "Acme Industrial Supplies Ltd",
        total: str = "120.00",
        due: date | None = date(2026, 12, 31),
        number: str | None = None,
    ):
        n = next(_numbers)
        document = Document.objects.create(
            sha256=f"{n:064x}", original_filename=f"invoice-{n}.pdf", storage_path=f"x/{n}.pdf",
            source=Document.Source.UPLOAD, size_bytes=100,
            status=Document.Status.PARSED,
        )
        invoice = Invoice.objects.create(
            document=document, vendor=vendor, vendor_name=vendor_name,
            invoice_number=number or f"INV-{n:05d}", po_number=f"PO-{n:05d}", currency="EUR",
            total=Decimal(total), subtotal=Decimal(total), tax=Decimal("0"), due_date=due,
            status=Invoice.Status.EXCEPTION if kinds else Invoice.Status.MATCHED,
        )
        line = InvoiceLine.objects.create(
            invoice=invoice, line_no=1, description="Ball bearing 6204", quantity=Decimal("10"),
            unit_price=Decimal("12.00"), amount=Decimal(total),
        )
        for kind in kinds:
            Finding.objects.create(
                invoice=invoice, kind=kind, message=f"The {kind.replace('_', ' ')} differs.",
                expected="11.00 EUR", actual="12.00 EUR", invoice_line=line,
            )
        Workflow.objects.create(document=document, state=workflow_state)
        return case_sync(document_id=document.pk)

    return make


@pytest.fixture
def demo_world(transactional_db, settings, tmp_path):
    """The demo vendors, orders and receipts, and `ingest(*filenames)`, which runs the named demo
    invoices through the real agents in this process and returns their cases."""
    import io

    from django.core.management import call_command

    from procurement.demo import seed_demo
    from procurement.models import Case

    settings.REDIS_URL = ""  # the embedded mode: each job runs in-process right after commit
    settings.LLM_PROVIDER = "rules"
    pdf_dir = tmp_path / "demo_invoices"
    seed_demo(pdf_dir=pdf_dir)

    def ingest(*names: str) -> list:
        paths = [str(name if "/" in str(name) else pdf_dir / name) for name in names]
        call_command("ingest", *paths, "--wait", "60", stdout=io.StringIO())
        return [Case.objects.get(document__original_filename=str(n).rsplit("/", 1)[-1])
                for n in names]

    ingest.dir = pdf_dir
    return ingest


def scanned_pdf(path) -> None:
    """A one-page PDF that is only a picture: no text layer for intake to read."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (620, 877), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 580, 120), outline="black", width=3)
    for y in range(180, 700, 40):
        draw.line((60, y, 560, y), fill="gray", width=6)
    image.save(path, "PDF", resolution=72)
