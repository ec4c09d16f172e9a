"""Fixtures for the foundation tests: a staff member, a vendor, an order with two lines."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from procurement.models import PurchaseOrder, PurchaseOrderLine, StaffMember, Vendor


@pytest.fixture
def maria(db):
    return StaffMember.objects.create(name="Maria Keller", email="maria.keller@ours.example")


@pytest.fixture
def acme(db):
    return Vendor.objects.create(legal_name="Acme Industrial Supplies GmbH", tax_id="DE123456789",
                                 currency="EUR")


@pytest.fixture
def acme_order(acme):
    order = PurchaseOrder.objects.create(number="PO-1", vendor=acme, issued_on=dt.date(2025, 3, 1))
    PurchaseOrderLine.objects.create(order=order, line_no=1, description="Hex bolt M8",
                                     quantity=Decimal("500"), unit_price=Decimal("0.12"))
    PurchaseOrderLine.objects.create(order=order, line_no=2, description="Hex nut M8",
                                     quantity=Decimal("500"), unit_price=Decimal("0.05"))
    return order
