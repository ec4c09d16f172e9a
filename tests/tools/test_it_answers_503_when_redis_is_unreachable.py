"""The gateway's rate limit is counted in Redis: when Redis cannot be reached the gateway answers
503 with Retry-After (try again), not a 500 (issue 12, item 6).
"""
from __future__ import annotations

import json
import socket

from agents.tools.services import agent_token_create


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def test_it_answers_503_with_retry_after_when_redis_is_unreachable(client, seeded, settings):
    token = agent_token_create(agent="validation").raw
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.post(
        "/api/tools/vendors.find", data=json.dumps({"name": "Acme"}),
        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Redis" in response.json()["error"]
