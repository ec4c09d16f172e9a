"""document_ingest(), the one way in that every source shares."""
from __future__ import annotations

import pytest

from agents.orchestrator.models import Workflow
from procurement.ingestion import Outcome, document_ingest
from procurement.models import Document
from procurement.services import document_store
from tests.intake_sources.conftest import make_pdf

pytestmark = pytest.mark.django_db


def test_it_starts_the_workflow_of_an_original_stored_without_one(settings):
    # e.g. `ingest` stored it and crashed before starting the workflow
    stored = document_store(content=make_pdf("orphan"), filename="orphan.pdf", source="cli")
    assert not Workflow.objects.exists()

    result = document_ingest(content=make_pdf("orphan"), filename="again.pdf", source="inbox")

    assert result.outcome is Outcome.DUPLICATE and result.document == stored.document
    assert Workflow.objects.filter(document=stored.document).count() == 1


def test_it_never_starts_a_workflow_for_a_rejected_original():
    document_ingest(content=b"not a pdf", filename="a.txt", source="upload")

    result = document_ingest(content=b"not a pdf", filename="b.txt", source="s3")

    assert result.outcome is Outcome.DUPLICATE
    assert result.document.status == Document.Status.REJECTED
    assert not Workflow.objects.exists()
