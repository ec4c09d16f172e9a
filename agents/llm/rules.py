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
    PAIR_LINE,
    READ_FIELDS,
    REVIEW_EMAIL,
    DescriptionMatch,
    DraftEmail,
    DraftEmailInputs,
    EmailReview,
    LinePairing,
    MatchDescriptionsInputs,
    PairLineInputs,
    ReadFields,
    ReadFieldsInputs,
    ReviewEmailInputs,
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
    # The per-kind templates of agents/exception/compose.py say everything; no prose to add.
    return DraftEmail(prose="")


@rules_for(REVIEW_EMAIL)
def review_email(inputs: ReviewEmailInputs) -> EmailReview:
    # No second reader offline: the rule-based guardrails decide alone.
    return EmailReview(safe=True, reason="rules provider: no second reading")


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


@rules_for(PAIR_LINE)
def pair_line(inputs: PairLineInputs) -> LinePairing:
    # Code already found the options equally plausible; with no model nobody can tell them apart
    # better than it did, so the code's choice stands (unpaired, for a clerk).
    return LinePairing(po_line_no=None, reason="rules: no model to tell the options apart")
