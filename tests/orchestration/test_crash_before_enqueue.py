"""A crash between the database commit and the enqueue: the rows are there, Redis never heard of
them, and the sweeper picks the work up."""
import pytest

from agents.orchestrator import queueing
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
        workflow = start("ok.pdf")
        # The event was dispatched in the transaction that wrote it: the intake step is there.
        assert Event.objects.get(workflow=workflow).dispatched_at is not None
        step = Step.objects.get(workflow=workflow, agent="intake")
        assert step.state == "pending" and step.job_id
        assert Workflow.objects.get(pk=workflow.pk).state == State.PARSING
    assert redis_conn.llen("rq:queue:llm") == 0

    report = sweep()

    assert report.steps_enqueued == 1
    wait_for(lambda: settled(workflow.pk), timeout=30, message=processes.logs())
    assert Workflow.objects.get(pk=workflow.pk).state == State.APPROVED
    assert effects(workflow.pk) == {"intake": 1, "validation": 1}


def test_it_dispatches_an_event_an_earlier_version_left_undispatched(processes, make_pdf):
    """Before events were dispatched in the transaction that wrote them, a crash right after
    commit left an event undispatched; such rows may still be in a database that is upgraded."""
    from procurement.services import document_store

    document = document_store(
        content=make_pdf("ok.pdf").read_bytes(), filename="ok.pdf", source="cli"
    ).document
    workflow = Workflow.objects.create(document=document)
    Event.objects.create(
        workflow=workflow, type="DocumentReceived", payload={"document_id": document.pk}
    )
    processes.worker()

    report = sweep()

    assert report.events_dispatched == 1
    wait_for(lambda: settled(workflow.pk), timeout=30, message=processes.logs())
    assert Workflow.objects.get(pk=workflow.pk).state == State.APPROVED
    assert effects(workflow.pk) == {"intake": 1, "validation": 1}
    assert sweep().events_dispatched == 0
