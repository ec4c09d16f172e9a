
from agents.orchestrator.execution import retry_delay
from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.states import State
from agents.orchestrator.sweeper import sweep
from tests.orchestration.helpers import committed_db, settled, wait_for

pytestmark = committed_db


def test_it_retries_a_failing_step_a_bounded_number_of_times_then_needs_human(start, in_process):
    workflow = start("failalways.pdf")
    step = Step.objects.get(workflow=workflow, agent="intake")
    assert (step.state, step.attempt) == ("pending", 1)  # the retry waits for its backoff
    assert step.run_after is not None

    # in-process mode has no scheduler: the sweeper runs retries once they are due
    wait_for(lambda: settled(workflow.pk), timeout=10, on_tick=sweep, message="retries")

    workflow = Workflow.objects.get(pk=workflow.pk)
    step.refresh_from_db()
    assert workflow.state == State.NEEDS_HUMAN
    assert workflow.reason == "intake failed after 3 attempts: the test agent always fails"
    assert (step.state, step.attempt) == ("failed", 3)
    assert [entry["attempt"] for entry in step.history] == [1, 2, 3]


def test_it_waits_exponentially_longer_with_jitter(settings):
    settings.STEP_RETRY_BASE_SECONDS = 2.0
    settings.STEP_RETRY_MAX_SECONDS = 30.0

    for attempt, ceiling in [(1, 2.0), (2, 4.0), (3, 8.0), (4, 16.0), (5, 30.0), (9, 30.0)]:
        delays = {retry_delay(attempt) for _ in range(50)}
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert len(delays) > 1  # jittered, so many failed steps do not retry in lockstep


def test_it_sends_a_permanent_error_straight_to_needs_human(start, in_process):
    workflow = start("permanent.pdf")

    workflow = Workflow.objects.get(pk=workflow.pk)
    step = Step.objects.get(workflow=workflow, agent="intake")
    assert workflow.state == State.NEEDS_HUMAN
    assert workflow.reason == "intake failed: the PDF is encrypted"
    assert (step.state, step.attempt) == ("failed", 1)


def test_it_stops_the_workflow_when_the_budget_is_spent(start, in_process):
    workflow = start("budget.pdf")

    workflow = Workflow.objects.get(pk=workflow.pk)
    assert workflow.state == State.BUDGET_EXCEEDED
    assert "workflow token budget of 10 spent" in workflow.reason


def test_it_counts_an_unexpected_exception_as_transient(start, in_process):
    from agents.orchestrator.registry import register
    from tests.orchestration import agents

    calls = []

    def flaky(ctx):
        calls.append(ctx.attempt)
        if len(calls) == 1:
            raise KeyError("surprise")
        return agents.intake(ctx)

    register("intake", flaky, queue="llm", timeout=2, max_attempts=3)
    workflow = start("ok.pdf")
    wait_for(lambda: settled(workflow.pk), timeout=10, on_tick=sweep, message="retry")

    assert Workflow.objects.get(pk=workflow.pk).state == State.APPROVED
    assert calls == [1, 2]


def test_it_times_out_a_step_before_the_job_timeout(start, in_process):
    from agents.orchestrator.registry import get_agent, register
    from tests.orchestration import agents

    spec = register("intake", agents.intake, queue="llm", timeout=0.3, max_attempts=1)
    assert spec.job_timeout > spec.timeout

    workflow = start("sleep1500.pdf")

    workflow = Workflow.objects.get(pk=workflow.pk)
    assert workflow.state == State.NEEDS_HUMAN
    assert "took longer than 0.3 seconds" in workflow.reason
    assert get_agent("intake").timeout == 0.3
