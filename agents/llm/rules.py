"""Deterministic answers for the offline `rules` provider, one function per task.

With no LLM configured the product still works end to end: each task the pipeline needs has a
plain-code answer here. The gateway validates these answers exactly like a model's.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from pydantic import BaseModel

from agents.llm.tasks import (
    DRAFT_EMAIL,
    MATCH_DESCRIPTIONS,
    READ_FIELDS,
    REVIEW_EMAIL,
    DescriptionMatch,
    DraftEmail,
    DraftEmailInputs,
    EmailReview,
    MatchDescriptionsInputs,
    ReadFields,
    ReadFieldsInputs,
    ReviewEmailInputs,
    Task,
)

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


_WORD = re.compile(r"[a-z0-9]+")


def _tokens(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


@rules_for(MATCH_DESCRIPTIONS)
def match_descriptions(inputs: MatchDescriptionsInputs) -> DescriptionMatch:
    a, b = inputs.invoice_description, inputs.po_description
    ratio = difflib.SequenceMatcher(None, a.lower().strip(), b.lower().strip()).ratio()
    words_a, words_b = _tokens(a), _tokens(b)
    overlap = len(words_a & words_b) / max(1, min(len(words_a), len(words_b)))
    score = max(ratio, overlap)
    # Sizes, models and grades are numbers: "M8 x 40" and "M10 x 60" read alike but differ.
    numbers_a = {w for w in words_a if any(c.isdigit() for c in w)}
    numbers_b = {w for w in words_b if any(c.isdigit() for c in w)}
    numbers_agree = numbers_a <= numbers_b or numbers_b <= numbers_a
    matches = numbers_agree and score >= 0.8
    return DescriptionMatch(
        matches=matches,
        confidence=round(score if matches else 1 - score, 2),
        reason=f"rules: text similarity {ratio:.2f}, word overlap {overlap:.2f}",
    )
