from agents.validation.facts import DuplicateFacts
from agents.validation.rules import evaluate
from tests.validation.factories import invoice, order, vendor


def kinds(verdict):
    return [f.kind for f in verdict.findings]


def test_it_flags_an_unknown_vendor():
    verdict = evaluate(invoice(vendor_name="Globex Ltd"), vendor=None, order=order(),
                       duplicates=[])

    assert kinds(verdict) == ["unknown_vendor"]
    assert "Globex Ltd" in verdict.findings[0].message


def test_it_flags_an_invoice_without_a_po_number():
    verdict = evaluate(invoice(po_number=""), vendor=vendor(), order=None, duplicates=[])

    assert kinds(verdict) == ["missing_po"]


def test_it_flags_a_po_number_that_does_not_exist():
    verdict = evaluate(invoice(po_number="PO-9999"), vendor=vendor(), order=None, duplicates=[])

    assert kinds(verdict) == ["unknown_po"]
    assert "PO-9999 does not exist" in verdict.findings[0].message


def test_it_flags_a_po_of_another_vendor():
    verdict = evaluate(invoice(), vendor=vendor(), order=order(vendor_id=2), duplicates=[])

    assert kinds(verdict) == ["po_vendor_mismatch"]


def test_it_flags_a_changed_bank_account_ignoring_spacing():
    same = evaluate(invoice(iban="de89 3704 0044 0532 0130 00"), vendor=vendor(), order=order(),
                    duplicates=[])
    changed = evaluate(invoice(iban="GB29NWBK60161331926819"), vendor=vendor(), order=order(),
                       duplicates=[])

    assert kinds(same) == []
    assert kinds(changed) == ["bank_account_changed"]
    assert changed.findings[0].actual == "GB29NWBK60161331926819"


def test_it_flags_a_duplicate_but_not_the_invoice_itself():
    me = DuplicateFacts(invoice_id=1, invoice_number="INV-1")
    earlier = DuplicateFacts(invoice_id=7, invoice_number="INV-1")

    assert kinds(evaluate(invoice(), vendor=vendor(), order=order(), duplicates=[me])) == []
    assert kinds(evaluate(invoice(), vendor=vendor(), order=order(),
                          duplicates=[me, earlier])) == ["duplicate_invoice"]
