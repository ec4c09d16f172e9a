"""The case page shows the case's emails with their state and, for a blocked one, the rule that
blocked it and the offending text (the partial templates/approvals/_case_emails.html)."""
from __future__ import annotations

from django.urls import reverse


def test_it_shows_the_cases_emails_with_their_verdicts_on_the_case_page(client, case, clerk):
    from procurement.cases import case_sync

    blocked = case.propose(prose="Card 4111 1111 1111 1111 is fine.")
    case_sync(document_id=case.invoice.document_id)
    client.force_login(clerk)

    page = client.get(reverse("cases:detail", args=[case.invoice.case.pk])).content.decode()

    assert 'id="case-emails"' in page
    assert reverse("approvals:email", args=[blocked.pk]) in page
    assert "<code>4111 1111 1111 1111</code>" in page
