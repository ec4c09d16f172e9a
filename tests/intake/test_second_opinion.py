"""The LLM's answer about unsure fields is untrusted input: parsed by our parsers, capped, and
cross-checked by arithmetic before anything downstream sees it.
"""
from datetime import date
from decimal import Decimal

from agents.intake.extraction import InvoiceExtraction
from agents.intake.second_opinion import LLM_CONFIDENCE_CAP, merge_readings
from agents.llm.tasks import FieldReading, ReadFields


def _unsure() -> InvoiceExtraction:
    return InvoiceExtraction(
        vendor_name="Kestrel Facility Services Ltd", invoice_number=None, invoice_date=None,
        subtotal=Decimal("100.00"), tax=Decimal("20.00"), total=None,
        confidence={"vendor_name": 0.9, "subtotal": 0.8, "tax": 0.8},
    )


def _readings(**values: tuple[str, float]) -> ReadFields:
    return ReadFields(fields=[FieldReading(name=n, value=v, confidence=c)
                              for n, (v, c) in values.items()])


def test_it_takes_values_it_can_parse_with_capped_confidence():
    merged, taken = merge_readings(_unsure(), _readings(
        invoice_number=(" KFS-2026-0213 ", 0.99), invoice_date=("2. März 2026", 0.95),
        total=("120,00", 0.97),
    ))

    assert taken == ["invoice_number", "invoice_date", "total"]
    assert merged.invoice_number == "KFS-2026-0213"
    assert merged.invoice_date == date(2026, 3, 2)
    assert merged.total == Decimal("120.00")
    assert merged.confidence["invoice_number"] == LLM_CONFIDENCE_CAP
    assert "read by the LLM: invoice_number, invoice_date, total" in merged.warnings


def test_it_drops_values_that_do_not_parse():
    merged, taken = merge_readings(_unsure(), _readings(
        invoice_date=("the second of never", 0.9), total=("about a hundred", 0.9),
    ))

    assert taken == []
    assert merged.invoice_date is None and merged.total is None


def test_it_distrusts_a_total_that_breaks_the_arithmetic():
    merged, _ = merge_readings(_unsure(), _readings(total=("150.00", 0.99)))

    assert merged.total == Decimal("150.00")  # kept as read, never silently "fixed"
    assert merged.confidence["total"] < 0.5
    assert any("!= total" in warning for warning in merged.warnings)


def test_it_leaves_the_original_extraction_untouched():
    original = _unsure()

    merge_readings(original, _readings(invoice_number=("X-1", 0.9)))

    assert original.invoice_number is None and original.warnings == []
