"""Two worker processes sharing Redis together stay under the RPM and TPM limits."""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.redis
@pytest.mark.parametrize(("rpm", "tpm"), [(20, 0), (0, 150)], ids=["rpm", "tpm"])
def test_it_admits_no_more_than_the_limit_in_any_window(rpm, tpm):
    redis_url = require_service("Redis", settings.REDIS_URL)
    key = f"test:{uuid.uuid4().hex[:8]}"
    window, seconds = 1, 3.5
    command = [sys.executable, "-m", "tests.llm._hammer", redis_url, key,
               str(rpm), str(tpm), str(window), str(seconds)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    workers = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
               for _ in range(2)]
    outputs = [worker.communicate(timeout=30)[0] for worker in workers]

    per_worker = [[tuple(map(float, line.split())) for line in out.splitlines()]
                  for out in outputs]
    admitted = sorted(stamp for stamps in per_worker for stamp in stamps)
    limit = rpm or tpm // 10  # each hammer request reserves 10 tokens
    assert all(per_worker), "both workers got requests through"
    # No window holds more than the limit. Each request was stamped by the limiter between its
    # `before` and `after`: requests that began at or after b and ended before b + window were
    # surely all admitted inside that window.
    worst = max(
        sum(1 for before, after in admitted if before >= start and after < start + window)
        for start, _ in admitted
    )
    assert worst <= limit
    # and the burst drains at the limit: about `limit` per window, not a trickle
    assert len(admitted) >= limit * int(seconds / window) * 0.9
