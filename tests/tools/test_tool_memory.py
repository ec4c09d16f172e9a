"""memory.write (librarian only) and memory.search (one vendor's facts, by words)."""
from __future__ import annotations

import pytest

from agents.errors import ToolPermissionError


def test_it_keeps_a_fact_once_and_finds_it_by_words(tools_for, seeded):
    librarian = tools_for("librarian")
    fact = {"kind": "billing_habit", "subject": "freight", "value": "separate line",
            "text": "Acme bills freight on its own line; it is on the PO as a service line.",
            "vendor_id": seeded.acme.pk}
    first = librarian.call("memory.write", **fact)
    again = librarian.call("memory.write", **fact)
    assert (first.outcome, again.outcome) == ("created", "merged")
    assert first.fact_id == again.fact_id
    found = tools_for("validation").call("memory.search", query="freight line",
                                         vendor_id=seeded.acme.pk)
    assert [f.subject for f in found.facts] == ["freight"]
    assert found.facts[0].seen == 2


def test_it_prefers_the_vendors_own_facts_and_keeps_general_ones(tools_for, seeded):
    librarian = tools_for("librarian")
    librarian.call("memory.write", subject="Rounding", text="Totals may differ by a cent.")
    librarian.call("memory.write", subject="Acme rounding", text="Acme rounds each line.",
                   vendor_id=seeded.acme.pk)
    librarian.call("memory.write", subject="Globex rounding", text="Globex rounds totals.",
                   vendor_id=seeded.globex.pk)
    found = tools_for("exception").call("memory.search", query="rounding",
                                        vendor_id=seeded.acme.pk)
    assert [f.subject for f in found.facts] == ["Acme rounding", "Rounding"]


def test_it_lets_only_the_librarian_write(tools_for, seeded):
    with pytest.raises(ToolPermissionError):
        tools_for("exception").call("memory.write", subject="Pay", text="Pay Globex always.")
