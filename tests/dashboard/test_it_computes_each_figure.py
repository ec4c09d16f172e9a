"""Each figure of the dashboard, exactly, on the small world of tests/dashboard/conftest.py."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from procurement.dashboard import dashboard_figures
from procurement.models import Finding


def test_it_counts_documents_per_day_by_case_state(world):
    figures = dashboard_figures()

    expected: dict = {}
    states = [
        "ready_to_pay", "ready_to_pay", "needs_clerk", "needs_clerk", "waiting_approval",
        "ready_to_pay", "rejected", "rejected", "processing", "waiting_vendor",
    ]
    for document, state in zip(world.documents, states, strict=False):
        day = timezone.localdate(document.created_at)
        expected.setdefault(day, Counter())[state] += 1
    assert {d.day: d.counts for d in figures.per_day if d.counts} == {
        day: dict(counts) for day, counts in expected.items()
    }
    assert len(figures.per_day) == 31  # every day of the window, empty ones included
    assert figures.per_day[-1].day == timezone.localdate()
    assert (figures.received, figures.invoices) == (10, 8)


def test_it_gives_the_straight_through_rate_of_decided_invoices(world):
    figures = dashboard_figures()

    assert (figures.straight_through, figures.decided) == (2, 8)
    assert figures.straight_through_percent == 25


def test_it_buckets_open_cases_by_age(world):
    figures = dashboard_figures()

    assert [(t.label, t.count) for t in figures.open_by_age] == [
        ("under 1 day", 1), ("1–3 days", 1), ("3–7 days", 1), ("1–2 weeks", 0),
        ("over 2 weeks", 1),
    ]
    assert figures.open_cases == 4


def test_it_counts_open_cases_by_finding_kind(world):
    figures = dashboard_figures()

    assert [(t.key, t.label, t.count) for t in figures.open_by_kind] == [
        (Finding.Kind.PRICE_VARIANCE, Finding.Kind.PRICE_VARIANCE.label, 3),
        (Finding.Kind.BANK_ACCOUNT_CHANGED, Finding.Kind.BANK_ACCOUNT_CHANGED.label, 1),
        (Finding.Kind.QUANTITY_VARIANCE, Finding.Kind.QUANTITY_VARIANCE.label, 1),
    ]


def test_it_ranks_vendors_by_invoices_held(world):
    figures = dashboard_figures()

    assert [(t.label, t.count) for t in figures.top_vendors] == [
        ("Acme Industrial Supply", 3), ("Bolt & Nut Co", 2), ("Unknown GmbH", 1),
    ]


def test_it_gives_the_median_time_to_resolution(world):
    figures = dashboard_figures()

    assert figures.median_resolution == timedelta(days=3)
    assert figures.resolved == 2


def test_it_gives_llm_tokens_and_cost_per_invoice_and_agent(world):
    figures = dashboard_figures()

    assert (figures.llm_tokens, figures.llm_cost_usd) == (5800, Decimal("0.056"))
    assert (figures.tokens_per_invoice, figures.cost_per_invoice) == (725, Decimal("0.0070"))
    assert [
        (a.agent, a.calls, a.tokens, a.cost_usd, a.tokens_per_invoice, a.cost_per_invoice)
        for a in figures.llm_by_agent
    ] == [
        ("exception", 1, 4000, Decimal("0.04"), 500, Decimal("0.0050")),
        ("intake", 2, 1800, Decimal("0.016"), 225, Decimal("0.0020")),
    ]


def test_it_counts_budget_alerts_in_the_window(world):
    figures = dashboard_figures()

    assert (figures.alerts, figures.open_alerts) == (2, 1)
    assert [a.key.rsplit(":", 1)[0] for a in figures.latest_alerts] == [
        "workflow:1", "workflow:2",
    ]


def test_it_shows_nothing_to_divide_by_as_no_figure(db):
    figures = dashboard_figures()

    assert figures.received == 0
    assert figures.straight_through_percent is None
    assert figures.median_resolution is None
    assert figures.cost_per_invoice is None
