import json

import pytest

from agents.errors import PermanentError
from agents.llm.gateway import LLMClient
from agents.llm.models import LlmCall
from agents.llm.tasks import DRAFT_EMAIL, DraftEmail
from tests.fake_llm import Reply
from tests.llm.conftest import DRAFT_INPUTS, GOOD_EMAIL


def test_it_returns_a_validated_model_and_writes_a_ledger_row(llm_settings, fake_llm, workflow):
    fake_llm.script(Reply.json(GOOD_EMAIL))

    email = LLMClient(agent="exception", workflow_id=workflow.pk).structured(
        DRAFT_EMAIL, DRAFT_INPUTS
    )

    assert isinstance(email, DraftEmail)
    assert email.prose == GOOD_EMAIL["prose"]
    call = LlmCall.objects.get()
    assert (call.workflow_id, call.agent, call.task) == (workflow.pk, "exception", DRAFT_EMAIL.name)
    assert (call.provider, call.model, call.outcome) == ("openai", llm_settings.LLM_MODEL, "ok")
    assert call.prompt_tokens > 0 and call.completion_tokens > 0
    assert call.cost_usd > 0
    assert call.prompt_chars > 0 and call.prompt_tokens_estimated > 0
    assert len(call.prompt_hash) == 64


def test_it_sends_only_the_declared_fields_and_the_task_schema(llm_settings, fake_llm, db):
    fake_llm.script(Reply.json(GOOD_EMAIL))

    LLMClient(agent="exception").structured(DRAFT_EMAIL, DRAFT_INPUTS)

    (request,) = fake_llm.requests
    system, user = request["messages"]
    assert system["role"] == "system" and "accounts-payable" in system["content"]
    assert json.loads(user["content"]).keys() == DRAFT_INPUTS.keys()
    assert request["response_format"]["json_schema"]["schema"]["title"] == "DraftEmail"
    assert request["max_tokens"] == DRAFT_EMAIL.max_output_tokens
    assert "tools" not in request


def test_it_refuses_undeclared_input_fields_without_calling_the_model(
    llm_settings, fake_llm, db
):
    with pytest.raises(PermanentError, match="does not declare the input field.*invoice_pdf_text"):
        LLMClient(agent="exception").structured(
            DRAFT_EMAIL, {**DRAFT_INPUTS, "invoice_pdf_text": "everything"}
        )

    assert fake_llm.requests == []
    assert not LlmCall.objects.exists()


def test_it_refuses_a_task_declared_for_another_agent(llm_settings, fake_llm, db):
    with pytest.raises(PermanentError, match="belongs to the exception agent"):
        LLMClient(agent="intake").structured(DRAFT_EMAIL, DRAFT_INPUTS)

    assert fake_llm.requests == []
