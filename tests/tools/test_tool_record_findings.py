"""invoices.record_findings: validation's verdict, idempotent when a step records it twice."""
from __future__ import annotations

import pytest

from agents.tools.errors import InvalidArguments, ToolFailed

PRICE = {
    "kind": "price_variance",
    "severity": "blocking",
    "message": "Gadget billed at 13.00, ordered at 12.50 (4.0% over a 1.5% tolerance).",
    "expected": "12.50",
    "actual": "13.00",
    "line_no": 2,
}


def verdict(seeded, **overrides):
    return {
        "invoice_id": seeded.invoice.pk,
        "vendor_id": seeded.acme.pk,
        "purchase_order_id": seeded.order.pk,
        "line_links": [
            {"line_no": 1, "po_line_id": seeded.widgets.pk},
            {"line_no": 2, "po_line_id": seeded.gadgets.pk},
        ],
        "findings": [PRICE],
        **overrides,
    }


def test_it_records_findings_links_and_the_exception_status(tools_for, seeded):
    result = tools_for("validation").call("invoices.record_findings", **verdict(seeded))
    assert (result.status, result.finding_count) == ("exception", 1)
    invoice = seeded.invoice
    invoice.refresh_from_db()
    assert (invoice.vendor_id, invoice.purchase_order_id) == (seeded.acme.pk, seeded.order.pk)
    [finding] = invoice.findings.all()
    assert (finding.kind, finding.expected, finding.actual) == ("price_variance", "12.50", "13.00")
    assert finding.invoice_line.line_no == 2
    assert [line.po_line_id for line in invoice.lines.all()] == [
        seeded.widgets.pk, seeded.gadgets.pk
    ]


def test_it_records_the_same_verdict_twice_as_once(tools_for, seeded):
    from procurement.models import Finding

    client = tools_for("validation")
    first = client.call("invoices.record_findings", **verdict(seeded))
    second = client.call("invoices.record_findings", **verdict(seeded))
    assert first == second
    assert Finding.objects.filter(invoice=seeded.invoice).count() == 1


def test_it_marks_an_invoice_without_blocking_findings_matched(tools_for, seeded):
    note = {"kind": "arithmetic_error", "severity": "info", "message": "Rounded by 0.01."}
    tools_for("validation").call("invoices.record_findings", **verdict(seeded))
    result = tools_for("validation").call(
        "invoices.record_findings", **verdict(seeded, findings=[note])
    )
    assert result.status == "matched"
    assert [f.kind for f in seeded.invoice.findings.all()] == ["arithmetic_error"]


def test_it_refuses_an_invoice_a_person_has_decided(tools_for, seeded):
    from procurement.models import Invoice

    Invoice.objects.filter(pk=seeded.invoice.pk).update(status=Invoice.Status.APPROVED)
    with pytest.raises(ToolFailed, match="already approved"):
        tools_for("validation").call("invoices.record_findings", **verdict(seeded))
    assert not seeded.invoice.findings.exists()


def test_it_refuses_links_to_lines_of_another_order(tools_for, seeded):
    import datetime as dt

    from procurement.models import PurchaseOrder, PurchaseOrderLine

    other = PurchaseOrder.objects.create(number="PO-2", vendor=seeded.acme,
                                         issued_on=dt.date(2026, 1, 1))
    stranger = PurchaseOrderLine.objects.create(order=other, line_no=1, description="x",
                                                quantity=1, unit_price=1)
    links = [{"line_no": 1, "po_line_id": stranger.pk}]
    with pytest.raises(ToolFailed, match="do not belong to order"):
        tools_for("validation").call("invoices.record_findings",
                                     **verdict(seeded, line_links=links))


def test_it_refuses_unknown_lines_vendors_and_kinds(tools_for, seeded):
    client = tools_for("validation")
    with pytest.raises(ToolFailed, match=r"no line\(s\) \[7\]"):
        client.call("invoices.record_findings",
                    **verdict(seeded, findings=[{**PRICE, "line_no": 7}]))
    with pytest.raises(ToolFailed, match="no vendor 0"):
        client.call("invoices.record_findings", **verdict(seeded, vendor_id=0))
    with pytest.raises(InvalidArguments, match="kind"):
        client.call("invoices.record_findings",
                    **verdict(seeded, findings=[{**PRICE, "kind": "vibes"}]))


def test_it_asks_for_duplicate_of_when_the_number_is_taken(seeded, fresh_document):
    from procurement.models import Invoice

    Invoice.objects.filter(pk=seeded.invoice.pk).update(vendor=seeded.acme)
    copy = Invoice.objects.create(document=fresh_document, invoice_number="2026-001")
    # Validation of the copy's own workflow: a step writes only about its workflow's document.
    validation = copy_workflow_client(fresh_document)
    arguments = {"invoice_id": copy.pk, "vendor_id": seeded.acme.pk}
    with pytest.raises(ToolFailed, match="duplicate_of_id"):
        validation.call("invoices.record_findings", **arguments)
    duplicate = {"kind": "duplicate_invoice", "message": "Same number as invoice 1."}
    result = validation.call(
        "invoices.record_findings", **arguments, duplicate_of_id=seeded.invoice.pk,
        findings=[duplicate],
    )
    copy.refresh_from_db()
    assert (result.status, copy.duplicate_of_id) == ("exception", seeded.invoice.pk)


def copy_workflow_client(document):
    from agents.orchestrator.models import Step, Workflow
    from agents.tools.client import ToolClient

    workflow = Workflow.objects.create(document=document)
    step = Step.objects.create(workflow=workflow, agent="validation", state=Step.State.RUNNING)
    return ToolClient("validation", workflow_id=workflow.pk, step_id=step.pk)
