"""The invoice date is not the date a browser printed the page with, nor a stylesheet's date;
and an ambiguous 11/5/23 on a page printed in June 2023 is 11 May, not 5 November."""

import datetime as dt

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf_at


def test_it_does_not_take_a_browser_print_stamp_as_the_invoice_date() -> None:
    inv = extract_invoice(
        make_pdf_at(
            [
                (12, 30, "23.06.23, 11:09"),
                (12, 300, "Invoice | Planwise"),
                (60, 30, "11/5/23"),
                (90, 30, "Invoice ID #7kq2"),
                (120, 30, "Team plan, 3 seats"),
                (120, 400, "$72.00"),
                (140, 30, "Total"),
                (140, 400, "$72.00"),
                (820, 30, "https://app.planwise.example/invoices/7kq2"),
            ]
        )
    )
    assert inv.invoice_date == dt.date(2023, 5, 11)


def test_it_does_not_take_a_stylesheet_date_as_the_invoice_date() -> None:
    inv = extract_invoice(
        make_pdf_at(
            [
                (40, 40, "Stylesheet-Version: 2.0 vom 18.10.2018"),
                (70, 40, "Musterfirma Beispiel GmbH"),
                (100, 40, "Bremen, 3. März 2025"),
                (130, 40, "Wartung Lüftung"),
                (130, 400, "200,00 €"),
                (150, 40, "Gesamtbetrag"),
                (150, 400, "200,00 €"),
            ]
        )
    )
    assert inv.invoice_date == dt.date(2025, 3, 3)
