"""The invoice pipeline, declared in one place: which agents exist, what each event means for the
workflow, and which agent runs when an event arrives.

Read it top to bottom as the flow: DocumentReceived starts intake; DocumentParsed starts
validation; InvoiceValidated approves straight-through; DiscrepancyFound starts the exception
agent, whose EmailDrafted waits for an approver.
"""
from __future__ import annotations

from dataclasses import dataclass

from agents.orchestrator.registry import _AGENTS, register
from agents.orchestrator.states import State


class Ev:
    DOCUMENT_RECEIVED = "DocumentReceived"
    DOCUMENT_PARSED = "DocumentParsed"
    DOCUMENT_REJECTED = "DocumentRejected"
    INVOICE_VALIDATED = "InvoiceValidated"
    DISCREPANCY_FOUND = "DiscrepancyFound"
    EMAIL_DRAFTED = "EmailDrafted"
    EMAIL_SENT = "EmailSent"
    CASE_CLOSED = "CaseClosed"
    NEEDS_HUMAN = "NeedsHuman"


# Event -> the state the workflow is in once the event is written (same transaction). Events not
# listed here are facts for the trail and move nothing.
EVENT_STATES: dict[str, State] = {
    Ev.DOCUMENT_RECEIVED: State.RECEIVED,
    Ev.DOCUMENT_PARSED: State.PARSED,
    Ev.DOCUMENT_REJECTED: State.REJECTED,
    Ev.INVOICE_VALIDATED: State.APPROVED,
    Ev.DISCREPANCY_FOUND: State.EXCEPTION,
    Ev.EMAIL_DRAFTED: State.AWAITING_APPROVAL,
    Ev.EMAIL_SENT: State.SENT,
    Ev.CASE_CLOSED: State.CLOSED,
    Ev.NEEDS_HUMAN: State.NEEDS_HUMAN,
}


@dataclass(frozen=True)
class Subscription:
    agent: str
    runs_in: State  # the workflow's state while the agent's step runs


# Event -> the agent step it starts. The dispatcher applies it only while the workflow is still in
# EVENT_STATES[event] (compare-and-set), so a second DiscrepancyFound starts nothing twice.
SUBSCRIPTIONS: dict[str, Subscription] = {
    Ev.DOCUMENT_RECEIVED: Subscription("intake", State.PARSING),
    Ev.DOCUMENT_PARSED: Subscription("validation", State.VALIDATING),
    Ev.DISCREPANCY_FOUND: Subscription("exception", State.DRAFTING),
}

# The real agents, by dotted path, imported when their first step runs. Intake and exception may
# call the LLM, so they sit on the `llm` queue and cannot hold up the cheap `steps` work.
_PIPELINE_AGENTS = {
    "intake": dict(run="agents.intake.step.run", queue="llm", timeout=300, max_attempts=3),
    "validation": dict(run="agents.validation.step.run", queue="steps", timeout=60, max_attempts=3),
    "exception": dict(run="agents.exception.step.run", queue="llm", timeout=300, max_attempts=3),
}
for _name, _options in _PIPELINE_AGENTS.items():
    # setdefault: a deployment (or a test app) that registered its own step first keeps it
    if _name not in _AGENTS:
        register(_name, **_options)
