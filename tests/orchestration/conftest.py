"""Fixtures of the orchestration tests: the test agents, short timings, documents named for the
behaviour they trigger, and real rq worker / scheduler processes against the test database."""
from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agents.orchestrator import registry
from tests.conftest import child_database_url, require_service
from tests.orchestration.agents import register_test_agents

ROOT = Path(__file__).resolve().parents[2]
FAST = {
    "STEP_TIMEOUT_GRACE_SECONDS": 1.0,
    "STEP_RETRY_BASE_SECONDS": 0.05,
    "STEP_RETRY_MAX_SECONDS": 1.0,
    "DISPATCH_GRACE_SECONDS": 0.0,
    "SWEEPER_INTERVAL_SECONDS": 1,
}
_counter = itertools.count()


@pytest.fixture(autouse=True)
def test_agents(settings):
    """The test agents replace the pipeline's for the duration of a test."""
    for name, value in FAST.items():
        setattr(settings, name, value)
    saved = registry.registered_agents()
    register_test_agents()
    yield
    registry._AGENTS.clear()
    registry._AGENTS.update(saved)


@pytest.fixture
def in_process(settings):
    """No Redis: every job runs in this process after commit."""
    settings.REDIS_URL = ""


@pytest.fixture
def make_pdf(tmp_path):
    """A distinct small 'PDF' file named for the behaviour it should trigger."""

    def make(name: str, folder: Path | None = None) -> Path:
        folder = folder or tmp_path / "inbox"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        unique = f"{name} {next(_counter)} {time.time_ns()}"
        path.write_bytes(b"%PDF-1.4\n% test " + unique.encode())
        return path

    return make


@pytest.fixture
def start(make_pdf):
    """Store a document and start its workflow, as `ingest` does. Returns the workflow."""
    from agents.orchestrator.services import workflow_start
    from procurement.services import document_store

    def start_workflow(name: str):
        path = make_pdf(name)
        stored = document_store(content=path.read_bytes(), filename=name, source="cli")
        return workflow_start(document=stored.document)

    return start_workflow


@pytest.fixture
def redis_conn(settings):
    """The real Redis of this test run (its own DB number), emptied before and after."""
    import django_rq

    require_service("Redis", os.environ.get("REDIS_URL"))
    conn = django_rq.get_connection("steps")
    conn.flushdb()
    yield conn
    conn.flushdb()


class Processes:
    """rq workers and schedulers started by a test, killed (whole process group) at the end."""

    def __init__(self, settings, log_dir: Path):
        self.settings = settings
        self.log_dir = log_dir
        self.started: list[subprocess.Popen] = []

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.orchestration.settings",
            "DATABASE_URL": child_database_url(),
            "MEDIA_ROOT": str(self.settings.MEDIA_ROOT),
            **{name: str(value) for name, value in FAST.items()},
        }

    def _spawn(self, name: str, *args: str, env: dict | None = None) -> subprocess.Popen:
        log = (self.log_dir / f"{name}-{len(self.started)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: killing it takes the forked work horse too
        )
        self.started.append(process)
        return process

    def worker(self, *queues: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        """A worker on `queues` (all of them by default), with `env` on top of self.env()."""
        return self._spawn(
            "worker",
            "rqworker",
            *(queues or ("steps", "llm", "maintenance")),
            env={**self.env(), **(env or {})},
        )

    def scheduler(self, env: dict[str, str] | None = None) -> subprocess.Popen:
        return self._spawn(
            "scheduler", "rqcron", "agents.orchestrator.cron", env={**self.env(), **(env or {})}
        )

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the process and everything it forked, as if its machine died. rq's work horse
        runs in a session of its own, so the process group alone would not reach it."""
        if process.poll() is None:
            family = _descendants(process.pid)
            os.killpg(process.pid, signal.SIGKILL)
            for pid in family:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.started:
            self.kill(process)

    def logs(self, tail: int | None = 3000) -> str:
        texts = (p.read_text(errors="replace") for p in sorted(self.log_dir.glob("*.log")))
        return "\n".join(text[-tail:] if tail else text for text in texts)


def _descendants(pid: int) -> list[int]:
    """Children, grandchildren, ... of `pid`, read from /proc (Linux)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@pytest.fixture
def processes(transactional_db, redis_conn, settings, tmp_path):
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    procs = Processes(settings, log_dir)
    yield procs
    procs.stop_all()
