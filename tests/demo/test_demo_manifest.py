"""manifest.json says what each demo invoice should come to, and the demo world makes it true.

These checks recompute every intended outcome from the seeded database, so an edit to the demo
data that quietly breaks a scenario (a price back within tolerance, a receipt that now covers
the quantity) fails here rather than in someone's end-to-end test.
"""
from __future__ import annotations

import json
from decimal import Decimal

from django.conf import settings

from procurement.demo import DOCUMENTS, render_invoice_pdf
from procurement.demo.seed import MANIFEST_NAME
from procurement.matching import iban_is_valid
from procurement.models import Finding, PurchaseOrder, Vendor
from procurement.tolerances import default_tolerances

# Every kind of the taxonomy but `unreadable`: a demo PDF is always readable (the clerk's desk
# tests hold a scan for that one); and but `credit_note_unlinked`: the demo documents are
# invoices (tests/validation/test_it_matches_a_credit_note_against_its_invoice_order.py).
EVERY_KIND = set(Finding.Kind.values) - {"unreadable", "credit_note_unlinked"}


def _manifest(pdf_dir) -> list[dict]:
    return json.loads((pdf_dir / MANIFEST_NAME).read_text())


def test_it_lists_every_file_with_its_intended_outcome(seeded, pdf_dir):
    manifest = _manifest(pdf_dir)
    assert [entry["file"] for entry in manifest] == [d.file for d in DOCUMENTS]
    for entry in manifest:
        assert (pdf_dir / entry["file"]).is_file()
        assert entry["expected"] in ("approved", "exception")
        assert (entry["expected"] == "approved") == (entry["discrepancies"] == [])
        assert set(entry["discrepancies"]) <= set(Finding.Kind.values)
        assert entry["invoice_number"] and entry["vendor"]
        assert bool(entry["po_number"]) != ("missing_po" in entry["discrepancies"])


def test_it_covers_every_discrepancy_kind_and_several_clean_invoices(seeded, pdf_dir):
    manifest = _manifest(pdf_dir)
    kinds = {kind for entry in manifest for kind in entry["discrepancies"]}
    assert kinds == EVERY_KIND
    assert sum(entry["expected"] == "approved" for entry in manifest) >= 5


def _vendors_for(spec) -> list[Vendor]:
    """The vendors on file the invoice points to: by its tax id, else by its name."""
    by_tax_id = [v for v in Vendor.objects.all() if spec.vendor_tax_id == v.tax_id]
    return by_tax_id or [v for v in Vendor.objects.all() if spec.vendor_name in v.names()]


def _same_bill(a, b) -> bool:
    """A resend under another number: the same lines, or the same total within a week."""
    lines = sorted((x.sku, x.quantity, x.unit_price) for x in a.lines)
    return lines == sorted((x.sku, x.quantity, x.unit_price) for x in b.lines) or (
        a.total == b.total and abs((a.invoice_date - b.invoice_date).days) <= 7
    )


def _facts(document) -> set[str]:
    """The discrepancies a correct validator must find, recomputed from the database."""
    spec, found = document.spec, set()
    vendors = _vendors_for(spec)
    vendor = vendors[0] if len(vendors) == 1 else None
    earlier = [d.spec for d in DOCUMENTS[: DOCUMENTS.index(document)]
               if d.spec.vendor_name == spec.vendor_name]
    copies = [e for e in earlier if e.invoice_number == spec.invoice_number]
    resent = [e for e in earlier if e.invoice_number != spec.invoice_number and _same_bill(e, spec)]
    if len(vendors) > 1:
        found.add("ambiguous_vendor")
    elif vendor is None:
        found.add("unknown_vendor")
    else:
        if not vendor.is_active:
            found.add("inactive_vendor")
        if spec.iban != vendor.iban:
            found.add("bank_account_changed")
        if copies:
            assert render_invoice_pdf(copies[0]) != render_invoice_pdf(spec)
            found.add("duplicate_invoice")
        elif resent:
            found.add("suspected_duplicate")
    if abs(spec.subtotal + spec.tax - spec.total) > settings.VALIDATION_ROUNDING_AMOUNT:
        found.add("arithmetic_error")
    if not spec.po_number:
        found.add("missing_po")
        return found
    order = PurchaseOrder.objects.filter(number=spec.po_number).first()
    if order is None:
        found.add("unknown_po")
        return found
    if vendor is not None and order.vendor != vendor:
        found.add("po_vendor_mismatch")
        return found
    if order.status != PurchaseOrder.Status.OPEN:
        found.add("closed_po")
    if order.currency != spec.currency:
        found.add("currency_mismatch")
    if spec.tax_rate != order.lines.first().tax_rate:
        found.add("tax_mismatch")
    received = order.received_quantities()
    lines = {line.sku: line for line in order.lines.all()}
    # What other invoices already billed on this order (not copies of this one: those are held
    # as duplicates already).
    billed_before = [e for e in earlier if e.po_number == spec.po_number
                     and e not in copies and e not in resent]
    tolerances = vendor.tolerances() if vendor else default_tolerances()
    limit = 1 + tolerances.price_pct / 100
    for printed in spec.lines:
        po_line = lines.get(printed.sku)
        if po_line is None:
            found.add("unmatched_line")
            continue
        if printed.unit_price > po_line.unit_price * limit:
            found.add("price_variance")
        else:
            assert printed.unit_price == po_line.unit_price  # clean means exactly the PO
        billed = sum((x.quantity for e in billed_before for x in e.lines if x.sku == printed.sku),
                     Decimal("0"))
        if printed.quantity > po_line.quantity - billed:
            found.add("quantity_variance")
        elif printed.quantity > received.get(po_line.pk, 0) - billed:
            found.add("billed_not_received")
    value = order.net_total()
    # this invoice at PO prices: a dearer price is a price_variance, not over-billing
    at_po_prices = sum((x.quantity * lines[x.sku].unit_price if x.sku in lines else x.amount
                        for x in spec.lines), Decimal("0"))
    billed_net = sum((e.subtotal for e in billed_before), Decimal("0")) + at_po_prices
    excess = billed_net - value
    if excess > min(tolerances.invoice_amount, value * tolerances.invoice_pct / 100):
        found.add("over_billing")
    return found


def test_each_intended_outcome_is_true_of_the_seeded_world(seeded):
    for document in DOCUMENTS:
        assert _facts(document) == set(document.discrepancies), document.file


def test_every_printed_iban_has_a_valid_checksum(seeded):
    # A changed bank account is a real-looking IBAN, not a typo a checksum would catch.
    for document in DOCUMENTS:
        assert iban_is_valid(document.spec.iban), document.file
