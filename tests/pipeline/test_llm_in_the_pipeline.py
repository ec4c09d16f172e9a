"""The pipeline with a real OpenAI-compatible endpoint (the fake server, over HTTP).

A model that answers nonsense must not produce an email, and what the failed step did (its tool
calls and LLM calls, which cost money) must stay in the audit and the ledger even though the
step's own writes were rolled back.
"""
from __future__ import annotations

import pytest

from agents.llm.models import LlmCall
from agents.orchestrator.models import Workflow
from agents.tools.models import ToolCall
from approvals.models import OutboundEmail
from tests.fake_llm import Reply
from tests.pipeline.conftest import ingest, request_email

pytestmark = pytest.mark.django_db(transaction=True)

PRICE_DISCREPANCY = "07-acme-ACM-INV-10502.pdf"


@pytest.fixture(autouse=True)
def _in_process_jobs(settings):
    settings.REDIS_URL = ""


def test_it_inserts_the_models_prose_into_the_email_code_composed(demo_pdfs, llm_settings,
                                                                    fake_llm):
    pdf_dir, _ = demo_pdfs
    prose = "Thank you for your invoice. One price differs from our order, as listed below."
    fake_llm.script(Reply.json({"prose": prose}))

    code, [result] = ingest(pdf_dir / PRICE_DISCREPANCY)
    assert code == 0 and result["state"] == "exception"
    request_email(PRICE_DISCREPANCY)

    assert Workflow.objects.get(pk=result["workflow_id"]).state == "awaiting_approval"
    email = OutboundEmail.objects.get()
    assert email.state == OutboundEmail.State.AWAITING_APPROVAL
    assert email.subject.startswith("Invoice ACM-INV-10502 / PO PO-2026-0013")
    assert email.to_email.endswith("@acme-industrial.example")  # chosen by code, not the model
    assert f"\n\n{prose}\n\n" in email.body  # inserted as a paragraph of text
    assert "Expected" in email.body and "Invoiced" in email.body  # the table is code's
    assert "(openai/" in email.drafted_by
    [call] = LlmCall.objects.filter(agent="exception")
    assert call.outcome == LlmCall.Outcome.OK and call.prompt_tokens > 0 and call.cost_usd > 0


def test_it_keeps_the_trail_of_a_step_whose_model_answers_nonsense(demo_pdfs, llm_settings,
                                                                   fake_llm):
    pdf_dir, _ = demo_pdfs
    fake_llm.script(Reply.json({"greeting": "hello"}), Reply.text("still not JSON"))

    code, [result] = ingest(pdf_dir / PRICE_DISCREPANCY)
    request_email(PRICE_DISCREPANCY)

    workflow = Workflow.objects.get(pk=result["workflow_id"])
    assert code == 0 and workflow.state == "needs_human"
    assert "exception failed" in workflow.reason
    assert not OutboundEmail.objects.exists()
    # The rolled-back step's calls are still on record: two model answers paid for, and the
    # tools it used to look up the vendor and the account manager.
    calls = LlmCall.objects.filter(workflow=workflow, agent="exception")
    assert calls.count() == 2
    assert set(
        ToolCall.objects.filter(workflow=workflow, agent="exception").values_list("tool", flat=True)
    ) >= {"invoices.get", "vendors.get", "directory.account_manager_for_vendor"}
