from tests.validation.factories import check


def test_it_passes_an_invoice_that_matches_its_order_and_receipts():
    verdict = check()

    assert verdict.findings == []
    assert verdict.is_clean
    assert [(m.line_no, m.po_line_id, m.how) for m in verdict.matches] == [
        (1, 101, "sku"), (2, 102, "sku")
    ]


def test_it_records_every_check_it_ran_and_that_each_passed():
    verdict = check()

    assert [(c.check, c.passed) for c in verdict.checks] == [
        ("vendor", True), ("duplicates", True), ("bank_account", True), ("arithmetic", True),
        ("purchase_order", True), ("lines", True), ("prices", True), ("quantities", True),
        ("over_billing", True), ("tax", True),
    ]
    assert all(c.detail for c in verdict.checks)


def test_it_records_the_checks_that_failed_or_could_not_run():
    verdict = check(vendor_facts=None)

    outcome = {c.check: c.passed for c in verdict.checks}
    assert outcome["vendor"] is False
    assert outcome["duplicates"] is None  # no vendor to compare with
