"""Who sent the invoice: the strongest printed signal decides; several candidates are named."""
from __future__ import annotations

import pytest

from agents.validation.facts import VendorCandidate
from agents.validation.rules import resolve_vendor
from tests.validation.factories import check, invoice, kinds, vendor


def c(vendor_id, name, *signals, similarity=0.0):
    return VendorCandidate(vendor_id=vendor_id, legal_name=name, matched_on=list(signals),
                           similarity=similarity)


@pytest.mark.parametrize(("candidates", "vendor_id", "how", "ambiguous"), [
    ([], None, "", []),
    ([c(1, "Acme", "tax_id")], 1, "tax_id", []),
    # the tax id outranks a name that points elsewhere
    ([c(1, "Acme", "tax_id"), c(2, "Acme Trading", "legal_name")], 1, "tax_id", []),
    ([c(1, "Acme", "tax_id"), c(2, "Acme UK", "tax_id")], None, "", ["Acme", "Acme UK"]),
    ([c(3, "Globex", "iban")], 3, "iban", []),
    ([c(1, "Acme", "alias", similarity=1.0)], 1, "alias", []),
    ([c(1, "Acme GmbH", "legal_name"), c(2, "Acme Ltd", "legal_name")], None, "",
     ["Acme GmbH", "Acme Ltd"]),
    # a nearly exact name with nothing close decides; a merely similar one is for a clerk
    ([c(1, "Globex Corporation", "similar_name", similarity=0.95)], 1, "similar_name", []),
    ([c(1, "Globex Corporation", "similar_name", similarity=0.85)], None, "",
     ["Globex Corporation"]),
    ([c(1, "Nordwind Office", "similar_name", similarity=0.94),
      c(2, "Nordwind Offices", "similar_name", similarity=0.93)], None, "",
     ["Nordwind Office", "Nordwind Offices"]),
    ([c(4, "Kestrel", "email_domain")], 4, "email_domain", []),
])
def test_it_resolves_by_the_strongest_signal(candidates, vendor_id, how, ambiguous):
    resolution = resolve_vendor(candidates)

    assert (resolution.vendor_id, resolution.how, resolution.ambiguous) == (
        vendor_id, how, ambiguous
    )


def test_it_names_the_candidates_of_an_ambiguous_vendor():
    verdict = check(invoice(vendor_name="Acme"), vendor_facts=None,
                    ambiguous=["Acme GmbH", "Acme Ltd"])

    assert kinds(verdict)[0] == "ambiguous_vendor"
    assert "Acme GmbH; Acme Ltd" in verdict.findings[0].message


@pytest.mark.parametrize(("vendor_facts", "expected"), [
    (None, ["unknown_vendor"]),
    (vendor(is_active=False), ["inactive_vendor"]),
])
def test_it_flags_a_vendor_that_cannot_be_paid(vendor_facts, expected):
    verdict = check(vendor_facts=vendor_facts,
                    order_facts=None, inv=invoice(po_number=""))

    assert kinds(verdict) == expected + ["missing_po"]
