"""The librarian: after a person settles a case (approved for payment, rejected, closed), keep
what is worth remembering as short facts with provenance (the case, the person, when).

It runs beside the settled workflow (registered with alongside=True: it moves nothing) and is
the only agent holding `memory:write`. It reads first (the people's decisions, the invoice, the
page text when a field was corrected) and writes last, through `memory.write`:

- a clerk's field correction, and where the corrected value is printed (a layout hint intake
  applies to the vendor's next invoice: agents/intake/hints.py);
- each variance a clerk accepted (vendor, kind, size) of a kind a tolerance governs
  (procurement.tolerances.TOLERANCE_KINDS: not a duplicate, a vendor or an order question), then
  `memory.propose_tolerance`, which proposes a tolerance change to an AP admin when the same kind
  keeps being accepted;
- that the vendor bills freight on a separate line, on an invoice a person approved.

Everything it keeps comes from our people's decisions; words the vendor printed are kept as
data (a label to look for), never as the fact's instruction.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from agents.intake.hints import HINTED_FIELDS, label_for
from agents.orchestrator.registry import StepContext, StepResult
from procurement.tolerances import TOLERANCE_KINDS

FIELD_NAMES = {
    "vendor_name": "vendor name", "vendor_tax_id": "vendor tax id",
    "invoice_number": "invoice number", "invoice_date": "invoice date", "due_date": "due date",
    "currency": "currency", "po_number": "PO number", "subtotal": "subtotal", "tax": "tax",
    "total": "total", "iban": "IBAN", "bank_account_number": "bank account number",
}
FREIGHT = re.compile(r"\b(freight|shipping|carriage|delivery charge|fracht|versand|"
                     r"frais de port|livraison)\b", re.IGNORECASE)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
PROPOSE_FOR = ("price_variance", "quantity_variance")


def variance_pct(expected: str, actual: str) -> Decimal | None:
    """How far `actual` is above `expected`, in percent (validation prints '1,234.50 EUR')."""
    try:
        first = [Decimal(_NUMBER.search(s.replace(",", "")).group()) for s in (expected, actual)]
    except (AttributeError, InvalidOperation):
        return None
    low, high = first
    if low <= 0:
        return None
    return ((high - low) / low * 100).quantize(Decimal("0.01"))


def run(ctx: StepContext) -> StepResult:
    tools = ctx.tools
    case = tools.call("cases.decisions", document_id=ctx.document_id)
    if case.invoice_id is None or case.vendor_id is None:
        routed = _teach_the_router(ctx, case)
        ctx.emit("MemoryRecorded", {"case_id": case.case_id, "facts": [], **routed,
                                    "reason": "no invoice or no vendor on file: nothing to keep"})
        return StepResult(output={"facts": 0})
    vendor = case.vendor_id
    invoice = tools.call("invoices.get", invoice_id=case.invoice_id)
    provenance = {"vendor_id": vendor, "case_id": case.case_id}
    facts: list[dict] = []

    corrected = {}
    for decision in case.decisions:  # the last correction of a field is the clerk's word
        if decision.type == "FieldCorrected" and decision.details.get("field") in FIELD_NAMES:
            corrected[decision.details["field"]] = decision
    page_text = _page_text(ctx) if set(corrected) & set(HINTED_FIELDS) else ""
    for field, decision in corrected.items():
        old, new = str(decision.details.get("old", "")), str(decision.details.get("new", ""))
        name = FIELD_NAMES[field]
        who = {"decided_by": decision.by, "decided_at": decision.at.isoformat()}
        facts.append(dict(
            kind="field_correction", subject=field,
            text=f"Clerks correct the {name} read from this vendor's invoices "
                 f"(last: \u201c{old}\u201d \u2192 \u201c{new}\u201d).",
            data={"field": field, "old": old, "new": new}, **provenance, **who,
        ))
        where = label_for(page_text, field, new) if page_text else None
        if where is not None:
            place = ("after the label" if where["where"] == "same_line"
                     else "on the line below the label")
            facts.append(dict(
                kind="layout_hint", subject=field, value=where["label"],
                text=f"The {name} is printed {place} \u201c{where['label']}\u201d.",
                data=where, **provenance, **who,
            ))

    variance_kinds = set()
    for finding in case.accepted_findings:
        if finding.kind not in TOLERANCE_KINDS:
            continue  # accepting a suspected duplicate says nothing about a tolerance
        size = variance_pct(finding.expected, finding.actual)
        if size is None:
            sized = ""
        else:
            sized = f" of {size}%"
            variance_kinds.add(finding.kind)
        facts.append(dict(
            kind="accepted_variance", subject=finding.kind,
            text=f"Clerks accept {finding.kind.replace('_', ' ')}s{sized} from this vendor "
                 f"(expected {finding.expected}, billed {finding.actual}).",
            data={"kind": finding.kind, "expected": finding.expected, "actual": finding.actual},
            evidence={"size_pct": str(size) if size is not None else "",
                      "reason": finding.reason[:300]},
            decided_by=finding.by, decided_at=finding.at.isoformat(), **provenance,
        ))

    approval = next((d for d in reversed(case.decisions) if d.type == "PaymentApproved"), None)
    if approval is not None and any(FREIGHT.search(line.description or "")
                                    for line in invoice.lines):
        facts.append(dict(
            kind="billing_habit", subject="freight", value="separate line",
            text="Bills freight as a separate invoice line.",
            decided_by=approval.by, decided_at=approval.at.isoformat(), **provenance,
        ))

    # Writes last: each one joins the step's single transaction.
    routed = _teach_the_router(ctx, case)
    kept = []
    for fact in facts:
        written = tools.call("memory.write", **fact)
        kept.append({"fact_id": written.fact_id, "outcome": written.outcome,
                     "text": fact["text"]})
    proposals = []
    for kind in sorted(variance_kinds & set(PROPOSE_FOR)):
        proposed = tools.call("memory.propose_tolerance", vendor_id=vendor, finding_kind=kind)
        if proposed.proposal_id is not None:
            proposals.append({"proposal_id": proposed.proposal_id, "setting": proposed.setting,
                              "current": str(proposed.current),
                              "proposed": str(proposed.proposed)})
    ctx.emit("MemoryRecorded", {"case_id": case.case_id, "facts": kept, **routed,
                                "tolerance_proposals": proposals})
    return StepResult(output={"facts": len(kept), "proposals": len(proposals)})


def _page_text(ctx: StepContext) -> str:
    """The document's text, read in the sandbox like intake reads it; empty if it cannot be."""
    from agents.intake.sandbox import SandboxError, run_sandboxed
    from agents.intake.second_opinion import page_text
    from agents.tools.errors import NotFound, ToolFailed

    # No hint is better than no memory: a file that cannot be read costs only the hint.
    try:
        document = ctx.tools.call("documents.get", document_id=ctx.document_id,
                                  include_content=True)
        return run_sandboxed(page_text, document.content(), reuse=True, timeout_s=60)
    except (NotFound, ToolFailed, SandboxError, ValueError, OSError):
        return ""


def _teach_the_router(ctx: StepContext, case) -> dict:
    """A clerk's last re-routing of the document becomes a labelled example for the router
    (`memory.route_example`, which calls procurement.routing.router_example_add). If the router
    refuses it (no routed text, an unknown route), the report says why and nothing else
    changes."""
    from agents.tools.errors import ToolFailed

    rerouted = [d for d in case.decisions if d.type in ("DocumentRerouted", "RouteChanged")
                and d.details.get("route")]
    if not rerouted:
        return {}
    last = rerouted[-1]
    try:
        added = ctx.tools.call("memory.route_example", document_id=ctx.document_id,
                               route=str(last.details["route"]),
                               source=f"case {case.case_id}, re-routed by {last.by}")
    except ToolFailed as exc:
        return {"route_example": f"not kept: {exc.reason}"}
    return {"route_example": "kept" if added.added else "kept before"}
