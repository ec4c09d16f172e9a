import json
from datetime import timedelta
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from agents.llm.models import LlmCall


def _call(agent, outcome, cost, prompt=100, completion=20, days_ago=0):
    call = LlmCall.objects.create(
        agent=agent, task=f"{agent}.x", provider="openai", model="m", outcome=outcome,
        prompt_tokens=prompt, completion_tokens=completion, cost_usd=Decimal(cost),
        prompt_hash="0" * 64,
    )
    LlmCall.objects.filter(pk=call.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )


def test_it_prints_calls_tokens_and_cost_by_agent_and_outcome(db):
    _call("intake", "ok", "0.010")
    _call("intake", "invalid", "0.002")
    _call("exception", "ok", "0.100", prompt=900, completion=300)
    _call("exception", "ok", "9.000", days_ago=10)  # outside --days 7

    out = StringIO()
    call_command("llm_usage", "--json", "--days", "7", stdout=out)
    usage = json.loads(out.getvalue())

    assert usage["total"] == {"calls": 3, "prompt_tokens": 1100, "completion_tokens": 340,
                              "cost_usd": "0.112000"}
    by_agent = {row["agent"]: (row["calls"], row["cost_usd"]) for row in usage["by_agent"]}
    assert by_agent == {"exception": (1, "0.100000"), "intake": (2, "0.012000")}
    by_outcome = {row["outcome"]: row["calls"] for row in usage["by_outcome"]}
    assert by_outcome == {"invalid": 1, "ok": 2}

    table = StringIO()
    call_command("llm_usage", "--days", "30", stdout=table)
    assert "4 calls" in table.getvalue() and "By agent:" in table.getvalue()
    assert "9.112000 USD" in table.getvalue()
