"""The router's data: its decision per document, the examples it learns from clerks, and the
triage list. The model itself is agent code (agents/router) and touches no rows.

    router_classify(text=...)                     -> RouteDecision (shipped + learned examples)
    document_route_record(document_id=..., ...)   -> DocumentRoute
    router_example_add(route=..., text=..., source=...) -> (RouteExample, created)
    triage_cases()                                -> the cases waiting on the triage list
"""
from __future__ import annotations

import threading

from django.db import transaction
from django.db.models import Count, Max, QuerySet

from agents.orchestrator.states import State as W
from agents.router import ROUTES, RouteDecision, decide
from procurement.models import Case, DocumentRoute, RouteExample

# Learned examples kept at most (the newest): each one costs a little model-building time.
LEARNED_MAX = 2000
EXAMPLE_TEXT_MAX = 3000

_cache_lock = threading.Lock()
_cache: dict[str, object] = {"key": None, "learned": ()}


def learned_examples() -> tuple[tuple[str, str], ...]:
    """(route, text) of the learned examples; one aggregate query when nothing changed."""
    key = tuple(RouteExample.objects.aggregate(n=Count("pk"), last=Max("pk")).values())
    with _cache_lock:
        if _cache["key"] != key:
            newest = RouteExample.objects.order_by("-pk").values_list("route", "text")
            _cache["learned"] = tuple(reversed(newest[:LEARNED_MAX]))
            _cache["key"] = key
        return _cache["learned"]  # type: ignore[return-value]


def router_classify(*, text: str) -> RouteDecision:
    return decide(text, learned=learned_examples())


def router_example_add(*, route: str, text: str, source: str) -> tuple[RouteExample, bool]:
    """Keep a labelled example (a clerk's re-routing, handed over by the Librarian) for the
    router to learn from: from the next document on, the model includes it. The same route and
    text twice is kept once. Raises ValueError for an unknown route or an empty text.
    """
    if route not in ROUTES:
        raise ValueError(f"{route!r} is not a route; routes: {', '.join(ROUTES)}")
    text = text.strip()[:EXAMPLE_TEXT_MAX]
    if not text:
        raise ValueError("an example needs some text")
    with transaction.atomic():
        existing = RouteExample.objects.filter(route=route, text=text).first()
        if existing:
            return existing, False
        return RouteExample.objects.create(route=route, text=text, source=source[:300]), True


def document_route_record(
    *, document_id: int, route: str, scores: dict, triage: bool, reason: str = "",
    decided_by: str = "router", text: str | None = None,
) -> DocumentRoute:
    """Record (or replace) the route of a document: the router's decision or a clerk's. `text`
    None keeps the text recorded before (a clerk's re-routing does not change what was read)."""
    defaults = {"route": route, "scores": scores, "triage": triage, "reason": reason[:2000],
                "decided_by": decided_by[:150]}
    if text is not None:
        defaults["text"] = text[:EXAMPLE_TEXT_MAX]
    routing, _ = DocumentRoute.objects.update_or_create(document_id=document_id,
                                                        defaults=defaults)
    return routing


def triage_cases() -> QuerySet[Case]:
    """Cases whose document waits on the triage list (workflow in `triage`), oldest first."""
    return (
        Case.objects.filter(document__workflow__state=W.TRIAGE)
        .select_related("document", "document__routing", "document__email")
        .order_by("received_at", "pk")
    )
