"""Deterministic answers for the offline `rules` provider, one function per task.

With no LLM configured the product still works end to end: each task the pipeline needs has a
plain-code answer here. The gateway validates these answers exactly like a model's.
"""
from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

from agents.llm.tasks import (
    DRAFT_EMAIL,
    MATCH_DESCRIPTIONS,
    READ_FIELDS,
    DescriptionMatch,
    DraftEmail,
    DraftEmailInputs,
    MatchDescriptionsInputs,
    ReadFields,
    ReadFieldsInputs,
    Task,
)
from procurement.matching import description_similarity

RULES: dict[str, Callable[[BaseModel], BaseModel]] = {}


def rules_for(task: Task):
    def register(func: Callable[[BaseModel], BaseModel]):
        RULES[task.name] = func
        return func

    return register


@rules_for(READ_FIELDS)
def read_fields(inputs: ReadFieldsInputs) -> ReadFields:
    # The extraction rules already did all that code can do; with no model there is nothing to add.
    return ReadFields()


@rules_for(DRAFT_EMAIL)
def draft_email(inputs: DraftEmailInputs) -> DraftEmail:
    count = len(inputs.discrepancies)
    subject = (
        f"Invoice {inputs.invoice_number} / PO {inputs.po_number}: "
        f"{count} discrepanc{'y' if count == 1 else 'ies'} to resolve"
    )
    lines = []
    for item in inputs.discrepancies:
        line = f"- {item.description}: expected {item.expected}, invoiced {item.actual}"
        if item.difference:
            line += f" (difference {item.difference} {inputs.currency})"
        lines.append(line + ".")
    signature = inputs.account_manager_name
    if inputs.account_manager_title:
        signature += f"\n{inputs.account_manager_title}"
    body = (
        f"Dear {inputs.contact_name},\n\n"
        f"We have received invoice {inputs.invoice_number} from {inputs.vendor_name} for "
        f"{inputs.invoice_total} {inputs.currency}, issued against our purchase order "
        f"{inputs.po_number}. Before we can pay it, please look at the following:\n\n"
        + "\n".join(lines)
        + "\n\nPlease send us a corrected invoice or a credit note, or let us know if we have "
        "misread something.\n\n"
        f"Kind regards,\n{signature}\n"
    )
    return DraftEmail(subject=subject, body=body)


@rules_for(MATCH_DESCRIPTIONS)
def match_descriptions(inputs: MatchDescriptionsInputs) -> DescriptionMatch:
    # The project's one description matcher: it already refuses pairs whose numbers differ.
    score = description_similarity(inputs.invoice_description, inputs.po_description)
    matches = score >= 0.8
    return DescriptionMatch(
        matches=matches,
        confidence=round(score if matches else 1 - score, 2),
        reason=f"rules: description similarity {score:.2f} (numbers must agree)",
    )
