"""The document page shows what intake read, what validation found and the decision trail of an
invoice the real agents processed."""
from __future__ import annotations

import pytest

from agents.tools.models import ToolCall


@pytest.mark.django_db(transaction=True)
def test_it_shows_the_trail_of_a_processed_demo_invoice(processed_demo, client, clerk):
    client.force_login(clerk)

    response = client.get(f"/documents/{processed_demo.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    trail = page[page.index('id="trail"'):]
    for tool in ToolCall.objects.filter(workflow=processed_demo.workflow).values_list(
        "tool", flat=True
    ):
        assert tool in trail
    for expected in (
        "intake started (attempt 1 of 3)",
        "validation finished",
        "DiscrepancyFound",
        "exception.draft_email",
        "Email proposed to",
        "EmailDrafted",
    ):
        assert expected in trail
    assert trail.index("DocumentReceived") < trail.index("DiscrepancyFound") < trail.index(
        "EmailDrafted"
    )
    # Above the trail: the finding that explains the state, and what was read.
    assert "Price differs from PO" in page
    assert "2.35 GBP" in page and "2.49 GBP" in page
    assert "ACM-INV-10502" in page
    assert "Deep groove ball bearing 6204-2RS" in page
    assert 'class="low"' in page  # the PO number was read with 59% confidence
    # Every check's outcome, so a reader sees why it was held (and, for others, approved).
    checks = page[page.index("Checks run by validation"):page.index('id="read-title"')]
    assert "failed</span> <strong>Prices</strong>" in checks
    assert "passed</span> <strong>Vendor</strong>" in checks
    assert "passed</span> <strong>Duplicates</strong>" in checks
