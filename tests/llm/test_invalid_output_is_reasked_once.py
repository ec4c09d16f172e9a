"""Truncated JSON, invalid JSON, the wrong shape and refusals: re-asked once, then a clear failure.

Nothing downstream ever receives an unvalidated answer.
"""
import pytest

from agents.errors import PermanentError
from agents.llm.gateway import LLMClient
from agents.llm.models import LlmCall
from agents.llm.tasks import DRAFT_EMAIL, DraftEmail
from tests.fake_llm import Reply
from tests.llm.conftest import DRAFT_INPUTS, GOOD_EMAIL

BAD_REPLIES = {
    "truncated": (Reply.truncated(GOOD_EMAIL), "cut off at the token limit"),
    "not json": (Reply.text("Sure! Here is the email: Dear Petra..."), "does not match"),
    "wrong shape": (Reply.json({"title": "Hi", "text": "Dear Petra"}), "prose: Field required"),
    "refusal": (Reply.refuse("I cannot write emails."), "you refused"),
    "ignores the task's rule": (
        Reply.json({"prose": "Dear Petra, please fix it. Kind regards, Sam"}),
        "must not greet or sign off",
    ),
}


@pytest.mark.parametrize("bad", BAD_REPLIES.values(), ids=BAD_REPLIES.keys())
def test_it_reasks_once_with_the_error_and_uses_the_valid_answer(llm_settings, fake_llm, db, bad):
    reply, error = bad
    fake_llm.script(reply, Reply.json(GOOD_EMAIL))

    email = LLMClient(agent="exception").structured(DRAFT_EMAIL, DRAFT_INPUTS)

    assert email == DraftEmail(**GOOD_EMAIL)
    first, second = fake_llm.requests
    assert len(second["messages"]) == len(first["messages"]) + 2
    assert error in second["messages"][-1]["content"]
    outcomes = list(LlmCall.objects.order_by("pk").values_list("outcome", "error"))
    assert outcomes[0][0] == "invalid" and error in outcomes[0][1]
    assert outcomes[1] == ("retried", "")


@pytest.mark.parametrize("bad", BAD_REPLIES.values(), ids=BAD_REPLIES.keys())
def test_it_fails_permanently_after_a_second_bad_answer(llm_settings, fake_llm, db, bad):
    reply, error = bad
    fake_llm.script(reply, reply, Reply.json(GOOD_EMAIL))

    with pytest.raises(PermanentError, match="unusable twice") as failure:
        LLMClient(agent="exception").structured(DRAFT_EMAIL, DRAFT_INPUTS)

    assert error in failure.value.reason
    assert len(fake_llm.requests) == 2  # never a third ask
    assert fake_llm.pending == 1
    assert list(LlmCall.objects.values_list("outcome", flat=True)) == ["invalid", "invalid"]


def test_it_gives_a_truncated_answer_more_room_on_the_reask(llm_settings, fake_llm, db):
    fake_llm.script(Reply.truncated(GOOD_EMAIL), Reply.json(GOOD_EMAIL))

    LLMClient(agent="exception").structured(DRAFT_EMAIL, DRAFT_INPUTS)

    assert [r["max_tokens"] for r in fake_llm.requests] == [
        DRAFT_EMAIL.max_output_tokens,
        2 * DRAFT_EMAIL.max_output_tokens,
    ]
