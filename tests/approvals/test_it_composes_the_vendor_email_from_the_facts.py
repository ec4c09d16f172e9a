"""The vendor email is written by code from the validation facts, one template per finding kind;
what is meant for our own staff (findings' messages, record ids, full account numbers) never
appears in it."""
from __future__ import annotations

from decimal import Decimal

from agents.exception.compose import (
    INTERNAL_KINDS,
    TEMPLATES,
    EmailFacts,
    FindingFacts,
    compose,
)
from procurement.models import Finding


def facts(*findings: FindingFacts) -> EmailFacts:
    return EmailFacts(
        vendor_name="Northwind Office Supplies GmbH", contact_name="Petra Vogel",
        manager_name="Sam Lee", manager_title="Category manager", invoice_number="INV-1",
        po_number="PO-1001", currency="EUR", total=Decimal("821.10"), findings=list(findings),
    )


def test_it_has_a_template_for_every_kind_a_vendor_can_act_on():
    assert set(TEMPLATES) | INTERNAL_KINDS == set(Finding.Kind.values)
    assert not set(TEMPLATES) & INTERNAL_KINDS


def test_it_writes_greeting_numbers_table_amount_request_and_signature():
    email = compose(facts(FindingFacts("price_variance", "80.00 EUR", "88.00 EUR", 2,
                                       "Toner cartridge black")))

    assert email.subject == "Invoice INV-1 / PO PO-1001: unit price above the order"
    assert email.body.startswith("Dear Petra Vogel,\n\n")
    assert "amount at stake: 821.10 EUR" in email.body
    assert "Line 2 (Toner cartridge black): unit price  80.00 EUR  88.00 EUR" in email.body
    assert "Please send a corrected invoice or a credit note" in email.body
    assert email.body.rstrip().endswith("Kind regards,\nSam Lee\nCategory manager")


def test_it_inserts_the_models_prose_as_a_paragraph_of_text():
    email = compose(facts(FindingFacts("arithmetic_error", "821.10 EUR", "812.10 EUR")),
                    prose="  Thank you for your invoice.  ")

    assert "821.10 EUR (the invoice total).\n\nThank you for your invoice.\n\nComparing" in (
        email.body
    )


def test_it_asks_about_new_bank_details_through_the_contact_on_file_with_accounts_masked():
    email = compose(facts(FindingFacts("bank_account_changed", "DE89370400440532013000",
                                       "GB29NWBK60161331926819")))

    assert "DE89370400440532013000" not in email.body
    assert "GB29NWBK60161331926819" not in email.body
    assert "ending 3000" in email.body and "ending 6819" in email.body
    assert "Sam Lee will call Petra Vogel on the telephone number we already hold" in email.body
    assert "please do not send bank details in reply" in email.body
    assert "by phone before paying" not in email.body


def test_it_says_nothing_about_our_records_for_a_duplicate():
    email = compose(facts(FindingFacts("duplicate_invoice", "a new invoice number", "INV-1")))

    assert "record" not in email.body.lower()
    assert "already received an invoice with this number" in email.body


def test_it_leaves_internal_kinds_out_of_the_email():
    email = compose(facts(
        FindingFacts("inactive_vendor", "", "Northwind Office Supplies GmbH"),
        FindingFacts("currency_mismatch", "EUR", "USD"),
    ))

    assert "inactive" not in email.body.lower()
    assert email.subject.endswith("currency differs from the order")
