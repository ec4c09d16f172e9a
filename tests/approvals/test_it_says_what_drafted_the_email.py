"""The inbox says what drafted an email, as the LLM ledger has it: the rules provider, or the
provider and model that wrote its words; never how the tool was called ("via python")."""
from __future__ import annotations

import pytest

from approvals.models import OutboundEmail
from tests.fake_llm import Reply

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _in_process_jobs(settings):
    settings.REDIS_URL = ""


def _inbox(client, approver) -> str:
    client.force_login(approver)
    return client.get("/approvals/").content.decode()


def test_it_names_the_rules_provider(case, settings, client, approver):
    settings.LLM_PROVIDER = "rules"

    case.draft_with_agent()

    assert OutboundEmail.objects.get().drafted_by == "exception agent (rules)"
    html = _inbox(client, approver)
    assert "drafted by exception agent (rules)" in html
    assert "python" not in html


def test_it_names_the_model_that_wrote_the_words(case, llm_settings, fake_llm, client,
                                                 approver):
    fake_llm.script(Reply.json({"prose": "Thank you for your invoice."}))

    case.draft_with_agent()

    model = llm_settings.LLM_MODEL
    assert OutboundEmail.objects.get().drafted_by == f"exception agent (openai/{model})"
    html = _inbox(client, approver)
    assert f"drafted by exception agent (openai/{model})" in html
    assert "python" not in html
