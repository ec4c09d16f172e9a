"""The invoice pipeline, declared in one place: which agents exist, what each event means for the
workflow, and which agent runs when an event arrives.

Read it top to bottom as the flow: DocumentReceived starts intake; DocumentParsed starts
validation; InvoiceValidated approves straight-through; DiscrepancyFound holds the invoice for a
clerk. People's decisions (procurement/cases.py) re-enter the same workflow as events: a clerk's
EmailRequested starts the exception agent, whose EmailDrafted waits for an approver; a correction
emits ValidationRequested, which starts a new validation step; PaymentApproved, InvoiceRejected,
CaseOnHold and CaseReopened move the workflow where the person decided.
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
    # People's decisions (procurement/cases.py; approvals for the EmailRejected/EmailSent pair)
    EMAIL_REQUESTED = "EmailRequested"
    EMAIL_REJECTED = "EmailRejected"
    VALIDATION_REQUESTED = "ValidationRequested"
    PAYMENT_APPROVED = "PaymentApproved"
    INVOICE_REJECTED = "InvoiceRejected"
    CASE_ON_HOLD = "CaseOnHold"
    CASE_REOPENED = "CaseReopened"
    # Facts for the trail only (they move nothing): who did what and why.
    FINDING_ACCEPTED = "FindingAccepted"
    FIELD_CORRECTED = "FieldCorrected"
    FIELDS_KEYED_IN = "FieldsKeyedIn"
    VENDOR_RESOLVED = "VendorResolved"
    CASE_ASSIGNED = "CaseAssigned"
    PAYMENT_FIRST_APPROVAL = "PaymentFirstApproval"
    # The librarian's report of what it kept (a fact for the trail).
    MEMORY_RECORDED = "MemoryRecorded"


# Event -> the state the workflow is in once the event is written (same transaction). Events not
# listed here are facts for the trail and move nothing.
EVENT_STATES: dict[str, State] = {
    Ev.DOCUMENT_RECEIVED: State.RECEIVED,
    Ev.DOCUMENT_PARSED: State.PARSED,
    # Intake could not read the file: a clerk keys it in or marks it as not an invoice.
    Ev.DOCUMENT_REJECTED: State.NEEDS_HUMAN,
    Ev.INVOICE_VALIDATED: State.APPROVED,
    Ev.DISCREPANCY_FOUND: State.EXCEPTION,
    Ev.EMAIL_DRAFTED: State.AWAITING_APPROVAL,
    Ev.EMAIL_SENT: State.SENT,
    Ev.CASE_CLOSED: State.CLOSED,
    Ev.NEEDS_HUMAN: State.NEEDS_HUMAN,
    Ev.EMAIL_REQUESTED: State.EXCEPTION,
    Ev.EMAIL_REJECTED: State.EXCEPTION,
    Ev.VALIDATION_REQUESTED: State.PARSED,
    Ev.PAYMENT_APPROVED: State.APPROVED,
    Ev.INVOICE_REJECTED: State.REJECTED,
    Ev.CASE_ON_HOLD: State.ON_HOLD,
    Ev.CASE_REOPENED: State.EXCEPTION,
}


@dataclass(frozen=True)
class Subscription:
    agent: str
    # The workflow's state while the agent's step runs; None: the step runs beside the settled
    # workflow and moves nothing (the librarian: registered with alongside=True).
    runs_in: State | None


# Event -> the agent step it starts. The dispatcher applies it only while the workflow is still in
# EVENT_STATES[event] (compare-and-set), so a second EmailRequested starts nothing twice.
# DiscrepancyFound starts nothing: a vendor email is drafted only when a clerk asks for one.
SUBSCRIPTIONS: dict[str, Subscription] = {
    Ev.DOCUMENT_RECEIVED: Subscription("intake", State.PARSING),
    Ev.DOCUMENT_PARSED: Subscription("validation", State.VALIDATING),
    Ev.VALIDATION_REQUESTED: Subscription("validation", State.VALIDATING),
    Ev.EMAIL_REQUESTED: Subscription("exception", State.DRAFTING),
    # A person settled the case: the librarian keeps what is worth remembering (corrections,
    # accepted variances, billing habits), beside the workflow, which stays where it is.
    Ev.PAYMENT_APPROVED: Subscription("librarian", None),
    Ev.INVOICE_REJECTED: Subscription("librarian", None),
    Ev.CASE_CLOSED: Subscription("librarian", None),
    # The router's "file it" on the triage list (a clerk closed a document that is not for
    # accounts payable): the librarian hands the clerk's route to the router as an example.
    "DocumentFiled": Subscription("librarian", None),
}

# The real agents, by dotted path, imported when their first step runs. Intake and exception may
# call the LLM, so they sit on the `llm` queue and cannot hold up the cheap `steps` work.
_PIPELINE_AGENTS = {
    "intake": dict(run="agents.intake.step.run", queue="llm", timeout=300, max_attempts=3),
    "validation": dict(run="agents.validation.step.run", queue="steps", timeout=60, max_attempts=3),
    "exception": dict(run="agents.exception.step.run", queue="llm", timeout=300, max_attempts=3),
    "librarian": dict(run="agents.librarian.step.run", queue="steps", timeout=120, max_attempts=3,
                      alongside=True),
}
for _name, _options in _PIPELINE_AGENTS.items():
    # setdefault: a deployment (or a test app) that registered its own step first keeps it
    if _name not in _AGENTS:
        register(_name, **_options)
