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
    CorrectedFacts,
    DuplicateFacts,
    InvoiceFacts,
    InvoiceLineFacts,
    OrderFacts,
    OrderLineFacts,
    Tolerances,
    VendorCandidate,
    VendorFacts,
)
from agents.validation.rules import CheckResult, Verdict, evaluate, resolve_vendor
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
    excluding = [invoice.id, *(d.invoice_id for d in duplicates)]
    corrected = None
    if facts.kind == "credit_note" and vendor is not None:
        found = tools.call("invoices.corrected", invoice_id=invoice.id,
                           vendor_id=vendor.vendor_id)
        if found.found:
            corrected = CorrectedFacts.model_validate(found.model_dump())
            if not facts.po_number and corrected.po_number:
                # A credit note rarely repeats the order number: it is matched against the
                # order of the invoice it corrects, which it lowers.
                facts = facts.model_copy(update={"po_number": corrected.po_number})
    order, order_id = _order_facts(tools, facts.po_number, excluding)

    picker = _LlmPicker(llm) if llm is not None else None
    verdict = evaluate(
        facts,
        vendor=vendor,
        order=order,
        duplicates=duplicates,
        ambiguous=resolution.ambiguous,
        tolerances=Tolerances(**default_tolerances().as_dict()),
        pick=picker,
        corrected=corrected,
    )
    if picker is not None and (asked := picker.check()) is not None:
        verdict.checks.append(asked)
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
        # Recorded only if no other invoice billed the order meanwhile (else a transient
        # failure, and the retried step sees it): two invoices checked at once cannot together
        # over-bill an order unnoticed.
        billed_basis={"excluding_invoice_ids": excluding, "net": order.billed_elsewhere,
                      "invoice_count": order.billed_invoice_count} if order else None,
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


class _LlmPicker:
    """Asks the model (validation.pair_line) which of the plausible PO lines an invoice line is,
    when code found several and none clearly best; at most LLM_PAIRINGS_MAX times per invoice.

    Its answer is validated: only one of the lines offered is taken (the gateway re-asks once,
    then gives up); anything else, a refusal, or "none" leaves the code's choice (unpaired, held
    as unmatched_line naming the candidates). Each question and its outcome is kept in `notes`
    for the trail. With the rules provider the answer is always "none": nothing changes.
    """

    def __init__(self, llm):
        self.llm = llm
        self.notes: list[str] = []
        self.accepted = 0

    def __call__(self, line: InvoiceLineFacts, options: list[OrderLineFacts]) -> int | None:
        from agents.errors import PermanentError
        from agents.llm.tasks import PAIR_LINE

        offered = " or ".join(str(option.line_no) for option in options)
        if len(self.notes) >= LLM_PAIRINGS_MAX:
            self.notes.append(f"Invoice line {line.line_no} could be PO line {offered}: not asked"
                              f" (at most {LLM_PAIRINGS_MAX} questions per invoice); left for a"
                              " clerk.")
            return None
        try:
            answer = self.llm.structured(PAIR_LINE, {
                "invoice_description": line.description[:500],
                "options": [{"line_no": option.line_no, "description": option.description[:500]}
                            for option in options[:10]],
            })
        except PermanentError as exc:
            self.notes.append(f"Invoice line {line.line_no} could be PO line {offered}: the"
                              f" model's answer was unusable ({exc.reason[:200]}); left for a"
                              " clerk.")
            return None
        by_line_no = {option.line_no: option.po_line_id for option in options}
        if answer.po_line_no is not None and answer.po_line_no not in by_line_no:
            # the gateway's check refuses this already; a pairing never offered is never taken
            self.notes.append(f"Invoice line {line.line_no} could be PO line {offered}: the"
                              f" model chose line {answer.po_line_no}, which was not offered;"
                              " left for a clerk.")
            return None
        if answer.po_line_no is None:
            self.notes.append(f"Invoice line {line.line_no} could be PO line {offered}: the"
                              f" model chose none ({answer.reason[:200]}); left for a clerk.")
            return None
        self.accepted += 1
        self.notes.append(f"Invoice line {line.line_no} could be PO line {offered}: the model"
                          f" chose PO line {answer.po_line_no} ({answer.reason[:200]}).")
        return by_line_no[answer.po_line_no]

    def check(self) -> CheckResult | None:
        """The trail's record of what was asked; None when nothing was."""
        if not self.notes:
            return None
        return CheckResult(check="line_pairing", passed=self.accepted == len(self.notes),
                           detail=" ".join(self.notes)[:1000])
