"""An invoice's decision trail: everything that happened to one workflow, in the order it happened.

Each source keeps its own rows (steps and their attempts, events, the tool-call audit, the LLM
ledger, budget alerts, email proposals); this module reads each with one query and merges them
into one timeline of `TrailEntry`s, so a person can follow a decision step by step (architecture
rule 8). Everything in `detail` is data as recorded, including LLM and tool output: it is
untrusted and is rendered escaped, never marked safe.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from agents.llm.models import BudgetAlert, LlmCall
from agents.orchestrator.models import Event, Step
from agents.tools.models import ToolCall
from agents.tools.services import tool_call_trail
from approvals.models import EmailEvent, OutboundEmail

KIND_LABELS = {
    "step_started": "Step started",
    "step_finished": "Step finished",
    "step_failed": "Step failed",
    "step_waiting": "Step waiting",
    "event": "Event",
    "decision": "Person",
    "tool_call": "Tool call",
    "llm_call": "LLM call",
    "budget_alert": "Budget",
    "email_proposed": "Email",
    "email_event": "Email",
}
# Within one instant a step starts before what it does, and finishes after it.
_RANK = {"step_started": 0, "step_finished": 2, "step_failed": 2}


@dataclass(frozen=True)
class TrailBlock:
    """A labelled piece of recorded data, pretty-printed for a <pre> (escaped by the template)."""

    label: str
    text: str


@dataclass(frozen=True)
class TrailEntry:
    """One thing that happened.

    kind: step_started, step_finished, step_failed, step_waiting, event, decision, tool_call,
    llm_call, budget_alert, email_proposed or email_event. `tone` is "ok", "bad", "warn" or ""
    for how the page colours it; `facts` are short label/value pairs shown inline; `detail` holds
    the recorded data (input, output, arguments, ...) shown folded.
    """

    kind: str
    at: datetime
    agent: str
    title: str
    detail: dict[str, Any] = field(default_factory=dict)
    facts: tuple[tuple[str, str], ...] = ()
    tone: str = ""
    badge: str = ""  # a word that must not be missed: "denied", "failed", ...

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def is_inside_step(self) -> bool:
        """Tool and LLM calls happen within a step's run; the page indents them under it."""
        return self.kind in ("tool_call", "llm_call")

    @property
    def blocks(self) -> list[TrailBlock]:
        return [
            TrailBlock(label, _pretty(value))
            for label, value in self.detail.items()
            if value not in (None, "", {}, [])
        ]


def workflow_trail(*, workflow_id: int) -> list[TrailEntry]:
    """The workflow's whole trail, oldest first. Six queries, however long the trail is."""
    entries: list[TrailEntry] = []
    for source in (
        _steps, _events, _tool_calls, _llm_calls, _budget_alerts, _emails, _email_events
    ):
        entries.extend(source(workflow_id))
    # sorted() is stable: entries at the same instant keep their source's (pk) order.
    return sorted(entries, key=lambda entry: (entry.at, _RANK.get(entry.kind, 1)))


def _steps(workflow_id: int) -> list[TrailEntry]:
    entries: list[TrailEntry] = []
    for step in Step.objects.filter(workflow_id=workflow_id).order_by("created_at", "pk"):
        attempts = list(step.history)
        if step.state == Step.State.RUNNING and step.started_at:
            # The attempt under way is not in `history` until it ends.
            attempts.append({"attempt": step.attempt, "started_at": step.started_at.isoformat()})
        for number, attempt in enumerate(attempts, start=1):
            entries.extend(_attempt_entries(step, attempt, last=number == len(attempts)))
        if step.state == Step.State.PENDING:
            waiting = f"{step.agent} is waiting to run"
            if step.run_after:
                waiting += f" (not before {step.run_after:%H:%M:%S})"
            entries.append(
                TrailEntry(
                    kind="step_waiting",
                    at=step.run_after or step.created_at,
                    agent=step.agent,
                    title=waiting,
                    detail={"input": step.input, "last error": step.error},
                    tone="warn" if step.error else "",
                )
            )
    return entries


def _attempt_entries(step: Step, attempt: dict, *, last: bool) -> list[TrailEntry]:
    number = attempt.get("attempt", "?")
    started = _parse_time(attempt.get("started_at")) or step.created_at
    entries = [
        TrailEntry(
            kind="step_started",
            at=started,
            agent=step.agent,
            title=f"{step.agent} started (attempt {number} of {step.max_attempts})",
            detail={"input": step.input},
        )
    ]
    finished = _parse_time(attempt.get("finished_at"))
    if finished is None:
        return entries
    outcome = str(attempt.get("outcome", ""))
    seconds = (finished - started).total_seconds()
    facts = (("took", f"{seconds * 1000:.0f} ms"),)
    if outcome == "succeeded":
        entries.append(
            TrailEntry(
                kind="step_finished",
                at=finished,
                agent=step.agent,
                title=f"{step.agent} finished",
                # Only the attempt that counted has an output; earlier ones were rolled back.
                detail={"output": step.output} if last else {},
                facts=facts,
                tone="ok",
            )
        )
    else:
        reason = outcome.removeprefix("failed: ")
        entries.append(
            TrailEntry(
                kind="step_failed",
                at=finished,
                agent=step.agent,
                title=f"{step.agent} failed (attempt {number})",
                detail={"error": reason},
                facts=facts,
                tone="bad",
                badge="failed",
            )
        )
    return entries


