"""The model is the adversary. Whatever the test LLM server (real HTTP) slips into the prose of
a vendor email, the exception agent's draft is blocked by the rule it breaks, with the offending
text on record, and the case goes back to a person. Nothing is sent."""
from __future__ import annotations

import pytest
from django.core import mail

from approvals.models import OutboundEmail
from tests.fake_llm import Reply
from tests.fake_llm.hostile import HOSTILE_PROSE, OUT_OF_SHAPE, hostile_reply

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _in_process_jobs(settings):
    settings.REDIS_URL = ""


@pytest.mark.parametrize("attack", HOSTILE_PROSE, ids=HOSTILE_PROSE)
def test_it_blocks_the_draft_by_the_rule_it_breaks(case, llm_settings, fake_llm, attack):
    _, rule, offending = HOSTILE_PROSE[attack]
    fake_llm.script(hostile_reply(attack))

    workflow = case.draft_with_agent()

    email = OutboundEmail.objects.get(invoice=case.invoice)
    assert email.state == OutboundEmail.State.BLOCKED
    blocking = {v["rule"]: v for v in email.blocking_verdicts}
    assert rule in blocking, email.verdicts
    assert any(offending in text for text in blocking[rule]["offending"]), blocking[rule]
    assert workflow.state == "needs_human" and rule in workflow.reason
    assert email.to_email == case.contact.email
    assert not mail.outbox


def test_it_never_uses_a_model_answer_that_names_its_own_recipients(case, llm_settings,
                                                                    fake_llm):
    fake_llm.script(Reply.json(OUT_OF_SHAPE), Reply.json(OUT_OF_SHAPE))

    workflow = case.draft_with_agent()

    assert not OutboundEmail.objects.exists()
    assert workflow.state == "needs_human"
    assert "Extra inputs are not permitted" in fake_llm.requests[1]["messages"][-1]["content"]


def test_it_lets_a_harmless_paragraph_through_to_the_approver(case, llm_settings, fake_llm):
    prose = "Thank you for your invoice. We found one difference from our order."
    fake_llm.script(Reply.json({"prose": prose}))

    workflow = case.draft_with_agent()

    email = OutboundEmail.objects.get()
    assert email.state == OutboundEmail.State.AWAITING_APPROVAL
    assert all(v["passed"] for v in email.verdicts)
    assert prose in email.body
    assert workflow.state == "awaiting_approval"
