"""purchase_orders.get and receipts.for_purchase_order against a seeded order with receipts."""
from __future__ import annotations

from decimal import Decimal

import pytest

from agents.tools.errors import NotFound


def test_it_gets_a_purchase_order_by_its_printed_number(tools_for, seeded):
    result = tools_for("validation").call("purchase_orders.get", number=" po-1001 ")
    assert result.found
    order = result.purchase_order
    assert (order.number, order.vendor_id, order.currency, order.status) == (
        "PO-1001", seeded.acme.pk, "EUR", "open"
    )
    assert [(line.line_no, line.quantity, line.unit_price) for line in order.lines] == [
        (1, Decimal("10.000"), Decimal("5.0000")),
        (2, Decimal("4.000"), Decimal("12.5000")),
    ]
    assert order.net_total == Decimal("100.00")


def test_it_says_when_no_purchase_order_has_the_number(tools_for, seeded):
    result = tools_for("validation").call("purchase_orders.get", number="PO-9999")
    assert (result.found, result.purchase_order) == (False, None)


def test_it_adds_up_received_quantities_per_order_line(tools_for, seeded):
    result = tools_for("validation").call(
        "receipts.for_purchase_order", purchase_order_id=seeded.order.pk
    )
    assert [r.number for r in result.receipts] == ["GR-1", "GR-2"]
    rows = [(line.line_no, line.ordered, line.received, line.outstanding) for line in result.lines]
    assert rows == [
        (1, Decimal("10"), Decimal("10"), Decimal("0")),
        (2, Decimal("4"), Decimal("2"), Decimal("2")),
    ]


def test_it_reports_receipts_of_an_unknown_order_as_not_found(tools_for, seeded):
    with pytest.raises(NotFound):
        tools_for("validation").call("receipts.for_purchase_order", purchase_order_id=0)
