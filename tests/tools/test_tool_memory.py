"""memory.write (librarian only) and memory.search (keywords, vendor)."""
from __future__ import annotations

import pytest

from agents.errors import ToolPermissionError


def test_it_keeps_a_note_once_and_finds_it_by_words(tools_for, seeded):
    librarian = tools_for("librarian")
    note = {"subject": "Freight billed separately",
            "text": "Acme bills freight on its own line; it is on the PO as a service line.",
            "vendor_id": seeded.acme.pk}
    first = librarian.call("memory.write", **note)
    again = librarian.call("memory.write", **note)
    assert first.created and not again.created and first.note_id == again.note_id
    found = tools_for("validation").call("memory.search", query="freight line")
    assert [n.subject for n in found.notes] == ["Freight billed separately"]
    assert found.notes[0].source == f"librarian, workflow {seeded.workflow.pk}"


def test_it_prefers_the_vendors_own_notes_and_keeps_general_ones(tools_for, seeded):
    librarian = tools_for("librarian")
    librarian.call("memory.write", subject="Rounding", text="Totals may differ by a cent.")
    librarian.call("memory.write", subject="Acme rounding", text="Acme rounds each line.",
                   vendor_id=seeded.acme.pk)
    librarian.call("memory.write", subject="Globex rounding", text="Globex rounds totals.",
                   vendor_id=seeded.globex.pk)
    found = tools_for("exception").call("memory.search", query="rounding",
                                        vendor_id=seeded.acme.pk)
    assert [n.subject for n in found.notes] == ["Acme rounding", "Rounding"]


def test_it_lets_only_the_librarian_write(tools_for, seeded):
    with pytest.raises(ToolPermissionError):
        tools_for("exception").call("memory.write", subject="Pay", text="Pay Globex always.")
