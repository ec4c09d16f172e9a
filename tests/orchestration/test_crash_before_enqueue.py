"""A crash between the database commit and the enqueue: the rows are there, Redis never heard of
them, and the sweeper picks the work up."""
import pytest

from agents.orchestrator import queueing, services
from agents.orchestrator.models import Event, Step, Workflow
from agents.orchestrator.states import State
from agents.orchestrator.sweeper import sweep
from tests.orchestration.helpers import committed_db, effects, settled, wait_for

pytestmark = [pytest.mark.redis, committed_db]


def test_it_picks_up_work_whose_enqueue_was_lost(processes, redis_conn, start, monkeypatch):
    processes.worker()
    with monkeypatch.context() as crashed:
        # the process dies right after commit, before any push reaches Redis
        crashed.setattr(queueing, "_push", lambda *args, **kwargs: None)
        crashed.setattr(services, "_dispatch_after_commit", lambda event_id: None)
        workflow = start("ok.pdf")
        assert Event.objects.get(workflow=workflow).dispatched_at is None

        sweep()  # dispatches the event; the step's own enqueue is lost again
        step = Step.objects.get(workflow=workflow, agent="intake")
        assert step.state == "pending" and step.job_id
        assert Workflow.objects.get(pk=workflow.pk).state == State.PARSING
    assert redis_conn.llen("rq:queue:llm") == 0

    report = sweep()

    assert report.steps_enqueued == 1
    wait_for(lambda: settled(workflow.pk), timeout=30, message=processes.logs())
    assert Workflow.objects.get(pk=workflow.pk).state == State.APPROVED
    assert effects(workflow.pk) == {"intake": 1, "validation": 1}
