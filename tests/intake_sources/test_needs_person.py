"""The "Needs a person" queue and its retry button, which resumes the failed step."""
from __future__ import annotations

import pytest
from django.urls import reverse

from agents.orchestrator.models import Step, Workflow
from procurement.ingestion import document_ingest
from tests.intake_sources.conftest import make_pdf

QUEUE = reverse("documents:needs_person")


@pytest.fixture
def stuck(db):
    """A workflow whose intake step failed three times and stopped for a person."""
    document = document_ingest(content=make_pdf("slow"), filename="slow.pdf", source="cli").document
    workflow = Workflow.objects.get(document=document)
    Workflow.objects.filter(pk=workflow.pk).update(
        state=Workflow.State.NEEDS_HUMAN, reason="intake failed 3 times: the reader timed out"
    )
    # Ingesting started its intake step; that step is the one that failed.
    assert workflow.steps.filter(agent="intake").update(
        state=Step.State.FAILED, attempt=3, error="Reading the PDF took longer than 30 seconds",
    ) == 1
    return workflow


def test_it_lists_what_needs_a_person_with_the_reason(client, clerk, stuck):
    document_ingest(content=make_pdf("fine"), filename="fine.pdf", source="cli")
    client.force_login(clerk)

    html = client.get(QUEUE).content.decode()

    assert "slow.pdf" in html and "fine.pdf" not in html
    assert "intake failed 3 times: the reader timed out" in html
    assert '<button class="secondary" type="submit">Retry</button>' in html


def test_it_retries_the_failed_step(client, clerk, stuck):
    client.force_login(clerk)

    response = client.post(reverse("documents:retry", args=[stuck.document_id]), {"back": "queue"})

    assert response.status_code == 302 and response["Location"] == QUEUE
    stuck.refresh_from_db()
    assert stuck.state == Workflow.State.PARSING
    assert stuck.steps.get().state == Step.State.PENDING
    assert "Retrying slow.pdf" in client.get(QUEUE).content.decode()


def test_it_explains_why_a_workflow_cannot_be_retried(client, clerk, stuck):
    stuck.steps.update(state=Step.State.SUCCEEDED)  # an agent asked for a person: nothing failed
    client.force_login(clerk)

    response = client.post(reverse("documents:retry", args=[stuck.document_id]), follow=True)

    assert "Not retried:" in response.content.decode()
    stuck.refresh_from_db()
    assert stuck.state == Workflow.State.NEEDS_HUMAN


def test_it_lets_only_clerks_retry(client, approver, stuck):
    client.force_login(approver)

    assert "Retry</button>" not in client.get(QUEUE).content.decode()
    assert client.post(reverse("documents:retry", args=[stuck.document_id])).status_code == 403
    stuck.refresh_from_db()
    assert stuck.state == Workflow.State.NEEDS_HUMAN


def test_it_explains_an_empty_queue(client, clerk):
    client.force_login(clerk)

    assert "Nothing needs a person right now." in client.get(QUEUE).content.decode()
