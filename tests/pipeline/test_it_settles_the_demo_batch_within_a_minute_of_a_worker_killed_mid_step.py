"""A worker SIGKILLed in the middle of a step, with the production lease and sweep timings: the
step's lease stops being renewed, the scheduler's sweep takes the step back once it runs out, and
the whole demo batch settles within a minute of the kill, where a clean run puts it (the killed
attempt wrote nothing)."""
from __future__ import annotations

import time

import pytest

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.states import SETTLED
from tests.pipeline.conftest import assert_settled_per_purchase_order, ingest

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# The defaults of config/settings.py, not the orchestration tests' fast ones.
PRODUCTION_TIMINGS = {
    "STEP_LEASE_SECONDS": "30",
    "SWEEPER_INTERVAL_SECONDS": "5",
    "DISPATCH_GRACE_SECONDS": "2",
    "STEP_TIMEOUT_GRACE_SECONDS": "10",
    "STEP_RETRY_BASE_SECONDS": "5",
    "STEP_RETRY_MAX_SECONDS": "600",
}


def _kill_mid_step(workers) -> Step:
    """Start a worker, SIGKILL it while it runs a step, and return that step (left running).
    A step may finish between seeing it run and the kill; then the next worker is tried."""
    for _ in range(5):
        doomed = workers.worker(env=PRODUCTION_TIMINGS)
        deadline = time.monotonic() + 60
        while not Step.objects.filter(state="running").exists():
            assert time.monotonic() < deadline, workers.logs()
            time.sleep(0.01)
        workers.kill(doomed)
        orphan = Step.objects.filter(state="running").first()
        if orphan is not None:
            return orphan
    pytest.fail(f"no worker could be killed in the middle of a step\n{workers.logs()}")


def test_it_settles_within_a_minute_of_the_kill(demo_pdfs, workers):
    pdf_dir, manifest = demo_pdfs
    workers.scheduler(env=PRODUCTION_TIMINGS)
    code, _ = ingest(*sorted(pdf_dir.glob("*.pdf")), wait=0)
    assert code == 3  # on the queues, nothing settled yet

    orphan = _kill_mid_step(workers)
    killed_at = time.monotonic()
    workers.worker(env=PRODUCTION_TIMINGS)
    workers.worker(env=PRODUCTION_TIMINGS)
    while Workflow.objects.exclude(state__in=SETTLED).exists():
        assert time.monotonic() - killed_at < 60, workers.logs()
        time.sleep(0.25)

    assert_settled_per_purchase_order(manifest, workers.logs())
    orphan.refresh_from_db()
    assert orphan.state == "succeeded"
    assert orphan.attempt == 2
    assert "lease expired" in orphan.history[0]["outcome"]
