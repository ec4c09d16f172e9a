"""The dashboard (`/dashboard/`): how invoices flow, where they get stuck and what the LLM costs.
For clerks and AP admins; approvers and users without a role get 403."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_GET

from procurement.cases.queries import OPEN
from procurement.charts import Bar, Column, Series, horizontal_bars, stacked_columns
from procurement.dashboard import (
    AGE_BUCKETS,
    CASE_STATES,
    UNREAD_NAME,
    Figures,
    dashboard_figures,
)
from procurement.roles import CLERK, role_required

# Day labels under the per-day chart: every few days, so they never run into each other.
LABEL_EVERY_DAYS = 5


@role_required(CLERK)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    figures = dashboard_figures()
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "figures": figures,
            "charts": _charts(figures),
            "case_states": CASE_STATES,
            "median_resolution": humane_duration(figures.median_resolution)
            if figures.median_resolution is not None else None,
        },
    )


def queue_link(**params: str | int) -> str:
    """The queue narrowed by its own filter parameters (procurement/views/queue.py)."""
    return f"{reverse('cases:queue')}?{urlencode(params)}"


def _age_links() -> list[str]:
    """Per AGE_BUCKETS entry: open cases received at least the last bucket's limit ago and
    less than its own."""
    links, older = [], None
    for _, limit in AGE_BUCKETS:
        params: dict[str, str | int] = {"state": OPEN}
        if older is not None:
            params["age"] = older.days
        if limit is not None:
            params["age_under"] = limit.days
        links.append(queue_link(**params))
        older = limit
    return links


def _charts(figures: Figures) -> dict:
    last = len(figures.per_day) - 1
    columns = [
        Column(
            label=date_format(day.day, "j M")
            if (last - index) % LABEL_EVERY_DAYS == 0 else "",
            title=date_format(day.day, "j M Y"),
            values=day.counts,
            hrefs={state: queue_link(state=state, received=day.day.isoformat())
                   for state in day.counts},
        )
        for index, day in enumerate(figures.per_day)
    ]
    return {
        "per_day": stacked_columns(
            chart_id="chart-per-day",
            title=f"Invoices received per day, last {figures.days} days, by case state",
            description=f"{figures.received} documents received; colours as in the legend.",
            columns=columns,
            series=[Series(key, label) for key, label in CASE_STATES.items()],
        ),
        "open_by_age": horizontal_bars(
            chart_id="chart-open-age",
            title="Open cases by age",
            description="Cases waiting for a clerk, an approver or the vendor, by time since "
            "the document was received.",
            bars=[Bar(t.label, t.count, str(t.count), "age", href)
                  for t, href in zip(figures.open_by_age, _age_links(), strict=True)],
        ),
        "open_by_kind": horizontal_bars(
            chart_id="chart-open-kind",
            title="Open cases by finding kind",
            description="A case with findings of two kinds counts under each.",
            bars=[Bar(t.label, t.count, str(t.count), "kind", queue_link(state=OPEN, kind=t.key))
                  for t in figures.open_by_kind],
        ),
        "top_vendors": horizontal_bars(
            chart_id="chart-vendors",
            title=f"Vendors with the most exceptions, last {figures.days} days",
            description="Invoices held by at least one blocking finding, per vendor.",
            # The vendor's cases in any state (the queue has no "held" filter); a name that was
            # not read cannot be looked up.
            bars=[Bar(t.label, t.count, str(t.count), "vendor",
                      queue_link(state="", vendor=t.key) if t.key != UNREAD_NAME else "")
                  for t in figures.top_vendors],
        ),
        "llm_by_agent": horizontal_bars(
            chart_id="chart-llm-agents",
            title="LLM cost per invoice, by agent",
            description=f"US dollars spent per invoice received in the last {figures.days} days.",
            bars=[
                Bar(
                    a.agent,
                    float(a.cost_per_invoice or 0),
                    f"${a.cost_per_invoice or 0:.4f}",
                    "llm",
                )
                for a in figures.llm_by_agent
            ],
        ),
    }


def humane_duration(value: timedelta) -> str:
    """"3.5 days", "5.2 hours", "12 minutes": how long, as a person says it."""
    seconds = value.total_seconds()
    if seconds >= 86400:
        return f"{seconds / 86400:.1f} days"
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} hours"
    return f"{max(round(seconds / 60), 1)} minutes"
