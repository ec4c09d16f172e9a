"""Embedded mode (no REDIS_URL): a step whose process was killed mid-step is recovered by the web
process, which sweeps at start-up and periodically (issue 12, item 10: a document sat in
`parsing` for good).
"""
from __future__ import annotations

import socket

import pytest

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.states import State
from tests.orchestration.conftest import Processes
from tests.orchestration.helpers import committed_db, effects, settled, wait_for

pytestmark = committed_db


@pytest.fixture
def embedded(transactional_db, settings, tmp_path):
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    procs = Processes(settings, log_dir)
    # A short lease (renewed by the heartbeat every third of it, as in production): the web
    # process takes the killed step back once its lease has run out, and the default 30 s lease
    # would make this test wait half a minute for nothing.
    procs.embedded_env = {
        **procs.env(), "REDIS_URL": "", "DEBUG": "true", "STEP_LEASE_SECONDS": "5",
    }
    yield procs
    procs.stop_all()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_web_process_recovers_a_step_whose_process_was_killed(embedded, make_pdf):
    pdf = make_pdf("sleep3000-killed.pdf")
    # `ingest` runs the intake step in its own process (no Redis): killed in the middle of it.
    doomed = embedded._spawn("ingest", "ingest", str(pdf), env=embedded.embedded_env)
    step = wait_for(
        lambda: Step.objects.filter(agent="intake", state="running").first(),
        timeout=30, message=f"the intake step to start\n{embedded.logs()}",
    )
    embedded.kill(doomed)
    workflow_id = step.workflow_id
    step.refresh_from_db()
    assert step.state == "running"  # nobody left to finish it

    embedded._spawn(
        "web", "runserver", "--noreload", f"127.0.0.1:{free_port()}", env=embedded.embedded_env
    )

    wait_for(lambda: settled(workflow_id), timeout=60, every=0.5,
             message=f"the workflow to settle\n{embedded.logs()}")
    assert Workflow.objects.get(pk=workflow_id).state == State.APPROVED
    step.refresh_from_db()
    assert (step.state, step.attempt) == ("succeeded", 2)
    assert "lease expired" in step.history[0]["outcome"]
    assert effects(workflow_id) == {"intake": 1, "validation": 1}
