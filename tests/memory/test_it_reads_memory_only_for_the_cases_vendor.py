"""memory.search is always about one vendor, and inside a workflow whose invoice is matched to a
vendor, about that vendor only: a step cannot browse what was learnt about others."""
from __future__ import annotations

import pytest

from tests.tools.conftest import seeded, tools_for  # noqa: F401


def test_a_step_reads_only_its_own_vendors_memory(tools_for, seeded):  # noqa: F811
    from agents.tools.errors import ToolFailed

    seeded.invoice.vendor = seeded.acme
    seeded.invoice.save(update_fields=["vendor"])
    tools_for("librarian").call("memory.write", kind="note", subject="globex",
                                text="Globex pays late.", vendor_id=seeded.globex.pk)

    with pytest.raises(ToolFailed, match="memory is read for that vendor only"):
        tools_for("exception").call("memory.search", vendor_id=seeded.globex.pk)
    assert tools_for("exception").call("memory.search", vendor_id=seeded.acme.pk).facts == []
