"""The workflow state machine, in one table.

A workflow moves only along an edge of TRANSITIONS; anything else raises IllegalTransition (and is
logged), so a bug or a late message can never put an invoice in a state nobody planned for.
"""
from __future__ import annotations

from django.db import models


class State(models.TextChoices):
    RECEIVED = "received", "Received"
    PARSING = "parsing", "Parsing"
    PARSED = "parsed", "Parsed"
    VALIDATING = "validating", "Validating"
    APPROVED = "approved", "Approved for payment"  # straight-through or by a person
    EXCEPTION = "exception", "Exception found"
    DRAFTING = "drafting", "Drafting vendor email"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    SENT = "sent", "Email sent"
    ON_HOLD = "on_hold", "On hold, waiting for the vendor"
    CLOSED = "closed", "Closed"
    NEEDS_HUMAN = "needs_human", "Needs a person"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"
    BUDGET_EXCEEDED = "budget_exceeded", "LLM budget exceeded"
    # The router found no invoice or credit note (or was unsure): a clerk re-routes or files it.
    TRIAGE = "triage", "Triage: not an invoice, or unsure"


S = State
# Stops that every running state may take: a person is needed, an operator pulled the kill
# switch, or the workflow spent its LLM budget.
_STOPS = {S.NEEDS_HUMAN, S.CANCELLED, S.BUDGET_EXCEEDED}
# A person may resume a stopped workflow at the step that failed (retry), or decide it.
_RESUME = {S.PARSING, S.VALIDATING, S.DRAFTING}
# What a person may decide while a case waits for a clerk (procurement/cases): run validation
# again after a correction (-> parsed, which starts a new validation step), ask for a vendor email
# (-> exception, which starts the exception agent), approve for payment, reject, put on hold.
_DECIDE = {S.PARSED, S.EXCEPTION, S.APPROVED, S.REJECTED, S.ON_HOLD}

TRANSITIONS: dict[State, frozenset[State]] = {
    S.RECEIVED:          frozenset({S.PARSING, S.REJECTED} | _STOPS),
    S.PARSING:           frozenset({S.PARSED, S.REJECTED, S.TRIAGE} | _STOPS),
    S.PARSED:            frozenset({S.VALIDATING} | _STOPS),
    S.VALIDATING:        frozenset({S.APPROVED, S.EXCEPTION, S.REJECTED} | _STOPS),
    S.EXCEPTION:         frozenset((_DECIDE | {S.DRAFTING} | _STOPS) - {S.EXCEPTION}),
    S.DRAFTING:          frozenset({S.AWAITING_APPROVAL} | _STOPS),
    # The approver sends the email (sent), rejects the draft (back to the clerk: exception), or
    # the case is closed without writing.
    S.AWAITING_APPROVAL: frozenset({S.SENT, S.EXCEPTION, S.CLOSED, S.NEEDS_HUMAN, S.CANCELLED}),
    # AWAITING_APPROVAL: a person edited a blocked draft until the guardrails passed it.
    S.NEEDS_HUMAN:       frozenset(_RESUME | _DECIDE | {S.AWAITING_APPROVAL, S.CLOSED,
                                                      S.CANCELLED}),
    S.BUDGET_EXCEEDED:   frozenset(_RESUME | {S.REJECTED, S.CLOSED, S.CANCELLED}),
    # Waiting for the vendor: its answer (or a person) reopens the case for the clerk.
    S.SENT:              frozenset({S.EXCEPTION, S.REJECTED, S.CLOSED, S.CANCELLED}),
    S.ON_HOLD:           frozenset({S.EXCEPTION, S.REJECTED, S.CLOSED, S.CANCELLED}),
    S.APPROVED:          frozenset({S.CLOSED}),
    # A clerk re-routes it to intake (an invoice or credit note after all), or files it.
    S.TRIAGE:            frozenset({S.RECEIVED, S.CLOSED, S.CANCELLED}),
    S.CLOSED:            frozenset(),
    S.REJECTED:          frozenset(),
    S.CANCELLED:         frozenset(),
}  # fmt: skip

TERMINAL = frozenset(state for state, targets in TRANSITIONS.items() if not targets)
# Settled: nothing more happens without a person (or ever). `ingest --wait` waits for these.
WAITING_FOR_PERSON = frozenset(
    {S.EXCEPTION, S.AWAITING_APPROVAL, S.SENT, S.ON_HOLD, S.NEEDS_HUMAN, S.BUDGET_EXCEEDED,
     S.APPROVED, S.TRIAGE}
)
SETTLED = TERMINAL | WAITING_FOR_PERSON
# Cancelling is allowed from here; it is a no-op on a workflow that already finished.
CANCELLABLE = frozenset(state for state, targets in TRANSITIONS.items() if S.CANCELLED in targets)


class IllegalTransition(Exception):
    """A transition that is not an edge of TRANSITIONS, or a workflow not in the expected state."""


def check_transition(current: str, target: str) -> None:
    if State(target) not in TRANSITIONS[State(current)]:
        raise IllegalTransition(f"{current} -> {target} is not an allowed transition")
