"""email.propose: the exception agent's only way to write to a vendor, and it sends nothing.

The proposal waits for guardrails and an approver (approvals app). No agent holds email:send.
Even so, the tool only proposes what the exception agent is for: an email about an invoice in
exception, to one of its vendor's contacts on file, and within a workflow only about that
workflow's invoice. Anything else is refused (ToolFailed; 409 over HTTP).
"""
from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from pydantic import BaseModel, Field, StrictInt, field_validator

from agents.tools.catalog.invoices import require_workflow_document
from agents.tools.errors import NotFound, ToolFailed
from agents.tools.registry import ToolContext, ToolInput, registry
from approvals.services import email_propose
from procurement.models import Invoice, StaffMember, VendorContact


class EmailProposeIn(ToolInput):
    invoice_id: StrictInt = Field(description="The invoice the email is about.")
    to_email: str = Field(
        max_length=254, description="The vendor contact's address, from vendors.get."
    )
    to_name: str = Field("", max_length=200)
    subject: str = Field(min_length=5, max_length=300)
    body: str = Field(min_length=20, max_length=10_000)
    signed_by_id: StrictInt | None = Field(
        None, description="The account manager (directory) in whose name it is written."
    )


    @field_validator("to_email")
    @classmethod
    def _an_email_address(cls, value: str) -> str:
        try:
            validate_email(value)
        except ValidationError:
            raise ValueError("not an email address") from None
        return value


class EmailProposeOut(BaseModel):
    email_id: int
    state: str = Field(description="'proposed': waiting for guardrails and an approver.")
    created: bool = Field(description="False: this step had already proposed it (a retry).")


@registry.register(
    name="email.propose",
    description=(
        "Propose an email to a vendor about an invoice. It is NOT sent: guardrails check it and "
        "an approver signs it off first. Proposing again from the same workflow returns the "
        "first proposal."
    ),
    scope="email:propose",
    input_model=EmailProposeIn,
    output_model=EmailProposeOut,
    side_effects=True,
)
def propose(args: EmailProposeIn, ctx: ToolContext) -> EmailProposeOut:
    invoice = (
        Invoice.objects.filter(pk=args.invoice_id)
        .values("document_id", "status", "vendor_id")
        .first()
    )
    if invoice is None:
        raise NotFound(f"There is no invoice {args.invoice_id}.")
    require_workflow_document(ctx, invoice["document_id"], f"Invoice {args.invoice_id}")
    if invoice["status"] != Invoice.Status.EXCEPTION:
        raise ToolFailed(
            f"Invoice {args.invoice_id} is {invoice['status']}, not in exception: an email to "
            "the vendor is proposed only about an invoice in exception."
        )
    if invoice["vendor_id"] is None:
        raise ToolFailed(
            f"Invoice {args.invoice_id} is not linked to a vendor on file, so there is no "
            "contact to write to."
        )
    if not VendorContact.objects.filter(
        vendor_id=invoice["vendor_id"], email__iexact=args.to_email.strip()
    ).exists():
        raise ToolFailed(
            f"{args.to_email} is not a contact of the invoice's vendor: write only to one of "
            "the contacts vendors.get lists for it."
        )
    if args.signed_by_id is not None and not StaffMember.objects.filter(
        pk=args.signed_by_id
    ).exists():
        raise NotFound(f"There is no staff member {args.signed_by_id}.")
    email, created = email_propose(
        invoice_id=args.invoice_id,
        workflow_id=ctx.workflow_id,
        to_email=args.to_email,
        to_name=args.to_name,
        subject=args.subject,
        body=args.body,
        signed_by_id=args.signed_by_id,
        drafted_by=f"{ctx.agent} via {ctx.via}",
        idempotency_key=_idempotency_key(args, ctx),
    )
    return EmailProposeOut(email_id=email.pk, state=email.state, created=created)


def _idempotency_key(args: EmailProposeIn, ctx: ToolContext) -> str:
    # One proposal per drafting step (a retried attempt proposes the same email; a clerk's new
    # request after an approver rejected a draft is a new step, so a new proposal); outside a
    # workflow (an external agent over HTTP), the same content twice is the same proposal.
    if ctx.workflow_id is not None:
        return f"workflow:{ctx.workflow_id}:step:{ctx.step_id}:invoice:{args.invoice_id}:email"
    digest = hashlib.sha256(f"{args.to_email}\n{args.subject}\n{args.body}".encode()).hexdigest()
    return f"invoice:{args.invoice_id}:email:{digest[:32]}"
