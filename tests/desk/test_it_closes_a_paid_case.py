"""A ready-to-pay invoice, once paid, is marked so by a clerk (page or API): the case closes
with who and why, the librarian reads it (CaseClosed), and nothing else can be marked paid."""
from __future__ import annotations

import pytest

from agents.orchestrator.models import Workflow
from procurement.cases.actions import CaseActionRefused, case_mark_paid
from procurement.cases.tokens import api_token_create
from procurement.models import Case


def test_a_clerk_marks_a_ready_to_pay_case_paid_on_its_page(client, make_case, clerk, settings):
    settings.REDIS_URL = ""
    case = make_case(workflow_state="approved", kinds=())
    assert case.state == "ready_to_pay"
    client.force_login(clerk)
    assert "Mark as paid" in client.get(f"/cases/{case.pk}/").content.decode()

    client.post(f"/cases/{case.pk}/mark-paid/", {"reason": "payment run 2026-12-01",
                                                 "version": case.version})

    case.refresh_from_db()
    assert (case.state, case.reason) == ("closed", "Closed by carla.clerk: payment run 2026-12-01")
    workflow = Workflow.objects.get(document_id=case.document_id)
    assert list(workflow.events.values_list("type", flat=True))[-1:] == ["CaseClosed"]
    assert "Mark as paid" not in client.get(f"/cases/{case.pk}/").content.decode()


def test_only_a_ready_to_pay_case_is_marked_paid_over_the_api(client, make_case, clerk,
                                                            approver, settings):
    settings.REDIS_URL = ""
    held = make_case()  # an exception: a clerk decides first
    ready = make_case(workflow_state="approved", kinds=())
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=clerk).raw}"}

    refused = client.post(f"/api/cases/{held.pk}/mark-paid", {}, content_type="application/json",
                          **auth)
    paid = client.post(f"/api/cases/{ready.pk}/mark-paid", {}, content_type="application/json",
                       **auth)

    assert refused.status_code == 409 and "mark it as paid" in refused.json()["error"]
    assert (paid.status_code, paid.json()["state"]) == (200, "closed")
    assert Case.objects.get(pk=held.pk).state == "needs_clerk"
    with pytest.raises(CaseActionRefused) as refused_approver:
        case_mark_paid(case_id=make_case(workflow_state="approved", kinds=()).pk, user=approver)
    assert refused_approver.value.status == 403
