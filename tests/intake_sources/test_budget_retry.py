"""A workflow stopped by the LLM budget is retried by an AP admin only (after raising the budget);
clerks still retry what needs a person. Also: the PDF is served in a CSP sandbox."""
from __future__ import annotations

import pytest
from django.urls import reverse

from agents.orchestrator.models import Step, Workflow
from procurement.ingestion import document_ingest
from tests.intake_sources.conftest import make_pdf

QUEUE = reverse("documents:needs_person")
RETRY_BUTTON = '<button class="secondary" type="submit">Retry</button>'
DETAIL_RETRY_BUTTON = "Retry the failed step"


@pytest.fixture
def spent(db):
    """A workflow whose intake step failed because the vendor's LLM budget ran out."""
    result = document_ingest(content=make_pdf("spent"), filename="spent.pdf", source="cli")
    document = result.document
    workflow = Workflow.objects.get(document=document)
    Workflow.objects.filter(pk=workflow.pk).update(
        state=Workflow.State.BUDGET_EXCEEDED, reason="the LLM budget for this vendor is spent"
    )
    # Ingesting started its intake step; that step is the one that failed.
    assert workflow.steps.filter(agent="intake").update(
        state=Step.State.FAILED, attempt=1, error="LLM budget exceeded",
    ) == 1
    return workflow


def test_a_clerk_cannot_retry_a_budget_exceeded_workflow(client, clerk, spent):
    client.force_login(clerk)

    response = client.post(reverse("documents:retry", args=[spent.document_id]), {"back": "queue"})

    assert response.status_code == 403
    spent.refresh_from_db()
    assert spent.state == Workflow.State.BUDGET_EXCEEDED
    assert spent.steps.get().state == Step.State.FAILED


def test_a_clerk_sees_no_retry_button_for_it_but_why(client, clerk, spent):
    client.force_login(clerk)

    queue = client.get(QUEUE).content.decode()
    detail = client.get(reverse("documents:detail", args=[spent.document_id])).content.decode()

    assert "spent.pdf" in queue and RETRY_BUTTON not in queue
    assert "an AP admin retries it after raising the budget" in queue
    assert DETAIL_RETRY_BUTTON not in detail


def test_an_ap_admin_can_retry_it(client, ap_admin, spent):
    client.force_login(ap_admin)

    assert RETRY_BUTTON in client.get(QUEUE).content.decode()
    detail = client.get(reverse("documents:detail", args=[spent.document_id])).content.decode()
    assert DETAIL_RETRY_BUTTON in detail

    response = client.post(reverse("documents:retry", args=[spent.document_id]), {"back": "queue"})

    assert response.status_code == 302 and response["Location"] == QUEUE
    spent.refresh_from_db()
    assert spent.state == Workflow.State.PARSING
    assert spent.steps.get().state == Step.State.PENDING


def test_a_clerk_still_retries_what_needs_a_person(client, clerk, spent):
    Workflow.objects.filter(pk=spent.pk).update(state=Workflow.State.NEEDS_HUMAN)
    client.force_login(clerk)

    assert RETRY_BUTTON in client.get(QUEUE).content.decode()
    response = client.post(reverse("documents:retry", args=[spent.document_id]))

    assert response.status_code == 302
    spent.refresh_from_db()
    assert spent.state == Workflow.State.PARSING


def test_the_pdf_is_served_inline_as_a_pdf_and_nothing_else(client, clerk):
    document = document_ingest(content=make_pdf("ACME"), filename="acme.pdf", source="cli").document
    client.force_login(clerk)

    response = client.get(reverse("documents:file", args=[document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Cache-Control"] == "private, no-store"
