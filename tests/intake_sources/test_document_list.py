"""The documents list: newest first, filtered by status and source, with each workflow's state
and the reason a clerk must read."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from agents.orchestrator.models import Workflow
from procurement.ingestion import document_ingest
from tests.intake_sources.conftest import make_pdf

LIST = reverse("documents:list")


def names(response) -> list[str]:
    return re.findall(r'<a href="/documents/\d+/">([^<]+)</a>', response.content.decode())


@pytest.fixture
def documents(db):
    first = document_ingest(content=make_pdf("A"), filename="first.pdf", source="inbox").document
    bad = document_ingest(content=b"PK\x03\x04 zip", filename="scan.zip", source="upload").document
    last = document_ingest(content=make_pdf("C"), filename="last.pdf", source="s3").document
    return first, bad, last


def test_it_lists_documents_newest_first_with_their_workflow_and_reasons(client, clerk, documents):
    first, bad, last = documents
    Workflow.objects.filter(document=first).update(
        state=Workflow.State.NEEDS_HUMAN, reason="The vendor on the invoice is not on file."
    )
    client.force_login(clerk)

    response = client.get(LIST)

    html = response.content.decode()
    assert names(response) == ["last.pdf", "scan.zip", "first.pdf"]
    assert "The file is neither a PDF nor an image (PNG, JPEG, TIFF)." in html
    assert "The vendor on the invoice is not on file." in html
    assert "Needs a person" in html and "Received" in html


def test_it_filters_by_status_and_by_source(client, clerk, documents):
    client.force_login(clerk)

    assert names(client.get(LIST, {"status": "rejected"})) == ["scan.zip"]
    assert names(client.get(LIST, {"source": "inbox"})) == ["first.pdf"]
    assert names(client.get(LIST, {"status": "received", "source": "s3"})) == ["last.pdf"]
    unknown = client.get(LIST, {"status": "no-such-status"})
    assert names(unknown) == ["last.pdf", "scan.zip", "first.pdf"]


def test_it_explains_an_empty_list(client, clerk):
    client.force_login(clerk)

    html = client.get(LIST).content.decode()

    assert "No documents yet." in html
    assert "Invoices appear here as soon as they arrive" in html


def test_it_explains_when_filters_match_nothing(client, clerk, documents):
    client.force_login(clerk)

    html = client.get(LIST, {"status": "parsed"}).content.decode()

    assert "No documents match these filters." in html


def test_it_shows_a_document_with_its_steps(client, approver, documents):
    first, _, _ = documents
    workflow = Workflow.objects.get(document=first)
    workflow.steps.create(
        agent="intake", workflow_state=Workflow.State.PARSING, state="failed", attempt=3,
        error="Reading the PDF took longer than 30 seconds",
    )
    client.force_login(approver)

    html = client.get(reverse("documents:detail", args=[first.pk])).content.decode()

    assert "first.pdf" in html and first.sha256 in html and "Inbox folder" in html
    assert "intake" in html and "3 of 3" in html
    assert "Reading the PDF took longer than 30 seconds" in html
    assert "Retry the failed step" not in html  # approvers look, clerks act
