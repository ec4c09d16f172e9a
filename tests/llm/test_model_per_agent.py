from agents.llm.gateway import LLMClient
from agents.llm.models import LlmCall
from agents.llm.tasks import DRAFT_EMAIL, MATCH_DESCRIPTIONS
from tests.fake_llm import Reply
from tests.llm.conftest import DRAFT_INPUTS, GOOD_EMAIL


def test_it_uses_the_agents_model_override_and_llm_model_otherwise(llm_settings, fake_llm, db):
    llm_settings.LLM_AGENT_MODELS = {"exception": "big-writer"}
    fake_llm.script(Reply.json(GOOD_EMAIL), Reply.json({"matches": False, "confidence": 1,
                                                         "reason": "no"}))

    LLMClient(agent="exception").structured(DRAFT_EMAIL, DRAFT_INPUTS)
    LLMClient(agent="validation").structured(
        MATCH_DESCRIPTIONS, {"invoice_description": "a", "po_description": "b"}
    )

    assert [r["model"] for r in fake_llm.requests] == ["big-writer", llm_settings.LLM_MODEL]
    assert list(LlmCall.objects.order_by("pk").values_list("model", flat=True)) == [
        "big-writer", llm_settings.LLM_MODEL,
    ]
