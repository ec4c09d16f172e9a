"""Redis loses everything in the middle of a batch: the scheduler's sweeps rebuild the work from
the database and every workflow settles."""
import re

import pytest

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.states import State
from tests.orchestration.helpers import committed_db, effects, settled, wait_for

pytestmark = [pytest.mark.redis, committed_db]


def test_it_rebuilds_all_pending_work_after_redis_lost_everything(processes, redis_conn, start):
    processes.worker()
    processes.worker()
    processes.scheduler()  # its schedule is code, so it keeps sweeping after the flush
    ids = [start(f"sleep300-{n}.pdf").pk for n in range(8)] + [start("disc-sleep300.pdf").pk]
    wait_for(
        lambda: Workflow.objects.filter(pk__in=ids, state=State.APPROVED).exists(),
        timeout=30, message=f"the batch to get going\n{processes.logs()}",
    )
    queued = dict(
        Step.objects.filter(workflow__in=ids, state="pending").values_list("pk", "job_id")
    )
    assert queued and not settled(*ids)

    redis_conn.flushdb()

    wait_for(lambda: settled(*ids), timeout=60, every=0.5,
             message=f"workflows to settle after the flush\n{processes.logs()}")
    states = Workflow.objects.filter(pk__in=ids).values_list("state", flat=True)
    assert sorted(states) == ["approved"] * 8 + ["exception"]
    for pk in ids:
        assert set(effects(pk).values()) == {1}
    # the jobs that were waiting in Redis came back through the scheduler's sweeps
    requeued = Step.objects.filter(pk__in=queued).exclude(job_id__in=queued.values())
    assert requeued.exists()
    assert re.search(r"'steps_enqueued': [1-9]", processes.logs(tail=None))
