"""The dashboard aggregates in the database: a fixed number of queries, whatever the data."""
from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.dashboard.conftest import World, build_world

# session, user, the user's groups, then the figures: documents per day, open by age, open by
# kind, vendors, median, LLM usage (five: its totals, by agent, by outcome, by day, alerts),
# budget alerts counted and the latest listed
QUERIES = 15


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/dashboard/").status_code == 200
    return len(captured)


def test_it_makes_the_same_queries_for_ten_or_forty_invoices(client, clerk, vendors):
    client.login(username=clerk.username, password=PASSWORD)
    world = build_world(World(now=timezone.now()), *vendors)
    few = _queries(client)
    for _ in range(3):
        build_world(World(now=timezone.now()), *vendors)  # a case per document, alerts too

    assert len(world.documents) == 11
    assert _queries(client) == few == QUERIES
