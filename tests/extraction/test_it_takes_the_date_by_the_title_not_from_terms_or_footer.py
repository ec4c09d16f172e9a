"""The invoice date is the one on or under the invoice's title, not a date in the terms text or
in the footer, and not the date on another document's title line (a delivery note)."""

import datetime as dt

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf_at

_TOTAL = [(200, 300, "Total"), (200, 470, "100.00")]


@pytest.mark.parametrize(
    "cells",
    [
        [
            (60, 50, "Our general terms of 01.01.2019 apply to all deliveries and services."),
            (80, 50, "Invoice 4711 of 14.03.2025"),
        ],
        [
            (80, 50, "Invoice 4711"),
            (95, 50, "14.03.2025"),
            (800, 50, "Price list dated 01.01.2024"),
        ],
        [
            (60, 50, "Delivery note 2201 of 01.03.2025"),
            (80, 50, "Invoice 4711"),
            (80, 400, "14.03.2025"),
        ],
        [
            (80, 50, "INVOICE"),
            (95, 50, "No. 4711"),
            (110, 50, "14 March 2025"),
            (800, 50, "Registered 02.05.2011, company no. 778812. Terms as of 01.01.2024."),
        ],
    ],
)
def test_it_takes_the_date_by_the_title_not_from_terms_or_footer(cells) -> None:
    inv = extract_invoice(make_pdf_at([(40, 50, "Fabrikam Ltd"), *cells, *_TOTAL]))
    assert (inv.invoice_date, inv.invoice_number) == (dt.date(2025, 3, 14), "4711")
