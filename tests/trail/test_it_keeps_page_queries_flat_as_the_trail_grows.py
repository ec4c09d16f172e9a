"""The page's query count does not depend on how long the trail is (no query per entry)."""
from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def _grow(trail, steps: int):
    for n in range(steps):
        step = trail.step(f"agent{n}", [(n, n + 0.5, "failed: x"), (n + 0.6, n + 0.9, "succeeded")])
        trail.tool_call(n + 0.1, step, "invoices.get")
        trail.tool_call(n + 0.2, step, "email.propose", outcome="denied")
        trail.llm_call(n + 0.3, step)
        trail.event("Something", n + 0.95, step=step)
        trail.email(n + 0.7)


def test_it_keeps_page_queries_flat_as_the_trail_grows(
    trail_builder, client, clerk, django_assert_max_num_queries
):
    client.force_login(clerk)
    short, long = trail_builder(), trail_builder()
    _grow(short, 1)
    _grow(long, 20)
    client.get(f"/documents/{short.document.pk}/")  # warm caches (groups, content types)

    with CaptureQueriesContext(connection) as baseline:
        assert client.get(f"/documents/{short.document.pk}/").status_code == 200

    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get(f"/documents/{long.document.pk}/")
    assert response.content.decode().count('class="tl-entry') == 20 * 9 + 0
