"""Test agents, registered under the pipeline's names (intake, validation, exception).

What each one does is read from the document's file name, so a test says what should happen by
naming its PDF: `sleep1500` (intake sleeps 1.5 s), `failalways`, `permanent`, `throttleonce`,
`budget`, `reject`, `human`, `nothing` (intake), `disc` (validation finds two discrepancies),
`failvalidation` (validation fails permanently until a `fixed-<document id>` marker exists),
`askllm` (intake asks the LLM to read the total, through the gateway, before it writes).

Each agent records its effect as a row written inside its step (an Event of type TestEffect,
written directly, as an agent's own database work would be: after opening the step's write phase,
as a tool with side effects does), so tests can count effects.
"""
from __future__ import annotations

import os
import re
import time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from agents.errors import BudgetExceeded, PermanentError, Throttled, TransientError
from agents.orchestrator.registry import StepContext, StepResult, register

EFFECT = "TestEffect"


def _name(ctx: StepContext) -> str:
    from procurement.models import Document

    return Document.objects.get(pk=ctx.document_id).original_filename


def _record_effect(ctx: StepContext) -> None:
    from agents import writes
    from agents.orchestrator.models import Event

    writes.begin()
    Event.objects.create(
        workflow_id=ctx.workflow_id,
        type=EFFECT,
        payload={"agent": ctx.agent, "attempt": ctx.attempt},
        dispatched_at=timezone.now(),  # a fact, not a message: nothing subscribes to it
    )


def _marker(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def intake(ctx: StepContext) -> StepResult:
    name = _name(ctx)
    if match := re.search(r"sleep(\d+)", name):
        time.sleep(int(match.group(1)) / 1000)
    if "failalways" in name:
        raise TransientError("the test agent always fails")
    if "permanent" in name:
        raise PermanentError("the PDF is encrypted")
    if "budget" in name:
        raise BudgetExceeded("workflow token budget of 10 spent")
    if "throttleonce" in name:
        marker = _marker(f"throttled-{ctx.step_id}")
        if not marker.exists():
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
            raise Throttled("LLM requests per minute spent", retry_after=0.3)
    if "askllm" in name:
        from agents.llm.tasks import READ_FIELDS

        ctx.llm.structured(READ_FIELDS, {"page_text": "Total 10.00", "unsure_fields": ["total"]})
    _record_effect(ctx)
    if "nothing" in name:
        return StepResult()
    if "reject" in name:
        ctx.emit("DocumentRejected", {"reason": "not an invoice"})
    elif "human" in name:
        ctx.emit("NeedsHuman", {"reason": "two invoices in one PDF"})
    else:
        ctx.emit("DocumentParsed", {"pages": 1})
    return StepResult(output={"read": name})


def validation(ctx: StepContext) -> StepResult:
    name = _name(ctx)
    if "failvalidation" in name and not _marker(f"fixed-{ctx.document_id}").exists():
        raise PermanentError("purchase order service refused the request")
    _record_effect(ctx)
    if "disc" in name:
        from procurement.models import Finding, Invoice

        invoice = Invoice.objects.create(document_id=ctx.document_id, total=Decimal("10.00"))
        for kind in ("quantity_variance", "price_variance"):
            Finding.objects.create(invoice=invoice, kind=kind, message=f"{kind} differs")
            ctx.emit("DiscrepancyFound", {"kind": kind})
    else:
        ctx.emit("InvoiceValidated", {})
    return StepResult(output={"checked": True})


def exception(ctx: StepContext) -> StepResult:
    _record_effect(ctx)
    ctx.emit("EmailDrafted", {"to": "ar@vendor.example"})
    return StepResult(output={"drafted": True})


def register_test_agents() -> None:
    # Short timeouts keep leases short, so a killed worker's step comes back within seconds.
    # A test whose steps wait on something real (a slow fake LLM) gives them longer in its
    # workers (TEST_AGENT_TIMEOUT), so a loaded machine does not time them out.
    timeout = float(os.environ.get("TEST_AGENT_TIMEOUT", "2"))
    register("intake", intake, queue="llm", timeout=timeout, max_attempts=3)
    register("validation", validation, queue="steps", timeout=2, max_attempts=3)
    register("exception", exception, queue="llm", timeout=2, max_attempts=3)
