"""The sweeper reads each kind of due work in pages of its own and goes on where the previous sweep
stopped, so a backlog (throttled retries waiting in Redis, thousands of queued steps) never hides
a step whose job Redis lost."""
from datetime import timedelta

import pytest
from django.utils import timezone

from agents.orchestrator import sweeper
from agents.orchestrator.models import Step
from tests.orchestration.helpers import committed_db

pytestmark = [pytest.mark.redis, committed_db]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(sweeper, "PAGE", 5)
    monkeypatch.setattr(sweeper, "PAGES", 1)


def _pending_steps(start, count: int) -> list[Step]:
    # Jobs go to Redis and stay queued there: no worker runs in these tests.
    workflows = [start(f"backlog-{n}.pdf") for n in range(count)]
    return list(Step.objects.filter(workflow__in=workflows).order_by("pk"))


def _lose_job(redis_conn, step: Step) -> None:
    redis_conn.delete(f"rq:job:{step.job_id}")


def test_it_finds_a_fresh_step_with_a_lost_job_behind_a_throttled_backlog(
    start, redis_conn, small_pages
):
    *throttled, fresh = _pending_steps(start, 12)
    # eleven retries are due and still queued in Redis; the fresh step's job is gone
    Step.objects.filter(pk__in=[s.pk for s in throttled]).update(
        run_after=timezone.now() - timedelta(seconds=1)
    )
    _lose_job(redis_conn, fresh)

    report = sweeper.sweep()

    assert report.step_ids == [fresh.pk]


def test_it_goes_on_where_the_previous_sweep_stopped(start, redis_conn, small_pages):
    steps = _pending_steps(start, 15)
    lost = steps[10:]  # behind two pages of steps whose jobs are queued
    for step in lost:
        _lose_job(redis_conn, step)

    reports = [sweeper.sweep() for _ in range(3)]

    assert [r.step_ids for r in reports] == [[], [], [s.pk for s in lost]]
    # and after the last page it starts over from the first
    assert sweeper.sweep().step_ids == []
