"""The librarian runs beside a settled workflow: when it fails for good, the failure stays on its
step (and in the trail) and the case stays where the clerk put it."""
from __future__ import annotations

import pytest

from agents.errors import PermanentError
from agents.orchestrator import registry
from agents.orchestrator.models import Workflow
from procurement.cases.actions import case_accept_finding
from procurement.models import Case, Finding


@pytest.fixture
def broken_librarian():
    original = registry.get_agent("librarian")

    def broken(ctx):
        raise PermanentError("the memory is out of order")

    registry.register("librarian", broken, alongside=True)
    yield
    registry._AGENTS["librarian"] = original


def test_the_case_stays_ready_to_pay(make_case, vendor, clerk, run_librarian, broken_librarian):
    case = make_case(kinds=("price_variance",), vendor=vendor)
    finding = Finding.objects.get(invoice__case=case)
    case_accept_finding(case_id=case.pk, user=clerk, finding_id=finding.pk, reason="agreed")

    [step] = run_librarian(case)

    assert (step.state, step.error) == ("failed", "the memory is out of order")
    assert Workflow.objects.get(document=case.document).state == "approved"
    assert Case.objects.get(pk=case.pk).state == "ready_to_pay"
