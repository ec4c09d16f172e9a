"""Group rows in a line table name or sum the rows below them; they are not items, and their
words do not end up in another item's description."""

from decimal import Decimal

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf

_HEAD = [
    [(50, "Nordic Parts Ltd")],
    [(50, "Invoice No. NP-2025-4"), (400, "Date: 2025-03-02")],
    [(50, "Description"), (300, "Qty"), (380, "Unit price"), (470, "Amount")],
]
_TOTALS = [
    [],
    [(250, "Subtotal"), (470, "150.00")],
    [(250, "VAT 20%"), (470, "30.00")],
    [(250, "Total"), (470, "180.00")],
]


def _lines(rows):
    inv = extract_invoice(make_pdf([*_HEAD, *rows, *_TOTALS]))
    return [(ln.description, ln.quantity, ln.amount) for ln in inv.lines]


def test_a_group_name_between_rows_is_not_the_row_above_s_description() -> None:
    assert _lines(
        [
            [(50, "--- Hardware ---")],
            [(50, "Gear set"), (300, "2"), (380, "50.00"), (470, "100.00")],
            [(50, "Services")],
            [(50, "Fitting"), (300, "1"), (380, "50.00"), (470, "50.00")],
        ]
    ) == [
        ("Gear set", Decimal("2"), Decimal("100.00")),
        ("Fitting", Decimal("1"), Decimal("50.00")),
    ]


def test_a_group_row_with_the_sum_of_its_rows_is_not_an_item() -> None:
    assert _lines(
        [
            [(50, "Room 1"), (470, "100.00")],
            [(70, "Gear set"), (300, "2"), (380, "50.00"), (470, "100.00")],
            [(50, "Room 2"), (470, "50.00")],
            [(70, "Fitting"), (300, "1"), (380, "50.00"), (470, "50.00")],
        ]
    ) == [
        ("Gear set", Decimal("2"), Decimal("100.00")),
        ("Fitting", Decimal("1"), Decimal("50.00")),
    ]


def test_rows_with_only_an_amount_that_sum_nothing_stay_items() -> None:
    assert _lines(
        [
            [(50, "Call-out fee"), (470, "100.00")],
            [(50, "Travel"), (470, "50.00")],
        ]
    ) == [("Call-out fee", None, Decimal("100.00")), ("Travel", None, Decimal("50.00"))]


def test_a_note_or_a_bundle_part_under_a_row_stays_that_row_s_text() -> None:
    assert _lines(
        [
            [(50, "Gear set"), (300, "2"), (380, "50.00"), (470, "100.00")],
            [(50, "Delivered in a re-usable crate to your site")],
            [(50, "Fitting"), (300, "1"), (380, "50.00"), (470, "50.00")],
            [(70, "Mounting kit 12 mm")],
            [(50, "Freight"), (300, "1"), (380, "0.00"), (470, "0.00")],
        ]
    )[:2] == [
        ("Gear set Delivered in a re-usable crate to your site", Decimal("2"), Decimal("100.00")),
        ("Fitting Mounting kit 12 mm", Decimal("1"), Decimal("50.00")),
    ]
