"""Findings recorded under the old coarse kinds are renamed into the taxonomy, the split kinds
told apart by the sentence the old rules wrote.
"""
from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("procurement", "0006_document_created_index")]
AFTER = [("procurement", "0007_finding_taxonomy")]

OLD_TO_NEW = [
    ("duplicate", "Invoice 7 from this vendor was already received.", "duplicate_invoice"),
    ("tax_arithmetic", "Subtotal plus tax is not the total.", "arithmetic_error"),
    ("bank_account", "The IBAN printed is not the one on file.", "bank_account_changed"),
    ("currency", "The invoice is in USD, the PO in EUR.", "currency_mismatch"),
    ("price", "Line 1: unit price is 6.0% above the PO price.", "price_variance"),
    ("missing_po", "The invoice quotes no purchase order number.", "missing_po"),
    ("missing_po", "Purchase order PO-9 does not exist in the PO file.", "unknown_po"),
    ("missing_po", "Purchase order PO-1 was issued to another vendor.", "po_vendor_mismatch"),
    ("missing_po", "Purchase order PO-1 is closed, not open.", "closed_po"),
    ("quantity", "Line 2 ('Freight') is not on purchase order PO-1.", "unmatched_line"),
    ("quantity", "Line 1 (Chairs): invoiced 40, but 25 received.", "billed_not_received"),
    ("quantity", "Line 1 (Chairs): invoiced 40, but 30 ordered.", "quantity_variance"),
    ("unknown_vendor", "No vendor on file matches.", "unknown_vendor"),
]


def test_it_renames_and_splits_the_old_kinds():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    document = old.get_model("procurement", "Document").objects.create(
        sha256="0" * 64, original_filename="a.pdf", storage_path="a.pdf", source="cli",
        size_bytes=1,
    )
    invoice = old.get_model("procurement", "Invoice").objects.create(document=document)
    Finding = old.get_model("procurement", "Finding")
    ids = [Finding.objects.create(invoice=invoice, kind=kind, message=message).pk
           for kind, message, _ in OLD_TO_NEW]

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("procurement", "Finding")

    kinds = dict(new.objects.filter(pk__in=ids).values_list("pk", "kind"))
    assert [kinds[pk] for pk in ids] == [kind for _, _, kind in OLD_TO_NEW]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
