"""An invoice printed from a web page carries the page's title beside the print stamp; with no
legal form or seller label on the page, that title names the seller, not the customer's name
printed at the top."""

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf_at


def _web_print(title: str) -> bytes:
    return make_pdf_at(
        [
            (12, 30, "23.06.23, 11:09"),
            (12, 300, title),
            (60, 30, "11/5/23"),
            (80, 30, "Northwind"),
            (100, 30, "Invoice ID #7kq2"),
            (130, 30, "Team plan, 3 seats"),
            (130, 400, "$72.00"),
            (150, 30, "Total"),
            (150, 400, "$72.00"),
            (820, 30, "https://app.planwise.example/invoices/7kq2"),
        ]
    )


def test_it_names_a_web_printed_invoice_s_seller_from_its_page_title() -> None:
    assert extract_invoice(_web_print("Invoice | Planwise")).vendor_name == "Planwise"
    assert extract_invoice(_web_print("Planwise - Receipt")).vendor_name == "Planwise"


def test_a_page_title_that_names_no_invoice_is_not_a_seller() -> None:
    assert extract_invoice(_web_print("My account | Settings")).vendor_name != "Settings"