def _events(workflow_id: int) -> list[TrailEntry]:
    entries = []
    for event in Event.objects.filter(workflow_id=workflow_id).select_related("step"):
        by = event.payload.get("by") if isinstance(event.payload, dict) else None
        if by:
            # A person's decision (a retry, say) is recorded as an event carrying who made it.
            entries.append(
                TrailEntry(
                    kind="decision",
                    at=event.created_at,
                    agent=str(by),
                    title=f"{event.type} by {by}",
                    detail={"payload": event.payload},
                    tone="warn",
                    badge="by a person",
                )
            )
            continue
        entries.append(
            TrailEntry(
                kind="event",
                at=event.created_at,
                agent=event.step.agent if event.step else "",
                title=event.type,
                detail={"payload": event.payload},
                tone="warn" if event.type in ("NeedsHuman", "WorkflowCancelled") else "",
            )
        )
    return entries


def _tool_calls(workflow_id: int) -> list[TrailEntry]:
    entries = []
    for call in tool_call_trail(workflow_id=workflow_id):
        ok = call.outcome == ToolCall.Outcome.OK
        facts = [("took", f"{call.duration_ms} ms")]
        if call.via != ToolCall.Via.PYTHON:
            facts.append(("via", call.get_via_display()))
        entries.append(
            TrailEntry(
                kind="tool_call",
                # The audit row is written when the call returns; it happened from its start,
                # before whatever it created (an email proposal, say).
                at=call.created_at - timedelta(milliseconds=call.duration_ms),
                agent=call.agent,
                title=call.tool,
                detail={
                    "arguments": call.arguments,
                    "result": _json_or_text(call.result_summary),
                    "error": call.error,
                },
                facts=tuple(facts),
                tone="" if ok else "bad",
                badge="" if ok else call.get_outcome_display(),
            )
        )
    return entries


def _llm_calls(workflow_id: int) -> list[TrailEntry]:
    entries = []
    for call in LlmCall.objects.filter(workflow_id=workflow_id).order_by("created_at", "pk"):
        ok = call.outcome in (LlmCall.Outcome.OK, LlmCall.Outcome.RETRIED)
        entries.append(
            TrailEntry(
                kind="llm_call",
                at=call.created_at - timedelta(milliseconds=call.latency_ms),
                agent=call.agent,
                title=call.task,
                detail={"error": call.error, "prompt (sha256 of the messages)": call.prompt_hash},
                facts=(
                    ("model", f"{call.provider}/{call.model}"),
                    ("tokens", f"{call.prompt_tokens} in, {call.completion_tokens} out"),
                    ("cost", f"${_money(call.cost_usd)}"),
                    ("latency", f"{call.latency_ms} ms"),
                    ("outcome", call.get_outcome_display()),
                ),
                tone="" if ok else "bad",
                badge="" if ok else call.get_outcome_display(),
            )
        )
    return entries


def _budget_alerts(workflow_id: int) -> list[TrailEntry]:
    return [
        TrailEntry(
            kind="budget_alert",
            at=alert.created_at,
            agent="",
            title=alert.message,
            facts=(("scope", alert.get_scope_display()),)
            + ((("acknowledged", "yes"),) if alert.acknowledged else ()),
            tone="bad",
            badge="budget hit",
        )
        for alert in BudgetAlert.objects.filter(workflow_id=workflow_id).order_by("created_at")
    ]


def _emails(workflow_id: int) -> list[TrailEntry]:
    return [
        TrailEntry(
            kind="email_proposed",
            at=email.created_at,
            agent=email.drafted_by,
            title=f"Email proposed to {email.to_name or email.to_email}",
            detail={"body": email.body},
            facts=(
                ("to", email.to_email),
                ("subject", email.subject),
                ("now", email.get_state_display()),
            ),
            tone="warn" if email.state == OutboundEmail.State.PROPOSED else "",
        )
        for email in OutboundEmail.objects.filter(workflow_id=workflow_id).order_by(
            "created_at", "pk"
        )
    ]


_EMAIL_TONES = {"blocked": "bad", "rejected": "bad", "expired": "warn", "voided": "warn",
                "sent": "ok", "awaiting_approval": "warn"}


def _email_events(workflow_id: int) -> list[TrailEntry]:
    """What happened to each email after it was drafted: guardrail verdicts, sign-offs,
    rejections with their reason, send attempts and the SMTP server's answers."""
    return [
        TrailEntry(
            kind="email_event",
            at=event.created_at,
            agent=event.actor,
            title=f"Email {event.email_id}: {event.from_state.replace('_', ' ')} → "
            f"{event.to_state.replace('_', ' ')}",
            facts=(("why", event.note),) if event.note else (),
            tone=_EMAIL_TONES.get(event.to_state, ""),
        )
        for event in EmailEvent.objects.filter(email__workflow_id=workflow_id)
        .exclude(from_state="")
        .order_by("created_at", "pk")
    ]


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _json_or_text(text: str) -> Any:
    """A result summary is JSON unless it was cut short; show it indented when it parses."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _money(value: Decimal) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"


def _pretty(value: Any) -> str:
    """Text stays text (an email body, a result summary); anything else becomes indented JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str)
