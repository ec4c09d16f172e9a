"""What a failed step did (LLM calls, alerts) is written again after its rollback: with the time it
really happened, and without letting one unwritable row stop the failure from being recorded."""
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from agents import journal
from agents.llm.models import BudgetAlert, LlmCall
from agents.llm.services import llm_call_record


class StepFailed(Exception):
    pass


def _call() -> LlmCall:
    return llm_call_record(agent="exception", task="exception.draft_email", provider="openai",
                           model="m", prompt_tokens=100, completion_tokens=20, latency_ms=5,
                           outcome=LlmCall.Outcome.INVALID, prompt_hash="h", prompt_chars=400)


@pytest.mark.django_db(transaction=True)
def test_it_keeps_a_rolled_back_call_with_its_original_time():
    with journal.recording() as kept:
        with pytest.raises(StepFailed), transaction.atomic():
            call = _call()
            first_written = call.created_at
            raise StepFailed
        assert not LlmCall.objects.exists()

        journal.restore(kept)

    [restored] = LlmCall.objects.all()
    assert restored.created_at == first_written
    assert restored.prompt_tokens == 100 and restored.outcome == LlmCall.Outcome.INVALID


@pytest.mark.django_db(transaction=True)
def test_it_skips_a_row_it_cannot_write_and_keeps_the_rest(caplog):
    BudgetAlert.objects.create(key="daily:2026-11-24", scope=BudgetAlert.Scope.DAILY,
                               message="raised by another worker")
    duplicate = BudgetAlert(key="daily:2026-11-24", scope=BudgetAlert.Scope.DAILY, message="mine",
                            created_at=timezone.now() - timedelta(seconds=1))
    with journal.recording() as kept:
        journal.keep(duplicate)
        with pytest.raises(StepFailed), transaction.atomic():
            _call()
            raise StepFailed

        journal.restore(kept)  # must not raise: the step's failure is recorded next

    assert BudgetAlert.objects.count() == 1
    assert LlmCall.objects.count() == 1
    assert "could not keep a llm.BudgetAlert row" in caplog.text
