"""One bad file name never stops the inbox (issue 12, item 4): a name that is not valid UTF-8 is
stored as text, a long name whose copy is already in processed/ still moves, and a file that
fails for any reason stays for the next poll while the files after it are taken.
"""
from __future__ import annotations

import os

import pytest

from procurement.models import Document
from procurement.sources import inbox as inbox_module
from procurement.sources.inbox import inbox_poll
from tests.intake_sources.conftest import drop, make_pdf

pytestmark = pytest.mark.django_db


def test_it_takes_a_file_whose_name_is_not_utf8(inbox):
    raw = os.fsdecode(b"Rechnung-M\xfcller-0042.pdf")  # Latin-1, as an old scanner writes it
    drop(inbox, raw, make_pdf("Mueller 0042"))
    drop(inbox, "zz-after.pdf", make_pdf("after"))

    items = inbox_poll()

    assert len(items) == 2
    document = Document.objects.get(original_filename__startswith="Rechnung")
    assert document.original_filename == "Rechnung-M\ufffdller-0042.pdf"
    assert document.read_bytes() == make_pdf("Mueller 0042")
    assert "\ufffd" in document.source_ref
    assert sorted(p.name for p in (inbox / "processed").iterdir()) == [
        "Rechnung-M\ufffdller-0042.pdf", "zz-after.pdf"
    ]
    assert [p.name for p in inbox.iterdir()] == ["processed"]


def test_it_moves_a_long_name_whose_copy_is_already_processed(inbox):
    name = "Invoice " + "x" * 240 + ".pdf"  # 252 bytes: at the file system's limit
    (inbox / "processed").mkdir()
    (inbox / "processed" / inbox_module.safe_name(name)).write_bytes(b"an earlier file")
    drop(inbox, name, make_pdf("long name"))
    drop(inbox, "zz-after.pdf", make_pdf("after"))

    items = inbox_poll()

    assert len(items) == 2
    moved = items[0].moved_to
    assert moved.parent == inbox / "processed" and moved.read_bytes() == make_pdf("long name")
    assert len(moved.name.encode()) <= 255
    assert Document.objects.get(original_filename__startswith="Invoice ").original_filename == (
        inbox_module.safe_name(name)
    )
    assert [p.name for p in inbox.iterdir()] == ["processed"]


def test_it_keeps_going_after_a_file_that_fails(inbox, caplog):
    # A file where the rejected/ folder should be: a rejected file cannot be moved out of the
    # way (as root too, unlike a permission), while accepted files still can.
    (inbox / "rejected").write_text("not a folder")
    drop(inbox, "a-scans.zip", b"PK\x03\x04 a zip")
    drop(inbox, "b-fine.pdf", make_pdf("fine"))

    items = inbox_poll()

    assert [item.result.document.original_filename for item in items] == ["b-fine.pdf"]
    assert (inbox / "a-scans.zip").exists()  # stays for the next poll; nothing is lost
    assert "a-scans.zip could not be taken" in caplog.text
