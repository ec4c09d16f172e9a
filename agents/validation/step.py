"""The validation agent: is this invoice from a vendor we know, new, arithmetically sound, taxed at
the rate on file, and what we ordered and received (less what other invoices already billed),
within the vendor's tolerances?

It loads typed facts through tools, runs the deterministic rules (rules.py), and records the
verdict and every check's outcome through `invoices.record_findings` (which replaces earlier
findings, so a retried step records once). Emits InvoiceValidated (straight-through) or
DiscrepancyFound. The same tool calls, in the same number whatever the invoice's size or the
order's history.
"""
from __future__ import annotations

from agents.orchestrator.registry import StepContext, StepResult
from agents.validation.facts import (
    DuplicateFacts,
    InvoiceFacts,
    InvoiceLineFacts,
    OrderFacts,
    OrderLineFacts,
    Tolerances,
    VendorCandidate,
    VendorFacts,
)
from agents.validation.rules import Verdict, evaluate, resolve_vendor
from procurement.tolerances import default_tolerances

# Ask the LLM to pair at most this many ambiguous lines per invoice; the rest stay unpaired.
LLM_PAIRINGS_MAX = 5


def run(ctx: StepContext) -> StepResult:
    verdict, summary = validate(ctx.tools, ctx.document_id, llm=ctx.llm)
    if verdict.is_clean:
        ctx.emit("InvoiceValidated", {"invoice_id": summary["invoice_id"]})
    else:
        ctx.emit("DiscrepancyFound", {"invoice_id": summary["invoice_id"],
                                      "kinds": summary["kinds"]})
    return StepResult(output=summary)


def validate(tools, document_id: int, *, llm=None) -> tuple[Verdict, dict]:
    """Check the invoice of a document and record the verdict; returns it and a summary (the
    step's output). Also what a re-run after a clerk's correction calls (no events of its own).
    """
    invoice = tools.call("invoices.get", document_id=document_id)
    facts = InvoiceFacts.model_validate({**invoice.model_dump(), "invoice_id": invoice.id})
    candidates = _vendor_candidates(tools, invoice)
    resolution = resolve_vendor(candidates)
    vendor = _vendor_facts(tools, resolution.vendor_id) if resolution.vendor_id else None
    duplicates = []
    if vendor is not None:
        found = tools.call(
            "invoices.find_duplicates", invoice_id=invoice.id, vendor_id=vendor.vendor_id
        ).duplicates
        duplicates = [DuplicateFacts.model_validate(d.model_dump()) for d in found]
    # A copy is held as a (suspected) duplicate; its original must not also make it look like
    # over-billing.
    order, order_id = _order_facts(
        tools, invoice.po_number, [invoice.id, *(d.invoice_id for d in duplicates)]
    )

    verdict = evaluate(
        facts,
        vendor=vendor,
        order=order,
        duplicates=duplicates,
        ambiguous=resolution.ambiguous,
        tolerances=Tolerances(**default_tolerances().as_dict()),
        pick=_llm_picker(llm) if llm is not None else None,
    )
    originals = [d for d in duplicates if d.reason == "same_number"]
    recorded = tools.call(
        "invoices.record_findings",
        invoice_id=invoice.id,
        vendor_id=vendor.vendor_id if vendor else None,
        purchase_order_id=order_id,
        duplicate_of_id=originals[0].invoice_id if originals else None,
        line_links=[
            {"line_no": m.line_no, "po_line_id": m.po_line_id}
            for m in verdict.matches
            if m.po_line_id is not None
        ],
        findings=[f.model_dump() for f in verdict.findings],
        checks=[c.model_dump() for c in verdict.checks],
    )
    return verdict, {
        "invoice_id": invoice.id,
        "vendor_id": vendor.vendor_id if vendor else None,
        "vendor_matched_on": resolution.how,
        "purchase_order_id": order_id,
        "findings": [f.model_dump() for f in verdict.findings],
        "checks": [c.model_dump() for c in verdict.checks],
        "kinds": sorted({f.kind for f in verdict.blocking}),
        "status": recorded.status,
    }


def _vendor_candidates(tools, invoice) -> list[VendorCandidate]:
    # The sender's address (an invoice that came by email) is the last resort: resolve_vendor
    # lets it decide only when nothing printed points to a vendor.
    if not (invoice.vendor_name or invoice.vendor_tax_id or invoice.iban or invoice.sender_email):
        return []
    found = tools.call(
        "vendors.find", name=invoice.vendor_name, tax_id=invoice.vendor_tax_id,
        iban=invoice.iban, email=invoice.sender_email, limit=10,
    ).candidates
    return [VendorCandidate.model_validate(c.model_dump()) for c in found]


def _vendor_facts(tools, vendor_id: int) -> VendorFacts:
    vendor = tools.call("vendors.get", vendor_id=vendor_id)
    return VendorFacts.model_validate({**vendor.model_dump(), "vendor_id": vendor.id})


def _order_facts(
    tools, po_number: str, excluding_invoice_ids: list[int]
) -> tuple[OrderFacts | None, int | None]:
    if not po_number:
        return None, None
    lookup = tools.call("purchase_orders.get", number=po_number)
    if not lookup.found:
        return None, None
    order = lookup.purchase_order
    receipts = tools.call("receipts.for_purchase_order", purchase_order_id=order.id)
    billed = tools.call(
        "purchase_orders.billed", purchase_order_id=order.id,
        excluding_invoice_ids=excluding_invoice_ids,
    )
    received = {line.po_line_id: line.received for line in receipts.lines}
    billed_quantities = {line.po_line_id: line.quantity for line in billed.lines}
    anything_received = bool(receipts.receipts)
    return (
        OrderFacts(
            number=order.number,
            vendor_id=order.vendor_id,
            currency=order.currency,
            status=order.status,
            billed_elsewhere=billed.net,
            billed_invoice_count=billed.invoice_count,
            lines=[
                OrderLineFacts(
                    po_line_id=line.id,
                    line_no=line.line_no,
                    sku=line.sku,
                    description=line.description,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    tax_rate=line.tax_rate,
                    received=received.get(line.id) if anything_received else None,
                    billed_elsewhere=billed_quantities.get(line.id, 0),
                )
                for line in order.lines
            ],
        ),
        order.id,
    )


def _llm_picker(llm):
    """Ask the model, one PO line at a time, whether it is the invoice line's article; the pick
    is the one line it confirms. Two confirmed, or none, is no pick: a clerk decides.
    """
    from agents.llm.tasks import MATCH_DESCRIPTIONS

    asked = {"count": 0}

    def pick(line: InvoiceLineFacts, options: list[OrderLineFacts]) -> int | None:
        if asked["count"] >= LLM_PAIRINGS_MAX:
            return None
        asked["count"] += 1
        confirmed = [
            option.po_line_id
            for option in options
            if llm.structured(MATCH_DESCRIPTIONS, {
                "invoice_description": line.description[:500],
                "po_description": option.description[:500],
            }).matches
        ]
        return confirmed[0] if len(confirmed) == 1 else None

    return pick
