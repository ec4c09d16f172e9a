"""Helpers shared by the orchestration tests."""
from __future__ import annotations

import time
from collections import Counter

import pytest

from tests.orchestration.agents import EFFECT

# Rows must really commit: jobs run after commit, and worker processes read the test database.
committed_db = pytest.mark.django_db(transaction=True)


def effects(workflow_id: int) -> Counter:
    """How many times each agent's effect was recorded for a workflow."""
    from agents.orchestrator.models import Event

    rows = Event.objects.filter(workflow_id=workflow_id, type=EFFECT)
    return Counter(row.payload["agent"] for row in rows)


def settled(*workflow_ids: int) -> bool:
    from agents.orchestrator.models import Workflow
    from agents.orchestrator.states import SETTLED

    return Workflow.objects.filter(pk__in=workflow_ids, state__in=SETTLED).count() == len(
        set(workflow_ids)
    )


def wait_for(predicate, *, timeout: float, every: float = 0.1, on_tick=None, message=""):
    """Poll until `predicate()` is truthy; fail with `message` when the time is up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if on_tick:
            on_tick()
        time.sleep(every)
    pytest.fail(f"timed out after {timeout} s: {message}")
