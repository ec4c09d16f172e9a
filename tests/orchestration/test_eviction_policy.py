"""Workers refuse a Redis that may evict queue keys."""
import os
import socket
import subprocess
import sys
import time

import pytest

from agents.orchestrator.worker import EvictingRedis, check_eviction_policy
from tests.conftest import require_service
from tests.orchestration.conftest import ROOT


@pytest.mark.parametrize(
    "policy", ["allkeys-lru", "volatile-lru", "allkeys-random", "volatile-ttl"]
)
def test_it_refuses_an_evicting_policy(policy):
    with pytest.raises(EvictingRedis, match=f"maxmemory-policy is '{policy}'.*noeviction"):
        check_eviction_policy(policy)


def test_it_accepts_noeviction():
    check_eviction_policy("noeviction")


@pytest.mark.redis
def test_it_refuses_to_start_a_worker_against_an_evicting_redis(tmp_path):
    require_service("Redis", os.environ.get("REDIS_URL"))
    # a private, throw-away Redis configured to evict: the shared one is never reconfigured
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--maxmemory-policy", "allkeys-lru", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.3)
        worker = subprocess.run(
            [sys.executable, "manage.py", "rqworker", "steps", "--burst"],
            cwd=ROOT,
            env={**os.environ, "REDIS_URL": f"redis://127.0.0.1:{port}/0"},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.kill()
        server.wait(timeout=10)

    assert worker.returncode != 0
    assert "maxmemory-policy is 'allkeys-lru'" in worker.stderr
    assert "noeviction" in worker.stderr
