"""A fact nobody confirmed within MEMORY_FACT_DAYS is no longer offered, and is marked expired;
a confirmation pushes its expiry back."""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from memory.models import Fact
from memory.services import fact_record, fact_search, facts_expire


def freight(vendor, case, now):
    return fact_record(vendor_id=vendor.pk, kind="billing_habit", subject="freight",
                       value="separate line", text="Bills freight as a separate invoice line.",
                       case_id=case.pk, decided_by="carla.clerk", now=now)


def test_it_withholds_and_marks_a_fact_past_its_expiry(make_case, vendor, settings):
    settings.MEMORY_FACT_DAYS = 30
    long_ago = timezone.now() - timedelta(days=31)
    freight(vendor, make_case(vendor=vendor), long_ago)

    assert fact_search(vendor_id=vendor.pk) == []
    assert facts_expire() == 1
    assert Fact.objects.get().status == "expired"


def test_a_confirmation_keeps_it_alive(make_case, vendor, settings):
    settings.MEMORY_FACT_DAYS = 30
    freight(vendor, make_case(vendor=vendor), timezone.now() - timedelta(days=25))
    freight(vendor, make_case(vendor=vendor), timezone.now())

    assert facts_expire() == 0
    assert [f.seen for f in fact_search(vendor_id=vendor.pk)] == [2]
