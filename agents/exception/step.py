"""The exception agent: for an invoice with discrepancies, find who to write to and in whose name,
have the email assembled from the findings (compose.py; a model adds at most a paragraph of
prose), and propose it for approval.

It never sends anything: `email.propose` records a proposal that guardrails and an approver must
pass. Emits EmailDrafted; NeedsHuman when there is nobody to write to, nothing for the vendor to
correct, or the guardrails blocked the draft.
"""
from __future__ import annotations

from agents.exception.compose import (
    EmailFacts,
    FindingFacts,
    compose,
    money,
    rows_and_requests,
    vendor_facing,
)
from agents.orchestrator.registry import StepContext, StepResult


def run(ctx: StepContext) -> StepResult:
    from agents.llm.tasks import DRAFT_EMAIL

    tools = ctx.tools
    invoice = tools.call("invoices.get", document_id=ctx.document_id)
    if invoice.vendor_id is None:
        # Nobody on file to write to: a clerk decides who this is (or that it is not ours).
        return _needs_human(
            ctx, invoice, "The vendor is not on file, so there is nobody to write to. "
            "Add the vendor or reject the invoice."
        )
    vendor = tools.call("vendors.get", vendor_id=invoice.vendor_id)
    contact = next((c for c in vendor.contacts if c.is_primary), None) or next(
        iter(vendor.contacts), None
    )
    manager = tools.call(
        "directory.account_manager_for_vendor", vendor_id=invoice.vendor_id
    ).account_manager
    if contact is None:
        return _needs_human(ctx, invoice, f"{vendor.legal_name} has no contact on file.")
    if manager is None or not manager.is_active:
        return _needs_human(
            ctx, invoice, f"{vendor.legal_name} has no active account manager to sign the email."
        )
    findings = vendor_facing(_finding_facts(tools, invoice))
    if not findings:
        return _needs_human(
            ctx, invoice, "Nothing on this invoice is for the vendor to correct; a clerk decides."
        )
    facts = EmailFacts(
        vendor_name=vendor.legal_name,
        contact_name=contact.name,
        manager_name=manager.name,
        manager_title=manager.title,
        invoice_number=invoice.invoice_number,
        po_number=invoice.po_number,
        currency=invoice.currency,
        total=invoice.total,
        findings=findings,
    )
    rows, _ = rows_and_requests(facts)
    draft = ctx.llm.structured(
        DRAFT_EMAIL,
        {
            "vendor_name": vendor.legal_name,
            "contact_name": contact.name,
            "account_manager_name": manager.name,
            "account_manager_title": manager.title,
            "invoice_number": invoice.invoice_number,
            "po_number": invoice.po_number,
            "currency": invoice.currency,
            "invoice_total": money(invoice.total, invoice.currency),
            "discrepancies": [
                {"kind": f.kind, "description": row.what, "expected": row.expected,
                 "actual": row.invoiced}
                for f, row in zip(findings, rows, strict=True)
            ],
            "clerk_note": str(ctx.input.get("note", ""))[:500],
        },
    )
    email = compose(facts, prose=draft.prose)
    proposal = tools.call(
        "email.propose",
        invoice_id=invoice.id,
        to_email=contact.email,
        to_name=contact.name,
        subject=email.subject,
        body=email.body,
        signed_by_id=manager.id,
    )
    output = {"email_id": proposal.email_id, "to": contact.email, "subject": email.subject,
              "signed_by": manager.name, "state": proposal.state}
    if proposal.state == "blocked":
        # The case goes back to a clerk, who sees which rule blocked it and the offending text.
        ctx.emit("NeedsHuman", {
            "invoice_id": invoice.id, "email_id": proposal.email_id,
            "reason": f"The drafted email was blocked by a guardrail: {proposal.blocked_by}",
        })
        return StepResult(output={**output, "outcome": "blocked"})
    ctx.emit("EmailDrafted", {"invoice_id": invoice.id, "email_id": proposal.email_id})
    return StepResult(output=output)


def _finding_facts(tools, invoice) -> list[FindingFacts]:
    """The blocking findings, with each line described in our order's words when it matched."""
    descriptions = {line.line_no: line.description for line in invoice.lines}
    po_line_ids = {line.line_no: line.po_line_id for line in invoice.lines}
    if invoice.po_number:
        lookup = tools.call("purchase_orders.get", number=invoice.po_number)
        if lookup.found:
            ours = {line.id: line.description for line in lookup.purchase_order.lines}
            for line_no, po_line_id in po_line_ids.items():
                if po_line_id in ours:
                    descriptions[line_no] = ours[po_line_id]
    return [
        FindingFacts(
            kind=f.kind, expected=f.expected, actual=f.actual, line_no=f.line_no,
            line_description=descriptions.get(f.line_no, "") if f.line_no else "",
        )
        for f in invoice.findings
        if f.severity == "blocking"
    ]


def _needs_human(ctx: StepContext, invoice, reason: str) -> StepResult:
    ctx.emit("NeedsHuman", {"reason": reason, "invoice_id": invoice.id})
    return StepResult(output={"outcome": "needs_human", "reason": reason})
