"""The finding taxonomy of issue #9: the coarse kinds are split so clerks can filter and report.

Existing findings are renamed; the two kinds that were split (missing_po and quantity) are told
apart by the sentence the old rules wrote, which is the only place the distinction was kept.
"""

from django.db import migrations, models

RENAMED = {
    "duplicate": "duplicate_invoice",
    "tax_arithmetic": "arithmetic_error",
    "bank_account": "bank_account_changed",
    "currency": "currency_mismatch",
    "price": "price_variance",
}

# (old kind, words in the old rule's message, new kind), in order; what is left of "missing_po"
# stays (no PO quoted), what is left of "quantity" was "more than ordered".
SPLIT = [
    ("missing_po", "does not exist", "unknown_po"),
    ("missing_po", "another vendor", "po_vendor_mismatch"),
    ("missing_po", "not open", "closed_po"),
    ("quantity", "is not on purchase order", "unmatched_line"),
    ("quantity", "received", "billed_not_received"),
    ("quantity", "", "quantity_variance"),
]


def forwards(apps, schema_editor):
    Finding = apps.get_model("procurement", "Finding")
    for old, new in RENAMED.items():
        Finding.objects.filter(kind=old).update(kind=new)
    for old, words, new in SPLIT:
        Finding.objects.filter(kind=old, message__contains=words).update(kind=new)


def backwards(apps, schema_editor):
    Finding = apps.get_model("procurement", "Finding")
    for old, new in RENAMED.items():
        Finding.objects.filter(kind=new).update(kind=old)
    Finding.objects.filter(kind__in=["unknown_po", "po_vendor_mismatch", "closed_po"]).update(
        kind="missing_po"
    )
    Finding.objects.filter(
        kind__in=["unmatched_line", "billed_not_received", "quantity_variance", "over_billing"]
    ).update(kind="quantity")
    # Kinds that did not exist before become the closest old kind, so nothing is lost.
    Finding.objects.filter(kind__in=["suspected_duplicate"]).update(kind="duplicate")
    Finding.objects.filter(kind__in=["tax_mismatch"]).update(kind="tax_arithmetic")
    Finding.objects.filter(kind__in=["ambiguous_vendor"]).update(kind="unknown_vendor")


class Migration(migrations.Migration):

    dependencies = [
        ('procurement', '0006_document_created_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='finding',
            name='kind',
            field=models.CharField(choices=[('unknown_vendor', 'Unknown vendor'), ('ambiguous_vendor', 'Ambiguous vendor'), ('inactive_vendor', 'Inactive vendor'), ('duplicate_invoice', 'Duplicate invoice'), ('suspected_duplicate', 'Suspected duplicate'), ('arithmetic_error', 'Figures do not add up'), ('tax_mismatch', 'Tax differs from the rate on file'), ('missing_po', 'No PO quoted'), ('unknown_po', 'Unknown PO'), ('closed_po', 'PO not open'), ('po_vendor_mismatch', 'PO of another vendor'), ('currency_mismatch', 'Currency differs from PO'), ('price_variance', 'Price differs from PO'), ('quantity_variance', 'More than ordered'), ('unmatched_line', 'Line not on the PO'), ('billed_not_received', 'Billed but not received'), ('over_billing', 'PO billed beyond its value'), ('bank_account_changed', 'Bank account changed'), ('unreadable', 'Required fields could not be read')], max_length=32),
        ),
        migrations.RunPython(forwards, backwards),
    ]
