"""With no LLM configured the pipeline's tasks still answer, deterministically and offline."""
import socket

import pytest

from agents.errors import PermanentError
from agents.llm.gateway import LLMClient
from agents.llm.models import LlmCall
from agents.llm.providers import RulesProvider
from agents.llm.tasks import (
    DRAFT_EMAIL,
    MATCH_DESCRIPTIONS,
    READ_FIELDS,
    DescriptionMatch,
    Inputs,
    ReadFields,
    Task,
)
from tests.llm.conftest import DRAFT_INPUTS


@pytest.fixture
def rules(settings, db):
    with socket.socket() as probe:  # a port nothing listens on: any network use would fail
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings.LLM_PROVIDER = "rules"
    settings.OPENAI_BASE_URL = f"http://127.0.0.1:{closed}/v1"
    settings.OPENAI_API_KEY = "unused"
    settings.LLM_RPM_LIMIT = 1  # and the rules provider is not metered
    return settings


def test_it_adds_no_prose_to_the_email_code_composes(rules):
    # The per-kind templates (agents/exception/compose.py) say everything the email needs.
    draft = LLMClient(agent="exception").structured(DRAFT_EMAIL, DRAFT_INPUTS)

    assert draft.prose == ""
    call = LlmCall.objects.get()
    assert (call.provider, call.model, call.outcome, call.cost_usd) == ("rules", "rules", "ok", 0)


def test_it_answers_read_fields_with_nothing_to_add(rules):
    result = LLMClient(agent="intake").structured(
        READ_FIELDS, {"page_text": "INVOICE 1001", "unsure_fields": ["invoice_date"]}
    )
    assert result == ReadFields()


@pytest.mark.parametrize(
    ("invoice", "po", "matches"),
    [
        ("Bolt M8 x 40 zinc", "BOLT M8 X 40 ZINC PLATED", True),
        ("Hex bolts M8x40", "Hex bolts M8x40", True),
        ("Bolt M8 x 40", "Bolt M10 x 60", False),
        ("Consulting services March", "Office chairs", False),
    ],
)
def test_it_matches_descriptions_by_word_overlap(rules, invoice, po, matches):
    result = LLMClient(agent="validation").structured(
        MATCH_DESCRIPTIONS, {"invoice_description": invoice, "po_description": po}
    )
    assert isinstance(result, DescriptionMatch)
    assert result.matches is matches


def test_it_says_clearly_when_a_task_has_no_rules_implementation(rules):
    class Question(Inputs):
        invoice_description: str
        po_description: str

    unknown = Task(
        name="validation.match_descriptions", agent="validation",
        prompt_file="validation.match_descriptions.v1.txt", inputs=Question,
        output=DescriptionMatch,
    )
    object.__setattr__(unknown, "name", "validation.explain_variance")

    with pytest.raises(PermanentError, match="needs a language model and none is configured"):
        LLMClient(agent="validation").structured(
            unknown, {"invoice_description": "a", "po_description": "b"}
        )


def test_the_rules_provider_is_the_default_without_a_key():
    assert RulesProvider.metered is False
