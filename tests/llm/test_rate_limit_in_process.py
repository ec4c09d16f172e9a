"""Without Redis the limiter limits in-process; a spent window means Throttled, not failure."""
import time

import pytest

from agents.errors import PermanentError, Throttled
from agents.llm.gateway import LLMClient
from agents.llm.ratelimit import RateLimiter
from agents.llm.tasks import MATCH_DESCRIPTIONS
from tests.fake_llm import Reply

MATCH = {"invoice_description": "M8 bolts", "po_description": "Bolt M8 x 40"}
ANSWER = {"matches": True, "confidence": 0.9, "reason": "same bolt"}


def test_it_throttles_the_request_over_the_rpm_limit_without_sending_it(
    llm_settings, fake_llm, db
):
    llm_settings.REDIS_URL = ""
    llm_settings.LLM_RPM_LIMIT = 3
    llm_settings.LLM_RATE_WINDOW_SECONDS = 2
    fake_llm.default = Reply.json(ANSWER)
    client = LLMClient(agent="validation")

    for _ in range(3):
        client.structured(MATCH_DESCRIPTIONS, MATCH)
    with pytest.raises(Throttled, match="3 requests per 2 s") as throttled:
        client.structured(MATCH_DESCRIPTIONS, MATCH)

    assert len(fake_llm.requests) == 3
    assert 0 < throttled.value.retry_after <= 2.3
    time.sleep(throttled.value.retry_after)
    client.structured(MATCH_DESCRIPTIONS, MATCH)  # the window moved on: admitted
    assert len(fake_llm.requests) == 4


def test_it_counts_estimated_tokens_against_the_tpm_limit(llm_settings, fake_llm, db):
    llm_settings.REDIS_URL = ""
    llm_settings.LLM_TPM_LIMIT = 1000  # one request reserves ~300 (prompt + max_tokens 150)
    fake_llm.default = Reply.json(ANSWER)
    client = LLMClient(agent="validation")

    with pytest.raises(Throttled, match="1000 tokens per 60 s"):
        for _ in range(10):
            client.structured(MATCH_DESCRIPTIONS, MATCH)

    assert 2 <= len(fake_llm.requests) <= 3


def test_it_refuses_a_request_that_can_never_fit():
    limiter = RateLimiter(rpm=10, tpm=100)
    with pytest.raises(PermanentError, match="can never fit"):
        limiter.acquire("openai:m", tokens=101)
