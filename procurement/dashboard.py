"""The figures of the dashboard (procurement/dashboard_views.py), over the last DAYS days.

Every figure is aggregated in the database, one query each, so the page makes the same handful of
queries whether there are ten invoices or a million (asserted in tests/dashboard).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
)
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.utils import timezone

from agents.llm.models import BudgetAlert
from agents.llm.services import llm_usage_totals
from agents.orchestrator.models import Event
from agents.orchestrator.pipeline import Ev
from procurement.cases.queries import OPEN_STATES, open_findings
from procurement.models import Case, Finding

DAYS = 30
UNREAD_NAME = "(name not read)"  # top vendors: a case whose vendor's name was not read
TOP_VENDORS = 8
LATEST_ALERTS = 5

C = Case.State
# The order the per-day chart stacks them, bottom up: done, then waiting on someone, then not yet.
CASE_STATES: dict[str, str] = {
    state: C(state).label
    for state in (
        C.READY_TO_PAY, C.CLOSED, C.NEEDS_CLERK, C.WAITING_APPROVAL, C.WAITING_VENDOR,
        C.REJECTED, C.PROCESSING,
    )
}
OPEN_CASE_STATES = OPEN_STATES  # the queue's "open" filter: each chart links to its cases
# A case no person touched: validated clean, and never held by a finding, sent to a person or
# put on the triage list.
_PERSON_NEEDED = (Ev.DISCREPANCY_FOUND, Ev.NEEDS_HUMAN, Ev.DOCUMENT_REJECTED, Ev.DOCUMENT_TRIAGED)
# The decisions that end a case a person had to look at.
_RESOLUTIONS = (Ev.PAYMENT_APPROVED, Ev.INVOICE_REJECTED)
# (label, younger than) from the youngest; the last bucket holds everything older.
AGE_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("under 1 day", timedelta(days=1)),
    ("1–3 days", timedelta(days=3)),
    ("3–7 days", timedelta(days=7)),
    ("1–2 weeks", timedelta(days=14)),
    ("over 2 weeks", None),
)


@dataclass(frozen=True)
class Day:
    day: date
    counts: dict[str, int]  # case state -> documents received that day


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class AgentSpend:
    agent: str
    calls: int
    tokens: int
    cost_usd: Decimal
    tokens_per_invoice: float | None
    cost_per_invoice: Decimal | None


@dataclass(frozen=True)
class Figures:
    days: int
    since: datetime
    per_day: list[Day]
    received: int
    invoices: int
    straight_through: int
    decided: int
    open_by_age: list[Tally]
    open_by_kind: list[Tally]
    top_vendors: list[Tally]
    median_resolution: timedelta | None
    resolved: int
    llm_tokens: int
    llm_cost_usd: Decimal
    llm_by_agent: list[AgentSpend]
    alerts: int
    open_alerts: int
    latest_alerts: list[BudgetAlert]

    @property
    def straight_through_rate(self) -> float | None:
        """Of the invoices decided (not still processing), the share no person had to touch."""
        return self.straight_through / self.decided if self.decided else None

    @property
    def straight_through_percent(self) -> int | None:
        rate = self.straight_through_rate
        return None if rate is None else round(rate * 100)

    @property
    def open_cases(self) -> int:
        return sum(bucket.count for bucket in self.open_by_age)

    @property
    def tokens_per_invoice(self) -> float | None:
        return self.llm_tokens / self.invoices if self.invoices else None

    @property
    def cost_per_invoice(self) -> Decimal | None:
        return _per(self.llm_cost_usd, self.invoices)


def dashboard_figures(*, now: datetime | None = None, days: int = DAYS) -> Figures:
    now = now or timezone.now()
    since = now - timedelta(days=days)
    per_day, received, invoices, straight_through, decided = _received_per_day(since)
    median, resolved = _median_resolution(since)
    llm = llm_usage_totals(days=days)
    tokens = llm["total"]["prompt_tokens"] + llm["total"]["completion_tokens"]
    alerts = BudgetAlert.objects.filter(created_at__gte=since)
    alert_counts = alerts.aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(acknowledged=False))
    )
    return Figures(
        days=days,
        since=since,
        per_day=per_day,
        received=received,
        invoices=invoices,
        straight_through=straight_through,
        decided=decided,
        open_by_age=_open_by_age(now),
        open_by_kind=_open_by_kind(),
        top_vendors=_top_vendors(since),
        median_resolution=median,
        resolved=resolved,
        llm_tokens=tokens,
        llm_cost_usd=Decimal(llm["total"]["cost_usd"]),
        llm_by_agent=[_agent_spend(row, invoices) for row in llm["by_agent"]],
        alerts=alert_counts["total"],
        open_alerts=alert_counts["open"],
        latest_alerts=list(
            alerts.select_related("acknowledged_by").order_by("-created_at", "-pk")[:LATEST_ALERTS]
        ),
    )


def _received_per_day(since: datetime) -> tuple[list[Day], int, int, int, int]:
    """Cases received per day by state, and the totals the rates need (one query)."""
    events = Event.objects.filter(workflow__document_id=OuterRef("document_id"))
    rows = (
        Case.objects.filter(received_at__gte=since)
        .annotate(
            day=TruncDate("received_at"),
            straight_through=Exists(events.filter(type=Ev.INVOICE_VALIDATED))
            & ~Exists(events.filter(type__in=_PERSON_NEEDED)),
        )
        .values("day", "state", "straight_through")
        .annotate(cases=Count("pk"), invoices=Count("invoice"))
        .order_by("day")
    )
    days: dict[date, dict[str, int]] = {}
    received = invoices = straight_through = decided = 0
    for row in rows:
        counts = days.setdefault(row["day"], {})
        counts[row["state"]] = counts.get(row["state"], 0) + row["cases"]
        received += row["cases"]
        invoices += row["invoices"]
        if row["straight_through"]:
            straight_through += row["invoices"]
        if row["state"] != C.PROCESSING:
            decided += row["invoices"]
    first = timezone.localdate(since)
    last = timezone.localdate()
    span = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [Day(d, days.get(d, {})) for d in span], received, invoices, straight_through, decided


def _open_by_age(now: datetime) -> list[Tally]:
    """Open cases by time since the document was received (one query)."""
    measures = {}
    younger_than = None
    for index, (_, limit) in enumerate(AGE_BUCKETS):
        older = Q() if younger_than is None else Q(received_at__lte=now - younger_than)
        younger = Q() if limit is None else Q(received_at__gt=now - limit)
        measures[f"b{index}"] = Count("pk", filter=older & younger)
        younger_than = limit
    counts = Case.objects.filter(state__in=OPEN_CASE_STATES).aggregate(**measures)
    return [
        Tally(f"b{index}", label, counts[f"b{index}"])
        for index, (label, _) in enumerate(AGE_BUCKETS)
    ]


def _open_by_kind() -> list[Tally]:
    """Open cases per kind of their open findings, most first; a case with two kinds counts
    under each."""
    kinds = dict(Finding.Kind.choices)
    rows = (
        open_findings()
        .filter(invoice__case__state__in=OPEN_CASE_STATES)
        .values("kind")
        .annotate(cases=Count("invoice", distinct=True))
        .order_by("-cases", "kind")
    )
    return [Tally(row["kind"], kinds.get(row["kind"], row["kind"]), row["cases"]) for row in rows]


def _top_vendors(since: datetime) -> list[Tally]:
    """Vendors with the most cases received since `since` whose invoice was held by a blocking
    finding (accepted since or not). A vendor not on file counts under the printed name."""
    rows = (
        Case.objects.filter(
            received_at__gte=since, invoice__findings__severity=Finding.Severity.BLOCKING
        )
        .annotate(name=Coalesce(NullIf("vendor_name", Value("")), Value(UNREAD_NAME)))
        .values("name")
        .annotate(exceptions=Count("pk", distinct=True))
        .order_by("-exceptions", "name")[:TOP_VENDORS]
    )
    return [Tally(row["name"], row["name"], row["exceptions"]) for row in rows]


class _Median(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _median_resolution(since: datetime) -> tuple[timedelta | None, int]:
    """Median time from receipt to a person's decision that ended a case (approved for payment,
    rejected) over such decisions since `since`; and how many there were."""
    decisions = Event.objects.filter(type__in=_RESOLUTIONS, created_at__gte=since)
    took = ExpressionWrapper(
        F("created_at") - F("workflow__document__case__received_at"), DurationField()
    )
    if connection.vendor == "postgresql":
        row = decisions.aggregate(median=_Median(took), cases=Count("pk"))
        return row["median"], row["cases"]
    durations = list(decisions.annotate(took=took).values_list("took", flat=True))
    return (statistics.median(durations) if durations else None), len(durations)


def _agent_spend(row: dict, invoices: int) -> AgentSpend:
    tokens = row["prompt_tokens"] + row["completion_tokens"]
    cost = Decimal(row["cost_usd"])
    return AgentSpend(
        agent=row["agent"],
        calls=row["calls"],
        tokens=tokens,
        cost_usd=cost,
        tokens_per_invoice=tokens / invoices if invoices else None,
        cost_per_invoice=_per(cost, invoices),
    )


def _per(total: Decimal, count: int) -> Decimal | None:
    return (total / count).quantize(Decimal("0.0001")) if count else None
