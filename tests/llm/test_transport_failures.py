"""A 5xx, a hang past the timeout and a dropped connection are transient; a 401 is permanent.

The SDK does not retry behind the gateway's back: one request each, one ledger row each.
"""
import time

import pytest

from agents.errors import PermanentError, TransientError
from agents.llm.gateway import LLMClient
from agents.llm.models import LlmCall
from agents.llm.tasks import DRAFT_EMAIL
from tests.fake_llm import Reply
from tests.llm.conftest import DRAFT_INPUTS, GOOD_EMAIL

FAILURES = {
    "500": (Reply.error(500), TransientError, "HTTP 500"),
    "503": (Reply.error(503), TransientError, "HTTP 503"),
    "hang": (Reply.hang(5), TransientError, "did not answer within 1.5 s"),
    "dropped": (Reply.drop(), TransientError, "could not reach"),
    "401": (Reply.error(401, body={"error": {"message": "bad key"}}), PermanentError, "bad key"),
    "no quota": (
        Reply.error(429, body={"error": {"message": "quota", "code": "insufficient_quota"}}),
        PermanentError,
        "no quota",
    ),
}


@pytest.mark.parametrize("failure", FAILURES.values(), ids=FAILURES.keys())
def test_it_raises_the_right_error_after_one_request(llm_settings, fake_llm, db, failure):
    reply, error_class, reason = failure
    fake_llm.script(reply, Reply.json(GOOD_EMAIL))

    started = time.monotonic()
    with pytest.raises(error_class, match=reason):
        LLMClient(agent="exception").structured(DRAFT_EMAIL, DRAFT_INPUTS)

    assert time.monotonic() - started < 4  # the client timeout, not the hang, decides
    assert len(fake_llm.requests) == 1
    call = LlmCall.objects.get()
    assert call.outcome == "error" and reason in call.error
