"""The queue: every case that needs a clerk, most urgent first, with filters, search and pages.

New cases appear without a reload: the results poll this same URL every POLL_SECONDS with
`since=<when the page was drawn>`; the server answers 204 (htmx swaps nothing) unless a case
changed since, which one indexed EXISTS query decides. Polling rather than the Channels websocket:
it works the same in the embedded mode (no channel layer), through any proxy, and costs one
index probe per open tab every few seconds.
"""
from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from procurement.cases.queries import OPEN, QueueFilters, case_queue, kind_label
from procurement.models import Case, Finding
from procurement.roles import ADMIN, APPROVER, CLERK, role_required

PAGE_SIZE = 25
POLL_SECONDS = 10
AGES = ((0, "Any age"), (3, "Older than 3 days"), (7, "Older than a week"),
        (30, "Older than a month"))


def _filters(request: HttpRequest) -> QueueFilters:
    get = request.GET
    state = get.get("state", Case.State.NEEDS_CLERK)
    age, age_under = _days(get.get("age")), _days(get.get("age_under"))
    try:
        received = date.fromisoformat(get.get("received") or "")
    except ValueError:
        received = None
    return QueueFilters(
        state=state if state in Case.State.values or state in ("", OPEN)
        else Case.State.NEEDS_CLERK,
        kind=get.get("kind", "") if get.get("kind", "") in Finding.Kind.values else "",
        vendor=get.get("vendor", "").strip()[:100],
        assignee=get.get("assignee", "") if get.get("assignee", "") in ("me", "unassigned") else "",
        min_age_days=age,
        max_age_days=age_under,
        received_on=received,
        q=get.get("q", "").strip()[:100],
    )


def _days(value: str | None) -> int | None:
    try:
        days = int(value or 0)
    except ValueError:
        return None
    return days if 0 < days <= 36500 else None


@role_required(CLERK, APPROVER, ADMIN)
@require_GET
def case_queue_page(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    since = parse_datetime(request.GET.get("since", "") or "")
    if since is not None and not Case.objects.filter(updated_at__gt=since).exists():
        return HttpResponse(status=204)  # the poll: nothing changed, nothing to draw
    page = Paginator(case_queue(filters=filters, user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = {
        "state": filters.state, "kind": filters.kind, "vendor": filters.vendor,
        "assignee": filters.assignee, "age": filters.min_age_days or "",
        "age_under": filters.max_age_days or "",
        "received": filters.received_on.isoformat() if filters.received_on else "",
        "q": filters.q,
    }
    # state is always sent: empty means "any state", absent means the default (needs a clerk)
    base = urlencode({k: v for k, v in query.items() if v != "" or k == "state"})
    context = {
        "page": page,
        "rows": [(case, [(k, kind_label(k)) for k in case.finding_kinds]) for case in page],
        "filters": filters,
        "query": base,
        "states": [(OPEN, "Open: a clerk, an approver or the vendor"), *Case.State.choices],
        "kinds": Finding.Kind.choices,
        "ages": AGES,
        "now": timezone.now(),
        "poll_url": f"?{base}&page={page.number}&since={_stamp(timezone.now())}",
        "poll_seconds": POLL_SECONDS,
        "title": _title(filters, page.paginator.count),
    }
    template = "cases/_queue_results.html" if request.headers.get("HX-Request") else \
        "cases/queue.html"
    return render(request, template, context)


def _stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _title(filters: QueueFilters, count: int) -> str:
    names = {OPEN: "Open cases", **dict(Case.State.choices)}
    label = names.get(filters.state, "All cases") if filters.state else "All cases"
    return f"({count}) {label}"
