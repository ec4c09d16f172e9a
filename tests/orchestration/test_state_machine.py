import logging

import pytest

from agents.orchestrator.models import Workflow
from agents.orchestrator.services import StateConflict, workflow_transition
from agents.orchestrator.states import SETTLED, TRANSITIONS, IllegalTransition, State
from tests.orchestration.helpers import committed_db

pytestmark = committed_db


def test_it_refuses_an_illegal_transition_and_logs_it(start, in_process, caplog):
    workflow = start("permanent.pdf")  # stops in needs_human after intake
    assert Workflow.objects.get(pk=workflow.pk).state == State.NEEDS_HUMAN

    with caplog.at_level(logging.ERROR), pytest.raises(IllegalTransition):
        workflow_transition(workflow_id=workflow.pk, expected="needs_human", target="sent")

    assert Workflow.objects.get(pk=workflow.pk).state == State.NEEDS_HUMAN
    assert "needs_human -> sent" in caplog.text


def test_it_changes_nothing_when_the_workflow_left_the_expected_state(start, in_process):
    workflow = start("permanent.pdf")

    with pytest.raises(StateConflict):
        workflow_transition(workflow_id=workflow.pk, expected="parsing", target="parsed")

    assert Workflow.objects.get(pk=workflow.pk).state == State.NEEDS_HUMAN


def test_it_declares_every_state_once_in_the_table():
    assert set(TRANSITIONS) == set(State)
    for targets in TRANSITIONS.values():
        assert targets <= set(State)
    # a settled workflow only moves when a person acts (or never)
    assert {State.APPROVED, State.CANCELLED, State.REJECTED} <= SETTLED
    assert not TRANSITIONS[State.CANCELLED]
