import datetime as dt
from decimal import Decimal

from agents.intake.extraction import extract_invoice, page_count

from .pdfs import english_invoice, french_invoice, german_invoice


def test_it_reads_a_german_invoice_with_comma_decimals() -> None:
    inv = extract_invoice(german_invoice())
    assert inv.vendor_name == "Musterbau Schmidt GmbH"
    assert inv.invoice_number == "RE-2024-0815"
    assert inv.invoice_date == dt.date(2024, 3, 15)
    assert inv.due_date == dt.date(2024, 3, 29)
    assert inv.po_number == "PO-77812"
    assert inv.currency == "EUR"
    assert (inv.subtotal, inv.tax, inv.total) == (
        Decimal("1037.00"),
        Decimal("197.03"),
        Decimal("1234.03"),
    )
    assert inv.iban == "DE89370400440532013000"
    assert inv.vendor_tax_id == "DE123456789"
    assert [(ln.description, ln.quantity, ln.unit_price, ln.amount) for ln in inv.lines] == [
        ("Montagearbeiten Halle 3", Decimal("10"), Decimal("100.00"), Decimal("1000.00")),
        ("Kleinmaterial", Decimal("1"), Decimal("37.00"), Decimal("37.00")),
    ]
    assert inv.confidence["total"] >= 0.9
    assert inv.warnings == []


def test_it_reads_a_french_invoice_with_space_thousands() -> None:
    inv = extract_invoice(french_invoice())
    assert inv.vendor_name == "Atelier Dupont SARL"
    assert inv.invoice_number == "FA-2024-117"
    assert inv.invoice_date == dt.date(2024, 2, 5)
    assert inv.due_date == dt.date(2024, 3, 5)
    assert inv.currency == "EUR"
    assert (inv.subtotal, inv.tax, inv.total) == (
        Decimal("2500.00"),
        Decimal("500.00"),
        Decimal("3000.00"),
    )
    assert [(ln.quantity, ln.unit_price, ln.amount) for ln in inv.lines] == [
        (Decimal("2"), Decimal("1250.00"), Decimal("2500.00"))
    ]
    assert inv.vendor_tax_id == "FR40303265045"


def test_it_reads_an_english_invoice_with_a_line_item_table() -> None:
    inv = extract_invoice(english_invoice())
    assert inv.vendor_name == "Northwind Traders Inc."
    assert inv.invoice_number == "INV-10042"
    assert inv.invoice_date == dt.date(2024, 3, 14)
    assert inv.due_date == dt.date(2024, 4, 13)
    assert inv.po_number == "4500012345"
    assert inv.currency == "USD"
    assert inv.total == Decimal("1650.00")
    assert [ln.description for ln in inv.lines] == ["Widget A", "Widget B", "Installation"]
    assert sum(ln.amount for ln in inv.lines if ln.amount) == inv.subtotal
    assert inv.evidence["total"].page == 0
    assert len(inv.evidence["total"].bbox) == 4


def test_it_produces_the_cli_shape() -> None:
    out = extract_invoice(english_invoice()).to_cli_dict()
    assert set(out) == {
        "vendor_name",
        "vendor_tax_id",
        "invoice_number",
        "invoice_date",
        "due_date",
        "currency",
        "po_number",
        "subtotal",
        "tax",
        "total",
        "iban",
        "lines",
        "confidence",
    }
    assert out["invoice_date"] == "2024-03-14"
    assert out["total"] == "1650.00"
    assert out["iban"] is None
    assert set(out["lines"][0]) == {"description", "quantity", "unit_price", "amount", "sku"}
    assert all(0.0 <= v <= 1.0 for v in out["confidence"].values())


def test_it_lowers_confidence_when_totals_do_not_add_up() -> None:
    good = extract_invoice(english_invoice())
    bad = extract_invoice(english_invoice(total="$1,700.00"))
    assert bad.total == Decimal("1700.00")  # reported as printed, never "fixed"
    assert bad.confidence["total"] < good.confidence["total"]
    assert any("!= total" in w for w in bad.warnings)


def test_it_counts_pages() -> None:
    assert page_count(german_invoice()) == 1
