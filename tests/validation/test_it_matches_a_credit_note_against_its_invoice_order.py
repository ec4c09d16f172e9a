"""A credit note rarely quotes the purchase order: linked to the invoice it corrects, it is
matched against that invoice's order (and lowers what the order is billed); one whose invoice is
not on file is held as credit_note_unlinked, never as a missing PO."""
from __future__ import annotations

from decimal import Decimal as D

from tests.validation.conftest import receive, validate_document


def _credit_note(number, corrects_number, widgets="-2"):
    return receive(number=number, widgets=widgets, po_number="", kind="credit_note",
                   corrects_number=corrects_number)


def test_a_linked_credit_note_is_matched_against_the_order_of_its_invoice(world):
    from procurement.models import Invoice

    assert validate_document(receive(number="A-1", widgets="10")) == []
    note_id = _credit_note("CN-1", "A 1")

    assert validate_document(note_id) == []
    note = Invoice.objects.get(document_id=note_id)
    assert note.corrects.invoice_number == "A-1"
    assert note.purchase_order == world.order
    assert note.status == "matched"
    assert {c["check"]: (c["passed"], c["detail"]) for c in note.checks}["credit_note"] == (
        True, "Corrects invoice A-1, purchase order PO-7001.")
    # Its credit lowers what the order is billed: 2 more widgets may be billed again.
    assert validate_document(receive(number="A-2", widgets="2")) == []
    assert Invoice.objects.get(invoice_number="A-2").findings.count() == 0


def test_a_linked_credit_note_without_any_order_is_not_held_for_a_missing_po(world):
    from procurement.models import Invoice

    assert validate_document(receive(number="B-1", po_number="")) == ["missing_po"]
    note_id = _credit_note("CN-2", "B-1")

    assert validate_document(note_id) == []
    assert Invoice.objects.get(document_id=note_id).purchase_order is None


def test_a_credit_note_whose_invoice_is_not_on_file_is_held_for_the_clerk(world):
    from procurement.models import Invoice

    note_id = _credit_note("CN-3", "A-999")

    assert validate_document(note_id) == ["credit_note_unlinked"]
    [finding] = Invoice.objects.get(document_id=note_id).findings.all()
    assert finding.message == (
        "This credit note corrects invoice A-999, which is not on file for Acme Industrial"
        " Supplies GmbH. Find the invoice it corrects before booking it.")
    assert (finding.expected, finding.actual, finding.get_kind_display()) == (
        "an invoice we received", "A-999", "Credited invoice not on file")
    assert Invoice.objects.get(document_id=note_id).total == D("-11.90")


def test_a_credit_note_naming_no_invoice_says_so(world):
    from procurement.models import Invoice

    note_id = _credit_note("CN-4", "")

    assert validate_document(note_id) == ["credit_note_unlinked"]
    assert Invoice.objects.get(document_id=note_id).findings.get().message == (
        "This credit note does not say which invoice it corrects. Find the invoice of Acme"
        " Industrial Supplies GmbH it corrects before booking it.")
