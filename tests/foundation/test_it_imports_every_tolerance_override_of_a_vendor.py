"""An AP admin sets every per-vendor override of the matching tolerances, and the vendor's VAT
rate, from the vendor CSV: what the admin's vendor page can set, the import can set too."""
from __future__ import annotations

from decimal import Decimal

from procurement.imports import VENDORS, csv_import, csv_template
from procurement.models import Vendor
from procurement.tolerances import default_tolerances
from tests.foundation.csv_files import csv_bytes

HEADER = ("legal_name,tax_rate,price_tolerance_pct,price_tolerance_amount,"
          "quantity_tolerance_pct,invoice_tolerance_pct,amount_tolerance")


def test_it_imports_each_override_and_the_validation_uses_them(db, settings):
    settings.VALIDATION_FREIGHT_TOLERANCE_AMOUNT = Decimal("7.50")

    report = csv_import(kind=VENDORS, content=csv_bytes(HEADER, "Acme GmbH,19,3,40.00,5,1.5,25.00"))

    assert report.ok, report.errors
    acme = Vendor.objects.get(legal_name="Acme GmbH")
    assert acme.tax_rate == Decimal("19")
    assert acme.tolerances() == default_tolerances(
        price_pct=Decimal("3"), price_amount=Decimal("40.00"), quantity_pct=Decimal("5"),
        invoice_pct=Decimal("1.5"), invoice_amount=Decimal("25.00"),
    )
    assert acme.tolerances().freight_amount == Decimal("7.50")  # no override: the default


def test_it_clears_overrides_given_as_empty_cells_and_leaves_absent_columns_alone(db):
    csv_import(kind=VENDORS, content=csv_bytes(HEADER, "Acme GmbH,19,3,40.00,5,1.5,25.00"))

    report = csv_import(kind=VENDORS, content=csv_bytes(
        "legal_name,price_tolerance_amount,invoice_tolerance_pct", "Acme GmbH,,"))

    assert report.ok, report.errors
    acme = Vendor.objects.get(legal_name="Acme GmbH")
    assert (acme.price_tolerance_amount, acme.invoice_tolerance_pct) == (None, None)
    assert (acme.tax_rate, acme.price_tolerance_pct, acme.amount_tolerance) == (
        Decimal("19.000"), Decimal("3.000"), Decimal("25.00"))


def test_it_refuses_bad_override_cells_naming_each(db):
    report = csv_import(kind=VENDORS, content=csv_bytes(HEADER, "Acme GmbH,-19,,1.005,,lots,"))

    assert [str(e) for e in report.errors] == [
        'row 2, tax_rate: "-19" is negative; a tax rate cannot be below zero',
        'row 2, price_tolerance_amount: "1.005" has 3 decimal places; at most 2 are kept',
        'row 2, invoice_tolerance_pct: "lots" is not a number',
    ]
    assert not Vendor.objects.exists()


def test_the_template_offers_every_override_column():
    header = csv_template(kind=VENDORS).splitlines()[0].split(",")

    assert {"tax_rate", "price_tolerance_pct", "price_tolerance_amount", "quantity_tolerance_pct",
            "invoice_tolerance_pct", "amount_tolerance"} <= set(header)
