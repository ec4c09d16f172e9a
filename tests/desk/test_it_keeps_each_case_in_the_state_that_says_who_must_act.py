"""The case state is computed from the workflow (README "Cases" has the table)."""
import pytest

from agents.orchestrator.models import Workflow
from procurement.cases import CASE_STATE_OF_WORKFLOW, case_sync
from procurement.models import Case


@pytest.mark.parametrize(
    ("workflow_state", "case_state"),
    [
        ("validating", "processing"),
        ("drafting", "processing"),
        ("exception", "needs_clerk"),
        ("needs_human", "needs_clerk"),
        ("awaiting_approval", "waiting_approval"),
        ("sent", "waiting_vendor"),
        ("on_hold", "waiting_vendor"),
        ("approved", "ready_to_pay"),
        ("rejected", "rejected"),
        ("closed", "closed"),
    ],
)
def test_it_maps_the_workflow_state_to_the_case_state(make_case, workflow_state, case_state):
    case = make_case(workflow_state=workflow_state)

    assert case.state == case_state


def test_it_maps_every_workflow_state():
    assert set(CASE_STATE_OF_WORKFLOW) == set(Workflow.State.values)
    assert set(CASE_STATE_OF_WORKFLOW.values()) <= set(Case.State.values)


def test_it_says_which_findings_a_clerk_must_decide(make_case):
    case = make_case(kinds=("price_variance", "quantity_variance"))

    assert case.reason.startswith("A clerk decides 2 findings:")
    assert case.finding_kinds == ["price_variance", "quantity_variance"]
    assert case.vendor_name == "Acme Industrial Supplies Ltd"


def test_it_bumps_the_version_only_when_something_changed(make_case):
    case = make_case()

    again = case_sync(document_id=case.document_id)
    Workflow.objects.filter(document_id=case.document_id).update(state="sent")
    moved = case_sync(document_id=case.document_id)

    assert again.version == case.version
    assert moved.version == case.version + 1 and moved.state == "waiting_vendor"
