"""An approver reads what is wrong with the invoice in people's words next to each draft, not
the taxonomy's machine names."""
from __future__ import annotations

from django.urls import reverse

from procurement.cases import case_sync
from procurement.models import Case


def test_the_inbox_names_the_cases_findings_in_words(client, case, approver):
    case_sync(document_id=case.invoice.document_id)
    assert Case.objects.get(document_id=case.invoice.document_id).finding_kinds == [
        "price_variance"]
    email = case.propose()
    client.force_login(approver)

    page = client.get(reverse("approvals:inbox")).content.decode()

    card = page.split(f'id="email-{email.pk}"')[1]
    assert "at stake · Price differs from PO" in " ".join(card.split())
    assert "price_variance" not in card
