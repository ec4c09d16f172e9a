import pytest

from agents.orchestrator.models import Event, Step, Workflow
from agents.orchestrator.states import State
from tests.orchestration.helpers import committed_db, effects

pytestmark = committed_db


def test_it_runs_a_matching_invoice_straight_through_to_approved(start, in_process):
    workflow = start("ok.pdf")

    workflow.refresh_from_db()
    assert workflow.state == State.APPROVED
    assert workflow.settled_at is not None
    assert list(workflow.steps.values_list("agent", "state", "attempt")) == [
        ("intake", "succeeded", 1),
        ("validation", "succeeded", 1),
    ]
    types = list(workflow.events.exclude(type="TestEffect").values_list("type", flat=True))
    assert types == ["DocumentReceived", "DocumentParsed", "InvoiceValidated"]
    assert not Event.objects.filter(dispatched_at__isnull=True).exists()


def test_it_holds_a_discrepancy_for_a_clerk_without_drafting_an_email(start, in_process):
    workflow = start("disc.pdf")

    workflow.refresh_from_db()
    assert workflow.state == State.EXCEPTION
    assert workflow.events.filter(type="DiscrepancyFound").count() == 2
    assert effects(workflow.pk) == {"intake": 1, "validation": 1}
    assert workflow.document.case.state == "needs_clerk"


def test_it_drafts_one_email_when_two_requests_arrive_together(start, in_process):
    from django.db import transaction

    from agents.orchestrator.services import workflow_emit

    workflow = start("disc.pdf")
    with transaction.atomic():
        for _ in range(2):
            workflow_emit(workflow_id=workflow.pk, event_type="EmailRequested", payload={"by": "x"})

    workflow.refresh_from_db()
    assert workflow.state == State.AWAITING_APPROVAL
    assert effects(workflow.pk) == {"intake": 1, "validation": 1, "exception": 1}
    assert Step.objects.filter(workflow=workflow, agent="exception").count() == 1
    assert workflow.document.case.state == "waiting_approval"


@pytest.mark.parametrize(
    ("name", "state", "reason"),
    [
        # intake could not read it: a clerk keys it in or marks it as not an invoice
        ("reject.pdf", State.NEEDS_HUMAN, "not an invoice"),
        ("human.pdf", State.NEEDS_HUMAN, "two invoices in one PDF"),
        ("nothing.pdf", State.NEEDS_HUMAN, "intake finished without reporting an outcome"),
    ],
)
def test_it_moves_the_workflow_as_the_emitted_events_say(start, in_process, name, state, reason):
    workflow = start(name)

    workflow = Workflow.objects.get(pk=workflow.pk)
    assert workflow.state == state
    assert reason in workflow.reason


def test_it_discards_the_effects_of_a_step_that_reported_no_outcome(start, in_process):
    workflow = start("nothing.pdf")

    # the step's own writes rolled back with it: nothing half-done is left behind
    assert effects(workflow.pk) == {}


def test_it_starts_one_workflow_per_document(start, in_process):
    from agents.orchestrator.services import workflow_start

    workflow = start("ok.pdf")
    again = workflow_start(document=workflow.document)

    assert again.pk == workflow.pk
    assert workflow.events.filter(type="DocumentReceived").count() == 1
