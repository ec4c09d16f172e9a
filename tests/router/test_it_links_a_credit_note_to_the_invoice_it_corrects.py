"""A credit note goes through intake and validation like an invoice (its negative amounts by the
same rules) and is linked to the vendor's invoice it names."""
from __future__ import annotations

import io
from decimal import Decimal

from django.core.management import call_command

from procurement.demo import seed_demo
from procurement.models import Invoice
from tests.router.conftest import text_pdf

GUTSCHRIFT = text_pdf([
    "Nordwind Bürobedarf GmbH, Hafenstraße 21, 20457 Hamburg",
    "USt-IdNr.: DE812345678",
    "Gutschrift Nr.: G-2026-0007        Datum: 20.02.2026",
    "Bezug: Rechnung RE-2026-0311 vom 14.02.2026",
    "Wir schreiben Ihnen für zurückgesandte Ware gut:",
    "Pos.  Bezeichnung                    Menge   Einzelpreis   Gesamt",
    "1     Ordner A4 80 mm, blau           -10     2,79          -27,90",
    "Nettobetrag   -27,90 EUR",
    "MwSt 19 %   -5,30 EUR",
    "Gesamtbetrag   -33,20 EUR",
], title="Gutschrift")


def test_the_credit_note_is_validated_and_linked_to_the_invoice_it_corrects(embedded, tmp_path,
                                                                           client, clerk):
    pdf_dir = tmp_path / "demo"
    seed_demo(pdf_dir=pdf_dir)
    credit_note = tmp_path / "gutschrift.pdf"
    credit_note.write_bytes(GUTSCHRIFT)
    call_command("ingest", str(pdf_dir / "02-nordwind-RE-2026-0311.pdf"), str(credit_note),
                 "--wait", "60", stdout=io.StringIO())

    original = Invoice.objects.get(invoice_number="RE-2026-0311", duplicate_of=None)
    note = Invoice.objects.get(invoice_number="G-2026-0007")
    assert (note.kind, note.corrects_number) == ("credit_note", "RE-2026-0311")
    assert note.corrects == original and note.vendor == original.vendor
    assert original.kind == "invoice"
    # Stored with the sign of a credit, so it lowers what the order is billed.
    assert (note.subtotal, note.tax, note.total) == (Decimal("-27.90"), Decimal("-5.30"),
                                                     Decimal("-33.20"))
    assert [(line.quantity, line.amount) for line in note.lines.all()] == [
        (Decimal("-10"), Decimal("-27.90"))]
    passed = {check["check"]: check["passed"] for check in note.checks}
    assert passed["arithmetic"] is True  # -27.90 + -5.30 = -33.20, signs kept

    client.force_login(clerk)
    html = client.get(f"/cases/{note.case.pk}/").content.decode()
    assert "Routed as credit note" in html
    assert f'corrects <a href="/cases/{original.case.pk}/">invoice RE-2026-0311</a>' in html
