"""Two invoices on one order checked at the same time (two workers) each see the order unbilled;
together they may bill it twice over. The second verdict to be recorded notices that the order
was billed meanwhile, records nothing and fails transiently, so the step checks again."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.validation.conftest import receive, validate_document


def test_a_verdict_reached_before_another_invoice_billed_the_order_is_not_recorded(world):
    from procurement.models import Invoice
    from procurement.services import StaleVerdict, invoice_record_findings, purchase_order_billed

    first = receive(number="INV-1", widgets="6")
    second = receive(number="INV-2", widgets="5")
    late = Invoice.objects.get(document_id=second)
    # what the second invoice's check saw: nothing billed on the order yet
    seen = purchase_order_billed(purchase_order_id=world.order.pk,
                                 excluding_invoice_ids=[late.pk])
    assert (seen.net, seen.invoice_count) == (D("0"), 0)

    assert validate_document(first) == []  # meanwhile the first bills 6 of the 10 widgets

    with pytest.raises(StaleVerdict, match="billed by another invoice"):
        invoice_record_findings(
            invoice_id=late.pk, findings=[], purchase_order_id=world.order.pk,
            billed_basis={"excluding_invoice_ids": [late.pk], "net": seen.net,
                          "invoice_count": seen.invoice_count},
        )
    late.refresh_from_db()
    assert (late.status, late.purchase_order_id) == (Invoice.Status.EXTRACTED, None)

    # checked again, it sees the first invoice
    assert validate_document(second) == ["over_billing", "quantity_variance"]


def test_a_verdict_on_an_order_nobody_billed_meanwhile_is_recorded(world):
    from procurement.models import Invoice
    from procurement.services import invoice_record_findings

    invoice = Invoice.objects.get(document_id=receive(number="INV-1"))

    recorded = invoice_record_findings(
        invoice_id=invoice.pk, findings=[], purchase_order_id=world.order.pk,
        billed_basis={"excluding_invoice_ids": [invoice.pk], "net": D("0"), "invoice_count": 0},
    )

    assert recorded.status == Invoice.Status.MATCHED
