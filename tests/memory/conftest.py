"""Cases settled by a clerk, and the librarian's step that follows (in this process)."""
from __future__ import annotations

import pytest

from agents.orchestrator.execution import step_run
from agents.orchestrator.models import Event, Step
from agents.orchestrator.services import event_dispatch
from tests.desk.conftest import make_case, vendor  # noqa: F401


@pytest.fixture(autouse=True)
def _embedded(settings):
    settings.REDIS_URL = ""  # jobs run in this process after commit


@pytest.fixture
def run_librarian():
    """Dispatch the case's events (as after commit) and run the librarian steps they start."""

    def run(case) -> list[Step]:
        for event_id in Event.objects.filter(
            workflow__document=case.document_id, dispatched_at__isnull=True
        ).values_list("pk", flat=True):
            event_dispatch(event_id=event_id)
        steps = list(Step.objects.filter(workflow__document=case.document_id, agent="librarian",
                                         state=Step.State.PENDING))
        for step in steps:
            step_run(step_id=step.pk)
        return [Step.objects.get(pk=s.pk) for s in steps]

    return run
