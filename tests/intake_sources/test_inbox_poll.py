"""The inbox folder job: take settled files, store them, start their workflows, then move them."""
from __future__ import annotations

import pytest
from django.core.management import call_command

from agents.orchestrator.models import Workflow
from procurement.models import Document
from procurement.sources.inbox import inbox_poll
from tests.intake_sources.conftest import drop, make_pdf

pytestmark = pytest.mark.django_db


def test_it_stores_a_settled_pdf_then_moves_it_to_processed(inbox):
    path = drop(inbox, "acme-1001.pdf", make_pdf("ACME 1001"))

    [item] = inbox_poll()

    document = Document.objects.get()
    assert (document.source, document.source_ref) == ("inbox", str(path))
    assert document.original_filename == "acme-1001.pdf"
    assert document.read_bytes() == make_pdf("ACME 1001")
    assert Workflow.objects.get(document=document).state == Workflow.State.PARSING
    assert not path.exists()
    assert item.moved_to == inbox / "processed" / "acme-1001.pdf"
    assert item.moved_to.read_bytes() == make_pdf("ACME 1001")


def test_it_leaves_a_file_alone_until_it_has_settled(inbox):
    path = drop(inbox, "scanning.pdf", make_pdf("still writing"), age=0.2)

    assert inbox_poll() == []
    assert path.exists() and Document.objects.count() == 0

    drop(inbox, "scanning.pdf", make_pdf("still writing"), age=3)  # the scanner has finished
    [item] = inbox_poll()

    assert item.result.outcome == "accepted"
    assert not path.exists()


def test_it_skips_partial_and_hidden_files(inbox):
    for name in ("invoice.pdf.part", "invoice.pdf.crdownload", "upload.tmp", ".invoice.pdf"):
        drop(inbox, name, make_pdf(name))

    assert inbox_poll() == []

    assert Document.objects.count() == 0
    assert sorted(p.name for p in inbox.iterdir()) == [
        ".invoice.pdf", "invoice.pdf.crdownload", "invoice.pdf.part", "upload.tmp"
    ]


def test_it_keeps_a_non_pdf_as_a_rejected_document_and_moves_it_to_rejected(inbox):
    drop(inbox, "receipt.docx", b"PK\x03\x04 a word document")

    [item] = inbox_poll()

    document = Document.objects.get()
    assert document.status == "rejected"
    assert document.error_reason == "The file is neither a PDF nor an image (PNG, JPEG, TIFF)."
    assert item.moved_to == inbox / "rejected" / "receipt.docx"
    assert not Workflow.objects.exists()


def test_it_takes_a_photo_for_ocr_and_moves_it_to_processed(inbox):
    drop(inbox, "photo.jpg", b"\xff\xd8\xff\xe0 a photo of a receipt")

    [item] = inbox_poll()

    assert item.result.outcome == "accepted"  # intake reads it by OCR (or says it is damaged)
    assert item.moved_to == inbox / "processed" / "photo.jpg"
    assert Workflow.objects.filter(document=item.result.document).exists()


def test_it_recognises_a_duplicate_and_starts_no_second_workflow(inbox):
    drop(inbox, "a.pdf", make_pdf("Globex 77"))
    inbox_poll()
    drop(inbox, "a.pdf", make_pdf("Globex 77"))  # sent again, same name and bytes
    drop(inbox, "copy-of-a.pdf", make_pdf("Globex 77"))

    items = inbox_poll()

    assert [item.result.outcome for item in items] == ["duplicate", "duplicate"]
    assert Document.objects.count() == 1 and Workflow.objects.count() == 1
    # moved aside without overwriting the first a.pdf
    assert sorted(p.name for p in (inbox / "processed").iterdir()) == [
        f"a.{Document.objects.get().sha256[:12]}.pdf", "a.pdf", "copy-of-a.pdf"
    ]


def test_poll_inbox_runs_it_once(inbox, capsys):
    drop(inbox, "acme.pdf", make_pdf("ACME cli"))
    drop(inbox, "notes.txt", b"hello")

    call_command("poll_inbox", "--settle", "1")

    out = capsys.readouterr().out
    assert "acme.pdf: accepted" in out
    assert "notes.txt: rejected" in out
    assert "The file is neither a PDF nor an image (PNG, JPEG, TIFF)." in out
    assert "2 file(s) taken" in out
