"""Importing the vendor master from CSV: every column, the account manager, the contact, and
re-importing the same file changing nothing."""
from __future__ import annotations

from decimal import Decimal

from procurement.imports import VENDORS, csv_import
from procurement.models import StaffMember, Vendor, VendorContact
from tests.foundation.csv_files import csv_bytes

HEADER = (
    "legal_name,aliases,tax_id,email_domains,iban,bank_account_number,payment_terms_days,"
    "currency,is_active,account_manager_email,account_manager_name,price_tolerance_pct,"
    "quantity_tolerance_pct,amount_tolerance,contact_name,contact_email"
)
ACME = (
    "Acme GmbH,Acme|ACME Industrial,DE123456789,acme.example|@mail.acme.example,"
    "DE89 3704 0044 0532 0130 00,,45,eur,yes,Maria.Keller@ours.example,Maria Keller,2.5,,"
    "10.00,Jonas Weber,billing@acme.example"
)
BETA = "Beta Ltd,,GB999,,,12345678,30,GBP,no,,,,,,,"


def test_it_imports_every_vendor_column(db):
    report = csv_import(kind=VENDORS, content=csv_bytes(HEADER, ACME, BETA))

    assert report.ok, report.errors
    acme = Vendor.objects.get(legal_name="Acme GmbH")
    assert acme.aliases == ["Acme", "ACME Industrial"]
    assert acme.tax_id == "DE123456789"
    assert acme.email_domains == ["acme.example", "mail.acme.example"]
    assert acme.iban == "DE89370400440532013000"
    assert acme.payment_terms_days == 45
    assert acme.currency == "EUR"
    assert acme.is_active is True
    assert acme.price_tolerance_pct == Decimal("2.5")
    assert acme.quantity_tolerance_pct is None
    assert acme.amount_tolerance == Decimal("10.00")
    assert acme.tolerances().price_pct == Decimal("2.5")
    beta = Vendor.objects.get(legal_name="Beta Ltd")
    assert (beta.bank_account_number, beta.currency, beta.is_active) == ("12345678", "GBP", False)
    assert beta.account_manager is None


def test_it_creates_the_account_manager_when_missing_and_reuses_one_on_file(db):
    StaffMember.objects.create(name="Tom On File", email="tom@ours.example")
    content = csv_bytes(
        "legal_name,account_manager_email,account_manager_name",
        "Acme GmbH,maria@ours.example,Maria Keller",
        "Beta Ltd,TOM@ours.example,",
        "Gamma AG,maria@ours.example,",
    )

    report = csv_import(kind=VENDORS, content=content)

    assert report.ok, report.errors
    assert report.summary() == ("Imported 3 rows of vendors. vendors: 3 created, 0 updated, "
                                "0 unchanged; staff members: 1 created, 0 updated, 0 unchanged.")
    maria = StaffMember.objects.get(email="maria@ours.example")
    assert maria.name == "Maria Keller"
    assert Vendor.objects.get(legal_name="Gamma AG").account_manager == maria
    assert Vendor.objects.get(legal_name="Beta Ltd").account_manager.name == "Tom On File"
    assert StaffMember.objects.count() == 2


def test_it_refuses_an_unknown_account_manager_without_a_name(db):
    content = csv_bytes("legal_name,account_manager_email", "Acme GmbH,nobody@ours.example")

    report = csv_import(kind=VENDORS, content=content)

    assert [str(e) for e in report.errors] == [
        "row 2, account_manager_name: nobody@ours.example is not on file as a staff member; "
        "give their name so they can be added"
    ]
    assert not Vendor.objects.exists()


def test_it_adds_the_contact_as_primary_billing_contact(db):
    report = csv_import(kind=VENDORS, content=csv_bytes(HEADER, ACME))

    assert report.ok, report.errors
    contact = VendorContact.objects.get()
    assert (contact.name, contact.email, contact.is_primary) == (
        "Jonas Weber", "billing@acme.example", True)


