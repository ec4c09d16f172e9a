"""The optional second reading by a model (APPROVALS_LLM_SECOND_OPINION, off by default): over
real HTTP to the test LLM server, it can block a draft the rules passed, never pass one they
blocked."""
from __future__ import annotations

from approvals.models import OutboundEmail
from tests.fake_llm import Reply

S = OutboundEmail.State


def test_it_is_off_by_default(case):
    email = case.propose()

    [verdict] = [v for v in email.verdicts if v["rule"] == "llm_second_opinion"]
    assert verdict["passed"] and verdict["evidence"].startswith("Off")


def test_it_blocks_what_the_model_objects_to(case, llm_settings, fake_llm):
    llm_settings.APPROVALS_LLM_SECOND_OPINION = True
    fake_llm.script(Reply.json({"safe": False, "reason": "threatens the supplier",
                                "quote": "or we will stop all orders"}))

    email = case.propose(prose="Please fix this quickly, or we will stop all orders.")

    assert email.state == S.BLOCKED
    [verdict] = email.blocking_verdicts
    assert verdict["rule"] == "llm_second_opinion"
    assert verdict["offending"] == ["or we will stop all orders"]
    assert "threatens the supplier" in verdict["evidence"]
    assert "Please fix this quickly" in fake_llm.requests[0]["messages"][-1]["content"]


def test_it_cannot_unblock_what_a_rule_blocked(case, llm_settings, fake_llm):
    llm_settings.APPROVALS_LLM_SECOND_OPINION = True
    fake_llm.script(Reply.json({"safe": True}))

    email = case.propose(prose="Our card 4111 1111 1111 1111 may be charged.")

    assert email.state == S.BLOCKED
    assert [v["rule"] for v in email.blocking_verdicts] == ["secrets"]
