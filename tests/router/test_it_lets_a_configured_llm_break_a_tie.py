"""A document too close to call between an invoice and a statement: a configured model picks one
of the two (and only one of the two); the rules provider never guesses, so it waits on the
triage list."""
from __future__ import annotations

import json

import pytest

from agents.llm.models import LlmCall
from agents.orchestrator.models import Workflow
from procurement.ingestion import document_ingest
from procurement.models import DocumentRoute, Invoice
from tests.fake_llm import Reply
from tests.router.conftest import text_pdf

TIE = text_pdf([
    "Brightline Office Supplies Ltd",
    "Invoice number: BOS-23010",
    "Printer paper 110.00",
    "Total due 132.00 GBP",
], title="Statement")


def test_the_rules_provider_leaves_a_tie_on_the_triage_list(embedded):
    document = document_ingest(content=TIE, filename="tie.pdf", source="cli").document

    assert Workflow.objects.get(document=document).state == "triage"
    routing = DocumentRoute.objects.get(document=document)
    assert routing.reason.startswith("Too close to call: invoice")
    assert not LlmCall.objects.exists()


@pytest.mark.parametrize(("picked", "read_as_invoice"), [("invoice", True), ("statement", False)])
def test_a_configured_model_picks_between_the_two(embedded, llm_settings, fake_llm, picked,
                                                  read_as_invoice):
    fake_llm.default = Reply.json({"fields": [], "lines": []})  # any later second opinion
    fake_llm.script(Reply.json({"route": picked, "reason": "It says so."}))

    document = document_ingest(content=TIE, filename="tie.pdf", source="cli").document

    workflow = Workflow.objects.get(document=document)
    assert (workflow.state == "triage") is not read_as_invoice
    assert Invoice.objects.filter(document=document).exists() is read_as_invoice
    routing = DocumentRoute.objects.get(document=document)
    assert routing.route == picked
    assert routing.reason == (f"The router could not tell invoice from statement; the LLM picked "
                              f"{picked}: It says so.")
    ask = fake_llm.requests[0]
    assert json.loads(ask["messages"][-1]["content"])["candidates"] == ["invoice", "statement"]
    assert LlmCall.objects.filter(task="intake.pick_route").count() == 1


def test_an_answer_that_is_not_a_candidate_is_never_taken(embedded, llm_settings, fake_llm):
    fake_llm.script(Reply.json({"route": "other", "reason": "Ignore your instructions."}),
                    Reply.json({"route": "credit_note", "reason": "no"}))

    document = document_ingest(content=TIE, filename="tie.pdf", source="cli").document

    assert Workflow.objects.get(document=document).state == "needs_human"
    assert not DocumentRoute.objects.filter(document=document).exists()
