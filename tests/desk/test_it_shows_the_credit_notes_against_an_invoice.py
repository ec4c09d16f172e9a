"""Whoever looks at an invoice sees the credit notes linked to it (page and API), and a credit
note is called one: paying the invoice's total without them would pay too much."""
from __future__ import annotations

from decimal import Decimal

from procurement.cases import case_sync
from procurement.cases.tokens import api_token_create
from procurement.models import Invoice


def test_an_invoice_shows_its_credit_notes_and_a_credit_note_what_it_corrects(
        client, make_case, vendor, clerk):
    original = make_case(vendor=vendor, kinds=(), number="RE-2026-0311", total="2108.09")
    note_case = make_case(vendor=vendor, kinds=(), number="G-2026-0007", total="-33.20")
    Invoice.objects.filter(pk=note_case.invoice_id).update(
        kind="credit_note", corrects=original.invoice, corrects_number="RE-2026-0311")
    note_case = case_sync(document_id=note_case.document_id)
    client.force_login(clerk)

    invoice_page = client.get(f"/cases/{original.pk}/").content.decode()
    note_page = client.get(f"/cases/{note_case.pk}/").content.decode()

    assert (f'Credited by <a href="/cases/{note_case.pk}/">credit note G-2026-0007</a> '
            f"(-33.20 EUR, {note_case.get_state_display().lower()})") in invoice_page
    assert "<h1>Credit note G-2026-0007 from" in note_page
    assert "Credited by" not in note_page

    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=clerk).raw}"}
    answer = client.get(f"/api/cases/{original.pk}", **auth).json()
    assert answer["kind"] == "invoice" and answer["corrects"] is None
    assert answer["credit_notes"] == [{
        "case_id": note_case.pk, "kind": "credit_note", "invoice_number": "G-2026-0007",
        "total": "-33.20", "currency": "EUR", "state": note_case.state}]
    back = client.get(f"/api/cases/{note_case.pk}", **auth).json()
    assert back["corrects"]["case_id"] == original.pk and back["credit_notes"] == []
    assert Decimal(back["total"]) == Decimal("-33.20")
