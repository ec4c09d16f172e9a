"""A receipt that prints no invoice number is filed under the booking it confirms; an invoice
number, where printed, still wins."""

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


@pytest.mark.parametrize(
    ("extra", "number"),
    [(None, "HX7731Q"), ((50, "Invoice No. RC-2025-118"), "RC-2025-118")],
)
def test_it_files_a_receipt_under_its_booking_id(extra, number) -> None:
    rows = [
        [(50, "PAYMENT RECEIPT")],
        [(50, "Guest: A. Rivera"), (400, "Date: 14/02/2025")],
        [(300, "Check In"), (400, "Booking ID")],
        [(300, "14/02/2025"), (400, "HX7731Q")],
        [(50, "Room Charges"), (480, "Rs 2400")],
        [(50, "Grand Total"), (480, "Rs 2400")],
    ]
    if extra:
        rows.insert(1, [extra])
    assert extract_invoice(make_pdf(rows)).invoice_number == number
