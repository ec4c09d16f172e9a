"""Uploading invoices in the browser (Django test client): several files at once, each with its
own answer, and nothing a clerk sent is lost."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agents.orchestrator.models import Workflow
from procurement.models import Document
from tests.intake_sources.conftest import make_pdf

# Marked here (not only through fixtures) because some tests pick their user at run time, and
# pytest-django orders database tests by the marks and fixtures it can see before they run.
pytestmark = pytest.mark.django_db

UPLOAD = reverse("documents:upload")


def pdf(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def earlier(db):
    """An invoice uploaded yesterday, so today's copy of it is a duplicate."""
    from procurement.ingestion import document_ingest

    return document_ingest(content=make_pdf("ACME 1001"), filename="acme-1001.pdf", source="upload")


def test_it_answers_for_each_file_and_loses_none(client, clerk, earlier, settings):
    settings.MAX_UPLOAD_MB = 1
    client.force_login(clerk)
    too_large = b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 1)

    response = client.post(
        UPLOAD,
        {
            "files": [
                pdf("globex-77.pdf", make_pdf("Globex 77")),
                pdf("acme-again.pdf", make_pdf("ACME 1001")),
                pdf("notes.pdf", b"these are meeting notes, not an invoice"),
                pdf("huge.pdf", too_large),
            ]
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    accepted = Document.objects.get(original_filename="globex-77.pdf")
    assert f'href="/documents/{accepted.pk}/"' in html
    assert "Duplicate of" in html and f'href="/documents/{earlier.document.pk}/"' in html
    assert "Rejected because the file is neither a PDF nor an image (PNG, JPEG, TIFF)" in html
    assert "Rejected because the file is larger than the 1 MB upload limit" in html
    # Every distinct file within the limit is kept, the unreadable one too; the duplicate is the
    # original, not a second copy. The oversized one was never accepted: nothing of it is stored.
    assert Document.objects.count() == 3
    assert not Document.objects.filter(original_filename="acme-again.pdf").exists()
    notes = Document.objects.get(original_filename="notes.pdf")
    assert (notes.status, notes.error_reason) == (
        "rejected", "The file is neither a PDF nor an image (PNG, JPEG, TIFF)."
    )
    assert not Document.objects.filter(original_filename="huge.pdf").exists()
    assert notes.read_bytes() == b"these are meeting notes, not an invoice"
    assert accepted.uploaded_by == clerk and accepted.source == "upload"


def test_it_starts_one_workflow_per_new_invoice_only(client, clerk, earlier):
    client.force_login(clerk)

    client.post(
        UPLOAD,
        {"files": [pdf("new.pdf", make_pdf("Initech 5")), pdf("dup.pdf", make_pdf("ACME 1001")),
                   pdf("bad.pdf", b"GIF89a")]},
    )

    new = Document.objects.get(original_filename="new.pdf")
    assert Workflow.objects.get(document=new).state == Workflow.State.PARSING
    assert Workflow.objects.filter(document=earlier.document).count() == 1
    assert not Workflow.objects.filter(document__original_filename="bad.pdf").exists()
    assert Workflow.objects.count() == 2


def test_it_sends_the_script_only_the_result_rows(client, clerk):
    client.force_login(clerk)

    response = client.post(
        UPLOAD,
        {"files": [pdf("one.pdf", make_pdf("Umbrella 9"))]},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith("<li") and "<html" not in html
    assert 'data-outcome="accepted"' in html and "one.pdf" in html


def test_it_asks_for_a_file_when_none_was_chosen(client, clerk):
    client.force_login(clerk)

    response = client.post(UPLOAD, {})

    assert response.status_code == 400
    assert "Choose at least one file" in response.content.decode()
    assert Document.objects.count() == 0


def test_it_refuses_a_post_without_the_csrf_token(clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)

    response = client.post(UPLOAD, {"files": [pdf("x.pdf", make_pdf("CSRF"))]})

    assert response.status_code == 403
    assert Document.objects.count() == 0


def test_it_works_as_a_plain_form_with_the_csrf_token(clerk):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk)
    page = client.get(UPLOAD)
    token = page.cookies["csrftoken"].value

    response = client.post(
        UPLOAD, {"files": [pdf("x.pdf", make_pdf("CSRF ok"))], "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    assert Document.objects.filter(original_filename="x.pdf", status="received").exists()


@pytest.mark.parametrize("who", ["approver", "outsider"])
def test_it_lets_only_clerks_and_admins_upload(client, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.post(UPLOAD, {"files": [pdf("x.pdf", make_pdf("not yours"))]})

    assert response.status_code == 403
    assert Document.objects.count() == 0


def test_it_lets_an_ap_admin_upload(client, ap_admin):
    client.force_login(ap_admin)

    response = client.post(UPLOAD, {"files": [pdf("x.pdf", make_pdf("admin upload"))]})

    assert response.status_code == 200
    assert Document.objects.filter(uploaded_by=ap_admin).count() == 1
