"""Two real workers each run a step that asks the LLM while the day has room for one call only:
the first reserves the call's most expensive outcome before sending it, so the second is refused
even though the first has not been answered (nor billed) yet. Neither holds a database
transaction open while its request is in flight."""
from decimal import Decimal

import pytest
from django.db import connection, connections
from rq import Worker

from agents.llm.models import BudgetAlert, LlmCall
from agents.orchestrator.models import Workflow
from agents.orchestrator.states import State
from tests.fake_llm import FakeLLM
from tests.orchestration.helpers import committed_db, settled, wait_for

pytestmark = [pytest.mark.redis, committed_db]

# A read_fields call reserves about 0.04 USD at these prices (a short prompt plus up to 1200
# reply tokens at 30 USD per million) and really costs a tenth of that: the day fits one call
# in flight, and would fit both if the second only saw what the first had been billed.
DAILY_BUDGET = "0.06"


@pytest.fixture
def slow_llm():
    server = FakeLLM(delay=0.4).start()
    yield server
    server.stop()


def _long_open_transactions(body) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND state LIKE 'idle in transaction%%' AND now() - state_change > interval '0.2 s'"
        )
        body["_open_transactions"] = cursor.fetchone()[0]
    connections.close_all()


def test_it_refuses_the_second_call_while_the_first_is_in_flight(
    processes, start, slow_llm, redis_conn
):
    llm_env = {
        "LLM_PROVIDER": "openai",
        "OPENAI_BASE_URL": slow_llm.url,
        "OPENAI_API_KEY": "test-key",
        "LLM_MODEL": "fake-race",
        "LLM_PRICES": "fake-race=10/30",
        "LLM_TIMEOUT_SECONDS": "10",
        "DAILY_USD_BUDGET": DAILY_BUDGET,
        "TEST_AGENT_TIMEOUT": "20",
    }
    seen = []

    def in_flight(body):
        import time

        time.sleep(0.4)  # both workers have reached the gateway by now
        _long_open_transactions(body)
        seen.append(body["_open_transactions"])

    slow_llm.on_request = in_flight
    processes.worker(env=llm_env)
    processes.worker(env=llm_env)
    # both listening before there is work, so each takes one step at the same time
    wait_for(lambda: len(Worker.all(connection=redis_conn)) == 2, timeout=30,
             message=processes.logs())
    first, second = start("askllm-1.pdf"), start("askllm-2.pdf")

    wait_for(lambda: settled(first.pk, second.pk), timeout=40, every=0.2,
             message=processes.logs())

    states = dict(Workflow.objects.filter(pk__in=[first.pk, second.pk])
                  .values_list("state", "pk"))
    assert set(states) == {State.APPROVED, State.BUDGET_EXCEEDED}, processes.logs()
    winner, loser = states[State.APPROVED], states[State.BUDGET_EXCEEDED]
    assert not LlmCall.objects.filter(workflow_id=loser).exists()  # never sent a request
    # Every request the model saw was the winner's, each settled with its real usage (a slow
    # machine may time the winner's first attempt out and retry it; that one is settled too).
    calls = list(LlmCall.objects.filter(workflow_id=winner))
    assert len(calls) == len(slow_llm.requests) >= 1
    assert LlmCall.Outcome.RESERVED not in {call.outcome for call in calls}
    assert sum(call.cost_usd for call in calls) < Decimal(DAILY_BUDGET)
    assert BudgetAlert.objects.get().scope == BudgetAlert.Scope.DAILY
    assert set(seen) == {0}  # no transaction sat open while the model was thinking
