"""Seeded rows the tool tests speak about: two vendors, a purchase order with receipts, a document
with its extracted invoice, and a workflow step to attribute calls to.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from agents.tools.client import ToolClient


@pytest.fixture
def seeded(db):
    from agents.orchestrator.models import Step, Workflow
    from procurement.models import (
        GoodsReceipt,
        GoodsReceiptLine,
        Invoice,
        InvoiceLine,
        PurchaseOrder,
        PurchaseOrderLine,
        StaffMember,
        Vendor,
        VendorContact,
    )
    from procurement.services import document_store

    manager = StaffMember.objects.create(
        name="Mia Manager", email="mia@buyer.example", title="Category manager", department="Ops"
    )
    acme = Vendor.objects.create(
        legal_name="Acme Industrial Supplies GmbH",
        aliases=["ACME Supplies"],
        tax_id="DE123456789",
        iban="DE89370400440532013000",
        currency="EUR",
        account_manager=manager,
        price_tolerance_pct=Decimal("1.500"),
    )
    VendorContact.objects.create(
        vendor=acme, name="Bill Ing", email="billing@acme.example", role="billing", is_primary=True
    )
    globex = Vendor.objects.create(
        legal_name="Globex Corporation",
        tax_id="GB987654321",
        iban="GB29NWBK60161331926819",
        currency="GBP",
        is_active=False,
    )
    order = PurchaseOrder.objects.create(
        number="PO-1001", vendor=acme, currency="EUR", issued_on=dt.date(2026, 1, 5)
    )
    widgets = PurchaseOrderLine.objects.create(
        order=order, line_no=1, sku="W-1", description="Widget", quantity=Decimal("10"),
        unit_price=Decimal("5.00"),
    )
    gadgets = PurchaseOrderLine.objects.create(
        order=order, line_no=2, sku="G-2", description="Gadget", quantity=Decimal("4"),
        unit_price=Decimal("12.50"),
    )
    first = GoodsReceipt.objects.create(number="GR-1", order=order, received_on=dt.date(2026, 1, 9))
    GoodsReceiptLine.objects.create(receipt=first, po_line=widgets, quantity_received=Decimal("6"))
    second = GoodsReceipt.objects.create(
        number="GR-2", order=order, received_on=dt.date(2026, 1, 12)
    )
    GoodsReceiptLine.objects.create(receipt=second, po_line=widgets, quantity_received=Decimal("4"))
    GoodsReceiptLine.objects.create(receipt=second, po_line=gadgets, quantity_received=Decimal("2"))

    document = document_store(
        content=b"%PDF-1.4 acme invoice 2026-001", filename="acme-2026-001.pdf", source="upload"
    ).document
    invoice = Invoice.objects.create(
        document=document,
        vendor_name="ACME Supplies",
        invoice_number="2026-001",
        invoice_date=dt.date(2026, 1, 20),
        currency="EUR",
        po_number="PO-1001",
        subtotal=Decimal("100.00"),
        tax=Decimal("19.00"),
        total=Decimal("119.00"),
    )
    InvoiceLine.objects.create(
        invoice=invoice, line_no=1, description="Widget", quantity=Decimal("10"),
        unit_price=Decimal("5.00"), amount=Decimal("50.00"),
    )
    InvoiceLine.objects.create(
        invoice=invoice, line_no=2, description="Gadget", quantity=Decimal("4"),
        unit_price=Decimal("12.50"), amount=Decimal("50.00"),
    )
    workflow = Workflow.objects.create(document=document)
    # Running: tools that write accept calls only for a running step of the caller's agent.
    step = Step.objects.create(workflow=workflow, agent="validation", state=Step.State.RUNNING)
    return SimpleNamespace(
        manager=manager, acme=acme, globex=globex, order=order, widgets=widgets, gadgets=gadgets,
        document=document, invoice=invoice, workflow=workflow, step=step,
    )


@pytest.fixture
def tools_for(seeded):
    """`tools_for("validation")`: a client for that agent, attributed to a running step of that
    agent in the seeded workflow (the seeded step for validation).
    """
    from agents.orchestrator.models import Step

    def make(agent: str) -> ToolClient:
        step = seeded.step
        if agent != step.agent:
            step, _ = Step.objects.get_or_create(
                workflow=seeded.workflow, agent=agent, defaults={"state": Step.State.RUNNING}
            )
        return ToolClient(agent, workflow_id=seeded.workflow.pk, step_id=step.pk)

    return make


@pytest.fixture
def fresh_document(db):
    """Another received document, with no invoice yet (what intake starts from)."""
    from procurement.services import document_store

    return document_store(
        content=b"%PDF-1.4 a new invoice", filename="new.pdf", source="inbox"
    ).document
