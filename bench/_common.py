"""What the benches that start real rq workers share: the bench database and Redis DB, a clean
start, and worker / scheduler subprocesses that are stopped (with everything they forked) at the
end. Imported by the bench scripts as `_common` (bench/ is on sys.path when a script runs).
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_DATABASE_URL = "postgres://postgres@localhost:5432/pt_bench"


def bench_environment(redis_db: int, **extra: str) -> dict[str, str]:
    """Put the bench's settings into os.environ (before django.setup) and return them, so the
    worker subprocesses get exactly the same. DATABASE_URL / REDIS_URL / MEDIA_ROOT from the
    caller's environment win; the defaults are the bench database and `redis_db`."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("REDIS_URL", f"redis://127.0.0.1:6379/{redis_db}")
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="pt-bench-media-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.update(extra)
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("the bench needs PostgreSQL: set DATABASE_URL=postgres://...")
    return dict(os.environ)


def reset_database_and_redis() -> None:
    """Migrate and empty the bench database, and empty the bench's Redis DB (FLUSHDB on that
    DB number only). Needs django.setup() first."""
    import django_rq
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    django_rq.get_connection("steps").flushdb()


class Processes:
    """Subprocesses a bench started; each in its own session so stopping it reaches its forks."""

    def __init__(self, env: dict[str, str], log_dir: Path | None = None):
        self.env = env
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="pt-bench-logs-"))
        self.started: list[subprocess.Popen] = []

    def spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.log_dir / f"{name}-{len(self.started)}.log").open("wb")
        process = subprocess.Popen(
            command, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def manage(self, name: str, *args: str) -> subprocess.Popen:
        return self.spawn(name, [sys.executable, "manage.py", *args])

    def stop_all(self, timeout: float = 20) -> None:
        """SIGTERM (rq finishes the job in hand and exits), then SIGKILL what is still there."""
        for process in self.started:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.started:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def logs(self, tail: int = 3000) -> str:
        texts = (p.read_text(errors="replace") for p in sorted(self.log_dir.glob("*.log")))
        return "\n".join(text[-tail:] for text in texts if text.strip())

    def dead(self) -> list[subprocess.Popen]:
        return [p for p in self.started if p.poll() is not None]


def wait_for_workers(count: int, processes: Processes, timeout: float = 60) -> None:
    import django_rq
    from rq import Worker

    connection = django_rq.get_connection("steps")
    deadline = time.monotonic() + timeout
    while Worker.count(connection=connection) < count:
        if processes.dead():
            raise SystemExit(f"a bench process exited at start:\n{processes.logs()}")
        if time.monotonic() > deadline:
            raise SystemExit(f"the workers did not start within {timeout:g} s:\n{processes.logs()}")
        time.sleep(0.1)
