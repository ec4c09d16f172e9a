"""email.propose: the exception agent's only way to write to a vendor, and it sends nothing.

The proposal waits for guardrails and an approver (approvals app). No agent holds email:send.
Even so, the tool only proposes what the exception agent is for: an email about an invoice in
exception, to one of its vendor's contacts on file (rules of approvals.services.email_propose,
which a person's path obeys too), and within a workflow only about that workflow's invoice.
Anything else is refused (ToolFailed; 409 over HTTP).
"""
from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from pydantic import BaseModel, Field, StrictInt, field_validator

from agents.tools.catalog.invoices import require_workflow_document
from agents.tools.errors import NotFound, ToolFailed
from agents.tools.registry import ToolContext, ToolInput, registry
from approvals.services import EmailRefused, email_propose
from procurement.models import Invoice


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
    state: str = Field(
        description="'awaiting_approval': passed the guardrails, waiting for an approver; "
        "'blocked': a guardrail failed (see blocked_by)."
    )
    created: bool = Field(description="False: this step had already proposed it (a retry).")
    blocked_by: str = Field("", description="Each failed guardrail and its evidence.")


@registry.register(
    name="email.propose",
    description=(
        "Propose an email to a vendor about an invoice in exception, to one of its contacts on "
        "file. It is NOT sent: guardrails check it (state 'blocked' says which rule failed) and "
        "an approver signs it off first. Proposing again from the same step returns the first "
        "proposal."
    ),
    scope="email:propose",
    input_model=EmailProposeIn,
    output_model=EmailProposeOut,
    side_effects=True,
)
def propose(args: EmailProposeIn, ctx: ToolContext) -> EmailProposeOut:
    invoice = Invoice.objects.filter(pk=args.invoice_id).values("document_id").first()
    if invoice is None:
        raise NotFound(f"There is no invoice {args.invoice_id}.")
    require_workflow_document(ctx, invoice["document_id"], f"Invoice {args.invoice_id}")
    try:
        # The rules (invoice in exception, a contact of its vendor) are the approvals service's,
        # the same for an agent as for a person.
        email, created = email_propose(
            invoice_id=args.invoice_id,
            workflow_id=ctx.workflow_id,
            to_email=args.to_email,
            to_name=args.to_name,
            subject=args.subject,
            body=args.body,
            signed_by_id=args.signed_by_id,
            drafted_by=_drafted_by(ctx),
            idempotency_key=_idempotency_key(args, ctx),
        )
    except EmailRefused as refused:
        if refused.status == 404:
            raise NotFound(str(refused)) from None
        raise ToolFailed(str(refused)) from None
    blocked_by = "; ".join(
        f"{v['rule']}: {v['evidence']}" for v in email.blocking_verdicts
    )
    return EmailProposeOut(
        email_id=email.pk, state=email.state, created=created, blocked_by=blocked_by
    )


def _drafted_by(ctx: ToolContext) -> str:
    """What the approver reads: the agent and what wrote its words, as the LLM ledger has it
    ("exception agent (rules)", "exception agent (openai/gpt-4o-mini)"); an agent calling over
    the tool API says so."""
    from agents.llm.services import llm_used_by_step

    used = llm_used_by_step(step_id=ctx.step_id)
    drafted_by = f"{ctx.agent} agent" + (f" ({used})" if used else "")
    return drafted_by + (" over the tool API" if ctx.via == "http" else "")


def _idempotency_key(args: EmailProposeIn, ctx: ToolContext) -> str:
    # Per draft: a retried step proposes the same email; a new drafting step (after a
    # rejection) writes a new one. Outside a step (an external agent over HTTP), the same
    # content twice is the same proposal.
    if ctx.step_id is not None:
        return f"step:{ctx.step_id}:invoice:{args.invoice_id}:vendor-email"
    digest = hashlib.sha256(f"{args.to_email}\n{args.subject}\n{args.body}".encode()).hexdigest()
    return f"invoice:{args.invoice_id}:email:{digest[:32]}"
