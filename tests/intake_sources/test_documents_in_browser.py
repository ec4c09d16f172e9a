"""The documents pages in a real headless Chromium."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from procurement.ingestion import document_ingest
from tests.intake_sources.conftest import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_a_rejected_documents_reason_in_the_list(page, clerk, login_as):
    document_ingest(content=make_pdf("ACME 1001"), filename="acme-1001.pdf", source="inbox")
    document_ingest(content=b"PK\x03\x04 a zip", filename="scans.zip", source="upload")
    login_as(clerk)

    page.get_by_role("link", name="Documents", exact=True).click()

    row = page.get_by_role("row").filter(has_text="scans.zip")
    expect(row).to_contain_text("Rejected")
    expect(row).to_contain_text("The file is neither a PDF nor an image (PNG, JPEG, TIFF).")
    page.get_by_role("link", name="Rejected", exact=True).click()
    # Only rejected documents remain: the zip (refused on arrival) and, since intake really ran
    # in-process, the one-line "PDF" it could not read as an invoice.
    expect(page.get_by_role("row").filter(has_text="scans.zip")).to_have_count(1)
    expect(page.get_by_role("row").filter(has_text="Parsed")).to_have_count(0)


def test_it_shows_the_pdf_beside_its_workflow(page, clerk, login_as):
    document = document_ingest(
        content=make_pdf("ACME 1001"), filename="acme-1001.pdf", source="inbox"
    ).document
    login_as(clerk)

    page.goto(f"/documents/{document.pk}/")

    expect(page.get_by_role("heading", name="acme-1001.pdf")).to_be_visible()
    expect(page.get_by_text("Inbox folder")).to_be_visible()
    frame = page.locator("iframe")
    expect(frame).to_have_attribute("src", f"/documents/{document.pk}/file/")
    response = page.request.get(f"/documents/{document.pk}/file/")
    assert response.headers["content-type"] == "application/pdf"


def test_it_explains_the_empty_pages(page, clerk, login_as):
    login_as(clerk)

    page.goto("/documents/")
    expect(page.get_by_text("No documents yet.")).to_be_visible()
    page.get_by_role("link", name="Needs a person").click()
    expect(page.get_by_text("Nothing needs a person right now.")).to_be_visible()


def test_it_lets_a_clerk_retry_from_the_needs_a_person_queue(page, clerk, login_as):
    from agents.orchestrator.models import Step, Workflow

    document = document_ingest(content=make_pdf("slow"), filename="slow.pdf", source="s3").document
    workflow = Workflow.objects.get(document=document)
    Workflow.objects.filter(pk=workflow.pk).update(
        state=Workflow.State.NEEDS_HUMAN, reason="intake failed 3 times: the reader timed out"
    )
    Step.objects.filter(workflow=workflow).delete()
    workflow.steps.create(
        agent="intake", workflow_state=Workflow.State.PARSING, state=Step.State.FAILED,
        attempt=3, error="Reading the PDF took longer than 30 seconds",
    )
    login_as(clerk)

    page.get_by_role("link", name="Needs a person").click()
    row = page.get_by_role("row").filter(has_text="slow.pdf")
    expect(row).to_contain_text("intake failed 3 times: the reader timed out")
    row.get_by_role("button", name="Retry").click()

    expect(page.get_by_text("Retrying slow.pdf: the intake step runs again.")).to_be_visible()
    assert Workflow.objects.filter(
        pk=workflow.pk, events__type="WorkflowRetried", events__payload__by=clerk.username
    ).exists()
