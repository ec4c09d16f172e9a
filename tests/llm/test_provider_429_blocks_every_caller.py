"""A 429 from the provider closes its provider/model key for every worker until Retry-After."""
import pytest

from agents.errors import Throttled
from agents.llm.gateway import LLMClient
from agents.llm.models import LlmCall
from agents.llm.ratelimit import get_rate_limiter, parse_duration, retry_after_from_headers
from agents.llm.tasks import DRAFT_EMAIL, MATCH_DESCRIPTIONS
from tests.fake_llm import Reply
from tests.llm.conftest import DRAFT_INPUTS, GOOD_EMAIL

MATCH = {"invoice_description": "M8 bolts", "po_description": "Bolt M8 x 40"}


def test_it_raises_throttled_with_the_providers_retry_after(llm_settings, fake_llm, db):
    fake_llm.script(Reply.error(429, headers={"Retry-After": "7"}), Reply.json(GOOD_EMAIL))

    with pytest.raises(Throttled) as throttled:
        LLMClient(agent="exception").structured(DRAFT_EMAIL, DRAFT_INPUTS)

    assert throttled.value.retry_after == 7
    assert throttled.value.permanent is False
    call = LlmCall.objects.get()
    assert call.outcome == "throttled"


def test_it_blocks_other_callers_of_the_same_model_without_sending(llm_settings, fake_llm, db):
    fake_llm.script(Reply.error(429, headers={"retry-after-ms": "4000"}))
    with pytest.raises(Throttled):
        LLMClient(agent="exception").structured(DRAFT_EMAIL, DRAFT_INPUTS)

    # another agent, another worker's client: same provider/model key, so it waits too
    with pytest.raises(Throttled, match="blocked by the provider") as throttled:
        LLMClient(agent="validation").structured(MATCH_DESCRIPTIONS, MATCH)

    assert 3 < throttled.value.retry_after <= 4.3
    assert len(fake_llm.requests) == 1
    assert LlmCall.objects.count() == 1


def test_it_honours_spent_x_ratelimit_headers_on_a_successful_answer(llm_settings, fake_llm, db):
    spent = {"x-ratelimit-remaining-tokens": "0", "x-ratelimit-reset-tokens": "6m0s"}
    reply = Reply.json(GOOD_EMAIL)
    reply.headers = spent
    fake_llm.script(reply)
    LLMClient(agent="exception").structured(DRAFT_EMAIL, DRAFT_INPUTS)

    with pytest.raises(Throttled) as throttled:
        LLMClient(agent="exception").structured(DRAFT_EMAIL, DRAFT_INPUTS)

    assert 350 < throttled.value.retry_after <= 361.3
    key = f"openai:{llm_settings.LLM_MODEL}"
    get_rate_limiter().clear(key)


def test_it_reads_every_retry_hint_the_provider_sends():
    assert retry_after_from_headers({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert retry_after_from_headers({"retry-after": "9"}) == 9
    assert retry_after_from_headers({"x-ratelimit-reset-requests": "20ms",
                                     "x-ratelimit-reset-tokens": "1m30s"}) == 90
    assert retry_after_from_headers({}) is None
    assert parse_duration("1h2m3.5s") == 3723.5
    assert parse_duration("soon") is None
