"""Another vendor's invoice quoting our order (held as po_vendor_mismatch) bills nothing on it:
the order's own vendor may still bill everything it delivered."""
from __future__ import annotations

from tests.validation.conftest import receive, validate_document


def test_another_vendors_invoice_on_the_order_does_not_use_up_its_quantities(world):
    from procurement.models import Vendor

    Vendor.objects.create(legal_name="Kestrel Facility Services Ltd", tax_id="GB287654321",
                          currency="EUR")
    stray = receive(number="KFS-1", vendor_name="Kestrel Facility Services Ltd",
                    tax_id="GB287654321", iban="")
    assert validate_document(stray) == ["po_vendor_mismatch"]

    own = receive(number="INV-1")

    assert validate_document(own) == []  # 10 of 10 widgets, 50.00 of 50.00: nothing billed yet


def test_an_invoice_whose_vendor_is_not_resolved_yet_still_counts(world):
    unresolved = receive(number="X-1", vendor_name="Someone Unknown", tax_id="", iban="")
    assert validate_document(unresolved) == ["unknown_vendor"]

    own = receive(number="INV-1")

    assert validate_document(own) == ["over_billing", "quantity_variance"]
