"""The validation agent: is this invoice from a vendor we know, new, arithmetically sound, and
what we ordered and received, within the vendor's tolerances?

It loads typed facts through tools, runs the deterministic rules (rules.py), and records the
verdict through `invoices.record_findings` (which replaces earlier findings, so a retried step
records once). Emits InvoiceValidated (straight-through) or DiscrepancyFound.
"""
from __future__ import annotations

from agents.orchestrator.registry import StepContext, StepResult
from agents.validation.facts import (
    DuplicateFacts,
    InvoiceFacts,
    OrderFacts,
    OrderLineFacts,
    Tolerances,
    VendorFacts,
)
from agents.validation.rules import evaluate

# vendors.find scores: 1.0 tax id, 0.95 IBAN, 0.9 exact name or alias; below that a similar
# name alone is not enough to pay someone.
VENDOR_MATCH_SCORE = 0.9


def run(ctx: StepContext) -> StepResult:
    tools = ctx.tools
    invoice = tools.call("invoices.get", document_id=ctx.document_id)
    facts = _invoice_facts(invoice)
    vendor = _vendor_facts(tools, invoice)
    order, order_id = _order_facts(tools, invoice.po_number)
    duplicates = []
    if vendor is not None:
        found = tools.call(
            "invoices.find_duplicates", invoice_id=invoice.id, vendor_id=vendor.vendor_id
        ).duplicates
        duplicates = [
            DuplicateFacts(invoice_id=d.invoice_id, invoice_number=d.invoice_number,
                           document_id=d.document_id)
            for d in found
            if d.reason == "same_number"
        ]

    verdict = evaluate(facts, vendor=vendor, order=order, duplicates=duplicates)
    recorded = tools.call(
        "invoices.record_findings",
        invoice_id=invoice.id,
        vendor_id=vendor.vendor_id if vendor else None,
        purchase_order_id=order_id,
        duplicate_of_id=duplicates[0].invoice_id if duplicates else None,
        line_links=[
            {"line_no": m.line_no, "po_line_id": m.po_line_id}
            for m in verdict.matches
            if m.po_line_id is not None
        ],
        findings=[f.model_dump() for f in verdict.findings],
    )
    kinds = sorted({f.kind for f in verdict.blocking})
    output = {
        "invoice_id": invoice.id,
        "vendor_id": vendor.vendor_id if vendor else None,
        "purchase_order_id": order_id,
        "findings": [f.model_dump() for f in verdict.findings],
        "status": recorded.status,
    }
    if verdict.is_clean:
        ctx.emit("InvoiceValidated", {"invoice_id": invoice.id})
    else:
        ctx.emit("DiscrepancyFound", {"invoice_id": invoice.id, "kinds": kinds})
    return StepResult(output=output)


def _invoice_facts(invoice) -> InvoiceFacts:
    # The facts are a subset of what invoices.get returns; anything else is left out on purpose.
    return InvoiceFacts.model_validate({**invoice.model_dump(), "invoice_id": invoice.id})


def _vendor_facts(tools, invoice) -> VendorFacts | None:
    if not (invoice.vendor_name or invoice.vendor_tax_id or invoice.iban):
        return None
    # The printed IBAN is deliberately not a search key: a changed account must not decide
    # who the vendor is, it is what we check against the vendor we found.
    candidates = tools.call(
        "vendors.find", name=invoice.vendor_name, tax_id=invoice.vendor_tax_id
    ).candidates
    best = max(candidates, key=lambda c: c.score, default=None)
    if best is None or best.score < VENDOR_MATCH_SCORE:
        return None
    vendor = tools.call("vendors.get", vendor_id=best.vendor_id)
    return VendorFacts(
        vendor_id=vendor.id,
        legal_name=vendor.legal_name,
        is_active=vendor.is_active,
        iban=vendor.iban,
        currency=vendor.currency,
        tolerances=Tolerances(**vendor.tolerances.model_dump()),
    )


def _order_facts(tools, po_number: str) -> tuple[OrderFacts | None, int | None]:
    if not po_number:
        return None, None
    lookup = tools.call("purchase_orders.get", number=po_number)
    if not lookup.found:
        return None, None
    order = lookup.purchase_order
    receipts = tools.call("receipts.for_purchase_order", purchase_order_id=order.id)
    received = {line.po_line_id: line.received for line in receipts.lines}
    anything_received = bool(receipts.receipts)
    return (
        OrderFacts(
            number=order.number,
            vendor_id=order.vendor_id,
            currency=order.currency,
            status=order.status,
            lines=[
                OrderLineFacts(
                    po_line_id=line.id,
                    line_no=line.line_no,
                    sku=line.sku,
                    description=line.description,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    received=received.get(line.id) if anything_received else None,
                )
                for line in order.lines
            ],
        ),
        order.id,
    )
