"""The dashboard (`/dashboard/`): how invoices flow, where they get stuck and what the LLM costs.
For clerks and AP admins; approvers and users without a role get 403."""
from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.views.decorators.http import require_GET

from procurement.charts import Bar, Column, Series, horizontal_bars, stacked_columns
from procurement.dashboard import CASE_STATES, Figures, dashboard_figures
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


def _charts(figures: Figures) -> dict:
    last = len(figures.per_day) - 1
    columns = [
        Column(
            label=date_format(day.day, "j M")
            if (last - index) % LABEL_EVERY_DAYS == 0 else "",
            title=date_format(day.day, "j M Y"),
            values=day.counts,
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
            bars=[Bar(t.label, t.count, str(t.count), "age") for t in figures.open_by_age],
        ),
        "open_by_kind": horizontal_bars(
            chart_id="chart-open-kind",
            title="Open cases by finding kind",
            description="A case with findings of two kinds counts under each.",
            bars=[Bar(t.label, t.count, str(t.count), "kind") for t in figures.open_by_kind],
        ),
        "top_vendors": horizontal_bars(
            chart_id="chart-vendors",
            title=f"Vendors with the most exceptions, last {figures.days} days",
            description="Invoices held by at least one blocking finding, per vendor.",
            bars=[Bar(t.label, t.count, str(t.count), "vendor") for t in figures.top_vendors],
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
