"""Moving a file out of the inbox never overwrites one, also on a share without hard links."""
from __future__ import annotations

import errno
import os

import pytest

from procurement.sources import inbox as inbox_source
from procurement.sources.inbox import inbox_poll
from tests.intake_sources.conftest import drop, make_pdf

pytestmark = pytest.mark.django_db


def no_hard_links(monkeypatch, *, meanwhile=None):
    """os.link fails as on an SMB/NFS share; `meanwhile(target)` runs first, as a racing writer."""

    def link(source, target):
        if meanwhile:
            meanwhile(target)
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(inbox_source.os, "link", link)


def test_without_hard_links_the_file_is_still_moved(inbox, monkeypatch):
    no_hard_links(monkeypatch)
    drop(inbox, "acme.pdf", make_pdf("ACME 1001"))

    [item] = inbox_poll()

    assert item.moved_to == inbox / "processed" / "acme.pdf"
    assert item.moved_to.read_bytes() == make_pdf("ACME 1001")
    assert not (inbox / "acme.pdf").exists()


def test_without_hard_links_a_file_that_appeared_at_the_target_is_not_replaced(
    inbox, monkeypatch
):
    def someone_else_writes(target):
        with open(target, "xb") as handle:
            handle.write(b"someone else's file")

    no_hard_links(monkeypatch, meanwhile=someone_else_writes)
    path = drop(inbox, "acme.pdf", make_pdf("ACME 1001"))

    [item] = inbox_poll()

    assert item.moved_to is None  # left for the next poll
    assert (inbox / "processed" / "acme.pdf").read_bytes() == b"someone else's file"
    assert path.read_bytes() == make_pdf("ACME 1001")
    assert item.result.document.read_bytes() == make_pdf("ACME 1001")  # stored all the same


def test_without_hard_links_a_failed_rename_leaves_no_placeholder(inbox, monkeypatch):
    no_hard_links(monkeypatch)

    def gone(source, target):
        raise FileNotFoundError(errno.ENOENT, "taken by another poller", source)

    monkeypatch.setattr(inbox_source.os, "rename", gone)
    drop(inbox, "acme.pdf", make_pdf("ACME 1001"))

    [item] = inbox_poll()

    assert item.moved_to is None
    assert os.listdir(inbox / "processed") == []
