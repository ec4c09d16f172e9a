"""The global daily cap stops all LLM work the same way a workflow budget does."""
from decimal import Decimal

import pytest
from django.core import mail

from agents.errors import BudgetExceeded
from agents.llm.gateway import LLMClient
from agents.llm.models import BudgetAlert, LlmCall
from agents.llm.tasks import MATCH_DESCRIPTIONS

MATCH = {"invoice_description": "M8 bolts", "po_description": "Bolt M8 x 40"}


def test_it_stops_every_agent_once_the_day_is_spent(llm_settings, fake_llm, db):
    llm_settings.ADMINS = [("AP admin", "ap-admin@example.com")]
    llm_settings.DAILY_USD_BUDGET = Decimal("5.00")
    LlmCall.objects.create(
        agent="intake", task="intake.read_fields", provider="openai", model="m",
        outcome="ok", cost_usd=Decimal("4.999"), prompt_hash="0" * 64,
    )

    with pytest.raises(BudgetExceeded, match="daily LLM budget of 5.00 USD"):
        LLMClient(agent="validation").structured(MATCH_DESCRIPTIONS, MATCH)

    assert fake_llm.requests == []
    assert LlmCall.objects.count() == 1
    assert BudgetAlert.objects.get().scope == "daily"
    assert len(mail.outbox) == 1


def test_it_ignores_spend_from_other_days(llm_settings, fake_llm, db):
    from datetime import timedelta

    from django.utils import timezone

    llm_settings.DAILY_USD_BUDGET = Decimal("5.00")
    old = LlmCall.objects.create(
        agent="intake", task="intake.read_fields", provider="openai", model="m",
        outcome="ok", cost_usd=Decimal("100"), prompt_hash="0" * 64,
    )
    LlmCall.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))

    answer = LLMClient(agent="validation").structured(MATCH_DESCRIPTIONS, MATCH)

    assert answer.reason  # the fake server answered with a schema-valid default
    assert len(fake_llm.requests) == 1
