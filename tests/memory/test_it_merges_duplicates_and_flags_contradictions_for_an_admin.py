"""The same fact from another case merges (seen twice, both cases in evidence); the same subject
with another value is a contradiction: both are withheld from agents until an admin decides."""
from __future__ import annotations

import pytest

from memory.models import Fact
from memory.services import fact_edit, fact_record, fact_search


def hint(vendor, case, label, by="carla.clerk"):
    return fact_record(vendor_id=vendor.pk, kind="layout_hint", subject="invoice_number",
                       value=label, text=f"The invoice number is printed after {label}.",
                       data={"field": "invoice_number", "label": label, "where": "same_line"},
                       case_id=case.pk, decided_by=by)


def test_it_merges_the_same_fact_from_two_cases(make_case, vendor):
    first, second = make_case(vendor=vendor), make_case(vendor=vendor)

    created = hint(vendor, first, "Ref. No.")
    merged = hint(vendor, second, "REF. NO.", by="dan.clerk")
    again = hint(vendor, second, "Ref. No.")

    assert (created.outcome, merged.outcome, again.outcome) == ("created", "merged", "unchanged")
    fact = Fact.objects.get()
    assert fact.seen == 2
    assert [(e["case_id"], e["by"]) for e in fact.evidence] == [
        (first.pk, "carla.clerk"), (second.pk, "dan.clerk")]


def test_it_flags_a_contradiction_and_offers_neither_fact(make_case, vendor):
    first, second = make_case(vendor=vendor), make_case(vendor=vendor)
    hint(vendor, first, "Ref. No.")

    outcome = hint(vendor, second, "Order ref")

    assert outcome.outcome == "contradiction"
    assert sorted(Fact.objects.values_list("value", "status")) == [
        ("Order ref", "contradicted"), ("Ref. No.", "contradicted")]
    assert outcome.fact.contradicts.value == "Ref. No."
    assert fact_search(vendor_id=vendor.pk, kind="layout_hint") == []


def test_an_admin_settles_a_contradiction_by_keeping_one(make_case, vendor, ap_admin, clerk):
    first, second = make_case(vendor=vendor), make_case(vendor=vendor)
    kept = hint(vendor, first, "Ref. No.").fact
    other = hint(vendor, second, "Order ref").fact

    with pytest.raises(Exception, match="Only AP admins"):
        fact_edit(fact_id=kept.pk, user=clerk, text=kept.text, value=kept.value,
                  status="active", expires_at=None)
    other.delete()
    fact_edit(fact_id=kept.pk, user=ap_admin, text=kept.text, value=kept.value, status="active",
              expires_at=None)

    assert [f.value for f in fact_search(vendor_id=vendor.pk, kind="layout_hint")] == ["Ref. No."]
    assert Fact.objects.get(pk=kept.pk).edited_by == ap_admin.username
