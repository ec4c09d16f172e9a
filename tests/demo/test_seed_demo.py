"""seed_demo builds a fixed demo world, and running it again changes nothing."""
from __future__ import annotations

from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from procurement.demo import DOCUMENTS, seed_demo
from procurement.demo.data import ORDERS
from procurement.demo.seed import MANIFEST_NAME
from procurement.matching import iban_is_valid
from procurement.models import (
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseOrder,
    PurchaseOrderLine,
    StaffMember,
    Vendor,
    VendorContact,
)

MODELS = (
    StaffMember, Vendor, VendorContact, PurchaseOrder, PurchaseOrderLine, GoodsReceipt,
    GoodsReceiptLine,
)


def _counts() -> dict[str, int]:
    from django.contrib.auth.models import User

    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts["User"] = User.objects.count()
    counts["memberships"] = User.groups.through.objects.count()
    return counts


def _snapshot(pdf_dir) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(pdf_dir.iterdir())}


def test_it_changes_nothing_on_a_second_run(seeded, pdf_dir):
    counts, files = _counts(), _snapshot(pdf_dir)
    vendor_stamps = list(Vendor.objects.values_list("legal_name", "updated_at"))

    again = seed_demo(pdf_dir=pdf_dir)

    assert not again.changed_anything
    assert _counts() == counts
    assert _snapshot(pdf_dir) == files  # same bytes, not even rewritten
    assert list(Vendor.objects.values_list("legal_name", "updated_at")) == vendor_stamps


def test_it_repairs_a_demo_row_someone_edited(seeded, pdf_dir):
    Vendor.objects.filter(legal_name="Acme Industrial Supplies Ltd").update(iban="")
    (pdf_dir / DOCUMENTS[0].file).write_bytes(b"not a pdf")

    again = seed_demo(pdf_dir=pdf_dir)

    assert again.updated["Vendor"] == 1
    assert again.files_written == [DOCUMENTS[0].file]
    assert iban_is_valid(Vendor.objects.get(legal_name="Acme Industrial Supplies Ltd").iban)


def test_it_seeds_vendors_in_three_currencies_with_what_validation_needs(seeded):
    vendors = list(Vendor.objects.all())
    assert len(vendors) == 9
    assert {v.currency for v in vendors} == {"EUR", "USD", "GBP"}
    for vendor in vendors:
        assert vendor.tax_id and vendor.email_domains and vendor.account_manager
        assert iban_is_valid(vendor.iban), vendor
        assert vendor.contacts.filter(is_primary=True).count() == 1
    assert sum(1 for v in vendors if v.aliases) >= 3
    # the vendor-file problems the demo invoices run into
    assert [v.legal_name for v in vendors if not v.is_active] == ["Marlow Packaging Ltd"]
    assert sorted(v.legal_name for v in vendors if v.tax_id == "GB419520013") == [
        "Halden Electrical Wholesale Ltd", "Halden Electrical Wholesale Ltd (Glasgow branch)"]


def test_it_seeds_orders_with_full_and_partial_receipts(seeded):
    assert PurchaseOrder.objects.count() == len(ORDERS) == 17
    assert dict(PurchaseOrder.objects.exclude(status="open").values_list("number", "status")) == {
        "PO-2026-0011": "closed"}
    partial = []
    for order in PurchaseOrder.objects.prefetch_related("lines"):
        assert order.currency == order.vendor.currency
        received = order.received_quantities()
        for line in order.lines.all():
            assert line.sku and line.unit_of_measure and line.tax_rate > 0
            if received[line.pk] < line.quantity:
                partial.append((order.number, line.sku))
    assert partial == [("PO-2026-0015", "NW-STL-ERG")]
    chairs = PurchaseOrderLine.objects.get(sku="NW-STL-ERG")
    assert chairs.order.received_quantities()[chairs.pk] == Decimal("25")


def test_it_writes_a_pdf_per_document_and_the_manifest(seeded, pdf_dir):
    names = {p.name for p in pdf_dir.iterdir()}
    assert names == {d.file for d in DOCUMENTS} | {MANIFEST_NAME}
    assert len(DOCUMENTS) == 24


def test_the_command_reports_and_takes_a_pdf_dir(db, settings, tmp_path):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--pdf-dir", str(tmp_path / "elsewhere"), stdout=out)
    assert (tmp_path / "elsewhere" / MANIFEST_NAME).exists()
    assert "Demo logins: clerk, approver, approver2, admin" in out.getvalue()

    out = StringIO()
    call_command("seed_demo", "--pdf-dir", str(tmp_path / "elsewhere"), stdout=out)
    assert "Created: nothing" in out.getvalue()
    assert "Updated: nothing" in out.getvalue()
    assert "0 written" in out.getvalue()
