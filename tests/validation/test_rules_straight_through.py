from agents.validation.rules import evaluate
from tests.validation.factories import invoice, order, vendor


def test_it_passes_an_invoice_that_matches_its_order_and_receipts():
    verdict = evaluate(invoice(), vendor=vendor(), order=order(), duplicates=[])

    assert verdict.findings == []
    assert verdict.is_clean
    assert [(m.line_no, m.po_line_id, m.how) for m in verdict.matches] == [
        (1, 101, "sku"), (2, 102, "sku")
    ]
