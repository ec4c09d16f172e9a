"""Clerks accepted the same price variance for a vendor on three cases within 90 days: the
librarian proposes a tolerance change, which waits for an AP admin; it is applied only when
approved, and a declined one changes nothing."""
from __future__ import annotations

from decimal import Decimal

import pytest

from memory.models import ToleranceProposal
from memory.services import (
    MemoryRefused,
    tolerance_proposal_approve,
    tolerance_proposal_decline,
)
from procurement.cases.actions import case_accept_finding
from procurement.models import Finding


@pytest.fixture
def accepted_three_times(make_case, vendor, clerk, run_librarian, settings):
    settings.VALIDATION_PRICE_TOLERANCE_PCT = Decimal("2")

    def accept_one():
        case = make_case(kinds=("price_variance",), vendor=vendor)  # 11.00 -> 12.00: 9.09 %
        finding = Finding.objects.get(invoice__case=case)
        case_accept_finding(case_id=case.pk, user=clerk, finding_id=finding.pk,
                            reason="the vendor's new price list")
        run_librarian(case)
        return case

    cases = [accept_one(), accept_one()]
    assert not ToleranceProposal.objects.exists()  # twice is not yet a habit
    cases.append(accept_one())
    return cases


def test_it_proposes_after_the_third_acceptance_and_applies_nothing(accepted_three_times,
                                                                     vendor):
    proposal = ToleranceProposal.objects.get()
    assert (proposal.vendor, proposal.setting, proposal.status) == (
        vendor, "price_tolerance_pct", "pending")
    assert (proposal.current, proposal.proposed) == (Decimal("2.00"), Decimal("9.50"))
    assert [e["case_id"] for e in proposal.evidence] == [c.pk for c in accepted_three_times]
    vendor.refresh_from_db()
    assert vendor.price_tolerance_pct is None


def test_an_admin_approves_and_the_vendors_tolerance_changes(accepted_three_times, vendor,
                                                             ap_admin, clerk):
    proposal = ToleranceProposal.objects.get()
    with pytest.raises(MemoryRefused, match="Only AP admins"):
        tolerance_proposal_approve(proposal_id=proposal.pk, user=clerk)

    tolerance_proposal_approve(proposal_id=proposal.pk, user=ap_admin, note="fine")

    vendor.refresh_from_db()
    assert vendor.price_tolerance_pct == Decimal("9.5")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == ("approved", ap_admin)
    with pytest.raises(MemoryRefused, match="decided already"):
        tolerance_proposal_decline(proposal_id=proposal.pk, user=ap_admin)


def test_an_admin_declines_and_nothing_changes(accepted_three_times, vendor, ap_admin):
    proposal = ToleranceProposal.objects.get()

    tolerance_proposal_decline(proposal_id=proposal.pk, user=ap_admin, note="one-off rises")

    vendor.refresh_from_db()
    assert vendor.price_tolerance_pct is None
    assert ToleranceProposal.objects.get().status == "declined"
