"""The exception agent: for an invoice with discrepancies, find who to write to and in whose name,
draft the email explaining what differs, and propose it for approval.

It never sends anything: `email.propose` records a proposal that guardrails and an approver must
pass. Emits EmailDrafted, or NeedsHuman when there is nobody to write to.
"""
from __future__ import annotations

from agents.orchestrator.registry import StepContext, StepResult


def run(ctx: StepContext) -> StepResult:
    from agents.llm.tasks import DRAFT_EMAIL

    tools = ctx.tools
    invoice = tools.call("invoices.get", document_id=ctx.document_id)
    blocking = [f for f in invoice.findings if f.severity == "blocking"]
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
            "invoice_total": f"{invoice.total}" if invoice.total is not None else "not printed",
            "discrepancies": [
                {
                    "kind": f.kind,
                    "description": _describe(f),
                    "expected": f.expected or "-",
                    "actual": f.actual or "-",
                }
                for f in blocking
            ],
        },
    )
    proposal = tools.call(
        "email.propose",
        invoice_id=invoice.id,
        to_email=contact.email,
        to_name=contact.name,
        subject=draft.subject,
        body=draft.body,
        signed_by_id=manager.id,
    )
    ctx.emit("EmailDrafted", {"invoice_id": invoice.id, "email_id": proposal.email_id})
    return StepResult(
        output={"email_id": proposal.email_id, "to": contact.email, "subject": draft.subject,
                "signed_by": manager.name}
    )


def _describe(finding) -> str:
    # Findings about a line already start with "Line N (...)"; the others get their topic.
    message = finding.message.rstrip(".")
    if finding.line_no:
        return message
    return f"{finding.label}: {message}"


def _needs_human(ctx: StepContext, invoice, reason: str) -> StepResult:
    ctx.emit("NeedsHuman", {"reason": reason, "invoice_id": invoice.id})
    return StepResult(output={"outcome": "needs_human", "reason": reason})
