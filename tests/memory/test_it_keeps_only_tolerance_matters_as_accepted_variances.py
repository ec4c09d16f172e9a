"""Accepting a suspected duplicate (or a vendor, an order, a bank account finding) is a decision
about one invoice, not a tolerance matter: the librarian keeps no accepted variance for it and
it never counts towards a tolerance proposal. Variances a tolerance governs are kept."""
from __future__ import annotations

from decimal import Decimal

from memory.models import Fact, ToleranceProposal
from procurement.cases.actions import case_accept_finding
from procurement.models import Finding


def _accept_all(case, clerk):
    for finding in Finding.objects.filter(invoice__case=case):
        case_accept_finding(case_id=case.pk, user=clerk, finding_id=finding.pk,
                            reason="checked with the vendor")


def test_an_accepted_duplicate_is_no_accepted_variance(make_case, vendor, clerk,
                                                       run_librarian):
    case = make_case(kinds=("suspected_duplicate", "closed_po", "over_billing"), vendor=vendor)
    _accept_all(case, clerk)

    [step] = run_librarian(case)

    assert step.state == "succeeded", step.error
    assert list(Fact.objects.values_list("kind", "subject")) == [
        ("accepted_variance", "over_billing")]


def test_duplicates_accepted_again_and_again_propose_no_tolerance(make_case, vendor, clerk,
                                                                  run_librarian, settings):
    settings.VALIDATION_PRICE_TOLERANCE_PCT = Decimal("2")
    for _ in range(3):
        case = make_case(kinds=("suspected_duplicate", "bank_account_changed"), vendor=vendor)
        _accept_all(case, clerk)
        run_librarian(case)

    assert not Fact.objects.exists()
    assert not ToleranceProposal.objects.exists()