def test_it_changes_nothing_when_the_same_file_is_imported_twice(db):
    content = csv_bytes(HEADER, ACME, BETA)
    first = csv_import(kind=VENDORS, content=content)
    before = list(Vendor.objects.order_by("pk").values())

    second = csv_import(kind=VENDORS, content=content)

    assert first.counts["vendors", "created"] == 2
    assert second.ok
    assert second.counts["vendors", "unchanged"] == 2
    assert second.counts["vendors", "created"] == second.counts["vendors", "updated"] == 0
    assert list(Vendor.objects.order_by("pk").values()) == before
    assert (StaffMember.objects.count(), VendorContact.objects.count()) == (1, 1)


def test_it_updates_by_legal_name_and_leaves_absent_columns_alone(acme):
    acme.iban = "DE89370400440532013000"
    acme.save()

    report = csv_import(kind=VENDORS, content=csv_bytes(
        "legal_name,payment_terms_days", "Acme Industrial Supplies GmbH,60"))

    assert report.ok, report.errors
    assert report.counts["vendors", "updated"] == 1
    acme.refresh_from_db()
    assert acme.payment_terms_days == 60
    assert acme.iban == "DE89370400440532013000"
    assert acme.tax_id == "DE123456789"


def test_it_clears_a_tolerance_override_given_as_an_empty_cell(acme):
    acme.price_tolerance_pct = Decimal("5")
    acme.save()

    report = csv_import(kind=VENDORS, content=csv_bytes(
        "legal_name,price_tolerance_pct", "Acme Industrial Supplies GmbH,"))

    assert report.ok, report.errors
    acme.refresh_from_db()
    assert acme.price_tolerance_pct is None


def test_it_reports_every_bad_vendor_cell_and_imports_nothing(db):
    content = csv_bytes(
        HEADER,
        "Acme GmbH,,,acme,DE89 3704 0044 0532 0130 01,,thirty,EURO,maybe,bob@,,-1,,1.005,,",
        "Acme GmbH,,,,,,,,,,,,,,Jonas,",
    )

    report = csv_import(kind=VENDORS, content=content)

    assert [str(e) for e in report.errors] == [
        'row 2, email_domains: "acme" is not a domain name, e.g. acme.example',
        'row 2, iban: "DE89 3704 0044 0532 0130 01" is not a valid IBAN: its check digits do not '
        "match; look for a mistyped character",
        'row 2, payment_terms_days: "thirty" is not a whole number',
        'row 2, currency: "EURO" is not a currency code; use the three-letter ISO 4217 code, '
        "e.g. EUR, USD, GBP",
        'row 2, is_active: "maybe" is not yes or no',
        'row 2, account_manager_email: "bob@" is not an email address',
        'row 2, price_tolerance_pct: "-1" is negative; a tolerance cannot be below zero',
        'row 2, amount_tolerance: "1.005" has 3 decimal places; at most 2 are kept',
        "row 3, contact_email: is empty, but contact_name is given",
    ]
    assert report.summary() == "Nothing was imported: 9 problems in the file."
    assert not Vendor.objects.exists()
    assert not StaffMember.objects.exists()


def test_it_refuses_the_same_vendor_twice_in_one_file(db):
    report = csv_import(kind=VENDORS, content=csv_bytes("legal_name", "Acme", "Beta", "ACME"))

    assert [str(e) for e in report.errors] == [
        "row 4, legal_name: this vendor appears twice: also on row 2"
    ]
    assert not Vendor.objects.exists()


def test_it_matches_a_vendor_on_file_whatever_the_case_of_its_legal_name(acme):
    report = csv_import(kind=VENDORS, content=csv_bytes(
        "legal_name,tax_id", "ACME INDUSTRIAL SUPPLIES GMBH,DE000"))

    assert report.ok, report.errors
    assert Vendor.objects.get() == acme
    acme.refresh_from_db()
    assert (acme.legal_name, acme.tax_id) == ("ACME INDUSTRIAL SUPPLIES GMBH", "DE000")


def test_it_refuses_payment_terms_out_of_range(db):
    report = csv_import(kind=VENDORS, content=csv_bytes(
        "legal_name,payment_terms_days", "Acme,99999999999", "Beta,-5"))

    assert [str(e) for e in report.errors] == [
        'row 2, payment_terms_days: "99999999999" must be between 0 and 3650',
        'row 3, payment_terms_days: "-5" must be between 0 and 3650',
    ]
