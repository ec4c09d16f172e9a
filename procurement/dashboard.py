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
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, NullIf, TruncDate
from django.utils import timezone

from agents.llm.models import BudgetAlert
from agents.llm.services import llm_usage_totals
from agents.orchestrator.models import Workflow
from agents.orchestrator.states import State
from procurement.models import Document, Finding, Invoice

DAYS = 30
TOP_VENDORS = 8
LATEST_ALERTS = 5

# The case state a person reads (issue #10), in the order the charts stack them.
CASE_STATES: dict[str, str] = {
    "ready_to_pay": "Ready to pay",
    "closed": "Closed",
    "needs_clerk": "Needs a clerk",
    "waiting_approval": "Waiting for approval",
    "waiting_vendor": "Waiting for the vendor",
    "rejected": "Rejected",
    "processing": "Processing",
}
OPEN_CASE_STATES = ("needs_clerk", "waiting_approval", "waiting_vendor")
# Until documents carry their own case state, it is read off the workflow's state. Today only
# the straight-through path reaches `approved`, so every `ready_to_pay` is straight-through.
_CASE_STATE_OF_WORKFLOW: dict[str, str] = {
    State.RECEIVED: "processing",
    State.PARSING: "processing",
    State.PARSED: "processing",
    State.VALIDATING: "processing",
    State.EXCEPTION: "needs_clerk",
    State.NEEDS_HUMAN: "needs_clerk",
    State.BUDGET_EXCEEDED: "needs_clerk",
    State.DRAFTING: "waiting_approval",
    State.AWAITING_APPROVAL: "waiting_approval",
    State.SENT: "waiting_vendor",
    State.APPROVED: "ready_to_pay",
    State.REJECTED: "rejected",
    State.CANCELLED: "rejected",
    State.CLOSED: "closed",
}
OPEN_WORKFLOW_STATES = sorted(
    state for state, case in _CASE_STATE_OF_WORKFLOW.items() if case in OPEN_CASE_STATES
)
# A case is resolved when a person's decision ends it.
RESOLVED_WORKFLOW_STATES = (State.CLOSED, State.REJECTED)
# (label, younger than) from the youngest; the last bucket holds everything older.
AGE_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("under 1 day", timedelta(days=1)),
    ("1–3 days", timedelta(days=3)),
    ("3–7 days", timedelta(days=7)),
    ("1–2 weeks", timedelta(days=14)),
    ("over 2 weeks", None),
)


def case_state(document_status: str, workflow_state: str | None) -> str:
    """The case state of a received document: who must act on it."""
    if workflow_state is None:
        return "rejected" if document_status == Document.Status.REJECTED else "processing"
    return _CASE_STATE_OF_WORKFLOW[workflow_state]


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
    """Documents received per day by case state, and the totals the rates need (one query)."""
    rows = (
        Document.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .values("day", "status", "workflow__state")
        .annotate(documents=Count("pk"), invoices=Count("invoice"))
        .order_by("day")
    )
    days: dict[date, dict[str, int]] = {}
    received = invoices = straight_through = decided = 0
    for row in rows:
        state = case_state(row["status"], row["workflow__state"])
        counts = days.setdefault(row["day"], {})
        counts[state] = counts.get(state, 0) + row["documents"]
        received += row["documents"]
        invoices += row["invoices"]
        if row["workflow__state"] == State.APPROVED:
            straight_through += row["invoices"]
        if row["invoices"] and state != "processing":
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
        older = Q() if younger_than is None else Q(document__created_at__lte=now - younger_than)
        younger = Q() if limit is None else Q(document__created_at__gt=now - limit)
        measures[f"b{index}"] = Count("pk", filter=older & younger)
        younger_than = limit
    counts = Workflow.objects.filter(state__in=OPEN_WORKFLOW_STATES).aggregate(**measures)
    return [
        Tally(f"b{index}", label, counts[f"b{index}"])
        for index, (label, _) in enumerate(AGE_BUCKETS)
    ]


def _open_by_kind() -> list[Tally]:
    """Open cases per finding kind, most first; a case with two kinds counts under each."""
    kinds = dict(Finding.Kind.choices)
    rows = (
        # invoice and workflow share the document id: no need to join the documents themselves
        Finding.objects.filter(
            invoice__document_id__in=Workflow.objects.filter(
                state__in=OPEN_WORKFLOW_STATES
            ).values("document_id")
        )
        .values("kind")
        .annotate(cases=Count("invoice", distinct=True))
        .order_by("-cases", "kind")
    )
    return [Tally(row["kind"], kinds.get(row["kind"], row["kind"]), row["cases"]) for row in rows]


def _top_vendors(since: datetime) -> list[Tally]:
    """Vendors with the most invoices held by a blocking finding, received since `since`. An
    invoice from a vendor not on file counts under the name printed on it."""
    rows = (
        Invoice.objects.filter(
            document__created_at__gte=since, findings__severity=Finding.Severity.BLOCKING
        )
        .annotate(
            name=Coalesce(
                "vendor__legal_name", NullIf("vendor_name", Value("")), Value("(name not read)")
            )
        )
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
    """Median time from receipt to the decision that ended a case held by a blocking finding,
    over cases ended since `since`; and how many there were."""
    resolved: QuerySet = Workflow.objects.filter(
        state__in=RESOLVED_WORKFLOW_STATES,
        settled_at__gte=since,
        document__invoice__findings__severity=Finding.Severity.BLOCKING,
    ).distinct()
    took = ExpressionWrapper(F("settled_at") - F("document__created_at"), DurationField())
    if connection.vendor == "postgresql":
        # distinct cases first: a case with two blocking findings must count once
        by_case = Workflow.objects.filter(pk__in=resolved.values("pk"))
        row = by_case.aggregate(median=_Median(took), cases=Count("pk"))
        return row["median"], row["cases"]
    durations = list(resolved.annotate(took=took).values_list("took", flat=True))
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
