"""A list of charges without a table header (a name and an amount per row, each row's breakdown
indented under it) is read as the invoice's lines when the amounts add up to its total; no
quantity or unit price is made up. A summary row with its breakdown is not a list of items, and
rows that do not add up to the invoice's net or total are not taken."""

from decimal import Decimal

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


def _invoice(detail: list[tuple[str, str]]) -> bytes:
    rows = [
        [(50, "Cloudforge Hosting Ltd")],
        [(300, "Invoice Number:"), (480, "CF-88213")],
        [(300, "Invoice Date:"), (480, "2025-02-01")],
        [],
        [(50, "Summary")],
        [(60, "Hosting charges"), (500, "$12.40")],
        [(75, "Charges"), (500, "$12.40")],
        [(75, "Credits"), (500, "$0.00")],
        [(50, "Total for this invoice"), (500, "$12.40")],
        [],
        [(50, "Detail")],
    ]
    for name, amount in detail:
        rows += [[(60, name), (500, amount)], [(75, "Charges"), (500, amount)], [(75, "VAT"),
                                                                                 (500, "$0.00")]]
    return make_pdf(rows)


def test_it_reads_a_list_of_charges_without_a_table_header() -> None:
    inv = extract_invoice(
        _invoice([("Object Storage", "$2.15"), ("Virtual Machines", "$9.80"),
                  ("Data Transfer", "$0.45")])
    )
    assert [(ln.description, ln.quantity, ln.unit_price, ln.amount) for ln in inv.lines] == [
        ("Object Storage", None, None, Decimal("2.15")),
        ("Virtual Machines", None, None, Decimal("9.80")),
        ("Data Transfer", None, None, Decimal("0.45")),
    ]
    assert inv.total == Decimal("12.40")
    assert not any("line amounts sum" in w for w in inv.warnings)


@pytest.mark.parametrize(
    "detail",
    [
        [("Object Storage", "$2.15"), ("Virtual Machines", "$9.80")],  # 11.95, not 12.40
        [("Object Storage", "$12.40")],  # one row is no list
    ],
)
def test_it_takes_no_list_that_is_not_the_invoice_s_lines(detail) -> None:
    assert extract_invoice(_invoice(detail)).lines == []
