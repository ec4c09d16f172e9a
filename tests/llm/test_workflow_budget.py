"""A call that would take a workflow over its budget is not made: BudgetExceeded, mail, banner."""
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from agents.errors import BudgetExceeded
from agents.llm.gateway import LLMClient
from agents.llm.models import BudgetAlert, LlmCall
from agents.llm.tasks import DRAFT_EMAIL
from procurement.models import Vendor
from tests.conftest import PASSWORD
from tests.fake_llm import Reply
from tests.llm.conftest import DRAFT_INPUTS, GOOD_EMAIL


@pytest.fixture
def small_budget(llm_settings):
    llm_settings.ADMINS = [("AP admin", "ap-admin@example.com")]
    # one draft reserves ~1115 tokens (a ~415-token prompt + 700 for the answer) and uses ~450
    llm_settings.WORKFLOW_TOKEN_BUDGET = 1500
    return llm_settings


def test_it_refuses_the_call_that_would_cross_the_token_budget(
    small_budget, fake_llm, workflow
):
    fake_llm.default = Reply.json(GOOD_EMAIL)
    client = LLMClient(agent="exception", workflow_id=workflow.pk)
    client.structured(DRAFT_EMAIL, DRAFT_INPUTS)

    with pytest.raises(BudgetExceeded, match=f"workflow {workflow.pk} would exceed"):
        client.structured(DRAFT_EMAIL, DRAFT_INPUTS)

    assert len(fake_llm.requests) == 1
    assert LlmCall.objects.count() == 1  # the refused call wrote nothing
    (email,) = mail.outbox
    assert email.to == ["ap-admin@example.com"]
    assert "budget" in email.subject.lower()
    alert = BudgetAlert.objects.get()
    assert (alert.scope, alert.workflow_id, alert.acknowledged) == ("workflow", workflow.pk, False)

    with pytest.raises(BudgetExceeded):
        client.structured(DRAFT_EMAIL, DRAFT_INPUTS)
    assert len(mail.outbox) == 1  # alerted once per workflow
    assert BudgetAlert.objects.count() == 1


def test_it_refuses_a_call_that_would_cross_the_usd_budget(small_budget, fake_llm, workflow):
    small_budget.WORKFLOW_TOKEN_BUDGET = 1_000_000
    small_budget.WORKFLOW_USD_BUDGET = Decimal("0.01")  # at 10/30 USD per Mtok: ~0.025 a call

    with pytest.raises(BudgetExceeded, match="USD"):
        LLMClient(agent="exception", workflow_id=workflow.pk).structured(DRAFT_EMAIL, DRAFT_INPUTS)

    assert fake_llm.requests == []


def test_it_uses_the_vendors_budget_override(small_budget, fake_llm, workflow):
    fake_llm.default = Reply.json(GOOD_EMAIL)
    vendor = Vendor.objects.create(legal_name="Acme Fasteners GmbH", llm_token_budget=5_000)
    client = LLMClient(agent="exception", workflow_id=workflow.pk, vendor_id=vendor.pk)

    for _ in range(3):
        client.structured(DRAFT_EMAIL, DRAFT_INPUTS)

    assert len(fake_llm.requests) == 3
    assert not BudgetAlert.objects.exists()


def test_ap_admins_see_the_banner_and_acknowledge_it(
    small_budget, fake_llm, workflow, client, ap_admin, clerk
):
    alert = BudgetAlert.objects.create(
        scope="workflow", key=f"workflow:{workflow.pk}", workflow=workflow,
        message=f"workflow {workflow.pk} would exceed its LLM budget",
    )
    client.login(username=clerk.username, password=PASSWORD)
    assert "would exceed its LLM budget" not in client.get("/").content.decode()
    acknowledge = reverse("admin:llm_budgetalert_acknowledge", args=[alert.pk])
    assert client.post(acknowledge).status_code == 403

    client.login(username=ap_admin.username, password=PASSWORD)
    page = client.get("/").content.decode()
    assert "would exceed its LLM budget" in page and acknowledge in page
    assert client.get(acknowledge).status_code == 405
    response = client.post(acknowledge, {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"

    alert.refresh_from_db()
    assert alert.acknowledged and alert.acknowledged_by == ap_admin
    assert "would exceed its LLM budget" not in client.get("/").content.decode()


def test_the_acknowledge_view_is_csrf_protected(db, ap_admin, workflow):
    from django.test import Client

    alert = BudgetAlert.objects.create(scope="workflow", key="k", message="over budget")
    browser = Client(enforce_csrf_checks=True)
    browser.login(username=ap_admin.username, password=PASSWORD)

    response = browser.post(reverse("admin:llm_budgetalert_acknowledge", args=[alert.pk]))

    assert response.status_code == 403
    alert.refresh_from_db()
    assert not alert.acknowledged
