"""A workflow with one row from every source of the trail, at times the test chooses, a
processed demo invoice for the page tests, and the browser harness of tests/browser.
"""
from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from agents.llm.models import BudgetAlert, LlmCall
from agents.orchestrator.models import Event, Step, Workflow
from agents.tools.models import ToolCall
from approvals.models import OutboundEmail
from procurement.models import Document, Invoice
from tests.browser.conftest import _playwright, browser, login_as, page  # noqa: F401

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def _stamp(row, seconds: float):
    """auto_now_add ignores a given time; set it afterwards."""
    type(row).objects.filter(pk=row.pk).update(created_at=at(seconds))
    return row


class TrailBuilder:
    """Adds rows to one workflow; `seconds` are after T0."""

    def __init__(self, index: int = 1):
        self.document = Document.objects.create(
            sha256=f"{index:064d}",
            original_filename=f"invoice-{index}.pdf",
            storage_path=f"ab/{index}.pdf",
            source=Document.Source.UPLOAD,
            size_bytes=10,
        )
        self.invoice = Invoice.objects.create(document=self.document, invoice_number=f"N-{index}")
        self.workflow = Workflow.objects.create(
            document=self.document, state=Workflow.State.NEEDS_HUMAN
        )

    def step(self, agent: str, attempts: list[tuple[float, float, str]], **fields) -> Step:
        """attempts: (started, finished, outcome) each; outcome "succeeded" or "failed: …"."""
        history = [
            {
                "attempt": number,
                "started_at": at(start).isoformat(),
                "finished_at": at(end).isoformat(),
                "outcome": outcome,
            }
            for number, (start, end, outcome) in enumerate(attempts, start=1)
        ]
        last_ok = attempts[-1][2] == "succeeded"
        step = Step.objects.create(
            workflow=self.workflow,
            agent=agent,
            workflow_state=self.workflow.state,
            state=Step.State.SUCCEEDED if last_ok else Step.State.FAILED,
            attempt=len(attempts),
            history=history,
            started_at=at(attempts[-1][0]),
            finished_at=at(attempts[-1][1]),
            **fields,
        )
        return _stamp(step, attempts[0][0] - 0.001)

    def event(self, type_: str, seconds: float, step: Step | None = None, **payload) -> Event:
        event = Event.objects.create(workflow=self.workflow, step=step, type=type_, payload=payload)
        return _stamp(event, seconds)

    def tool_call(self, seconds: float, step: Step, tool: str, outcome="ok", **fields) -> ToolCall:
        call = ToolCall.objects.create(
            workflow=self.workflow, step=step, agent=step.agent, tool=tool, outcome=outcome,
            **fields,
        )
        return _stamp(call, seconds)

    def llm_call(self, seconds: float, step: Step, outcome="ok", **fields) -> LlmCall:
        call = LlmCall.objects.create(
            workflow=self.workflow, step=step, agent=step.agent, task=f"{step.agent}.task",
            provider="openai", model="gpt-test", outcome=outcome, prompt_hash="0" * 64,
            prompt_tokens=120, completion_tokens=30, cost_usd=Decimal("0.000450"),
            latency_ms=0, **fields,
        )
        return _stamp(call, seconds)

    def budget_alert(self, seconds: float) -> BudgetAlert:
        alert = BudgetAlert.objects.create(
            scope=BudgetAlert.Scope.WORKFLOW, key=f"workflow:{self.workflow.pk}",
            workflow=self.workflow, message="Workflow budget of 1000 tokens reached.",
        )
        return _stamp(alert, seconds)

    def email(self, seconds: float, **fields) -> OutboundEmail:
        values = {
            "to_email": "billing@vendor.example",
            "subject": "Invoice N-1: price differs",
            "body": "Dear vendor, …",
            "drafted_by": "exception",
            **fields,
        }
        email = OutboundEmail.objects.create(
            invoice=self.invoice, workflow=self.workflow,
            idempotency_key=f"email:{self.workflow.pk}:{seconds}", **values,
        )
        return _stamp(email, seconds)


@pytest.fixture
def trail_builder(db):
    counter = iter(range(1, 1000))
    return lambda: TrailBuilder(next(counter))


@pytest.fixture
def processed_demo(transactional_db, settings, tmp_path):
    """The demo world with its price-discrepancy invoice ingested in-process; returns its
    document (awaiting approval, with a drafted email). Only that invoice: the pages read its
    trail alone, and reading the whole demo batch took most of these tests' time."""
    from procurement.demo import seed_demo

    settings.REDIS_URL = ""
    settings.LLM_PROVIDER = "rules"
    pdf_dir = tmp_path / "demo_invoices"
    seed_demo(pdf_dir=pdf_dir)
    name = "07-acme-ACM-INV-10502.pdf"
    call_command("ingest", str(pdf_dir / name), "--wait", "60", stdout=io.StringIO())
    from tests.pipeline.conftest import request_email

    request_email(name)  # a clerk asks for the vendor email
    return Document.objects.get(original_filename=name)
