"""Each token has its own budget of calls; past it the gateway answers 429 with Retry-After."""
from __future__ import annotations

import json

import pytest

from agents.tools import ratelimit
from agents.tools.services import agent_token_create
from tests.conftest import require_service


def find(client, token):
    return client.post(
        "/api/tools/vendors.find",
        data=json.dumps({"name": "Acme"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def exercise_limit(client):
    limited = agent_token_create(agent="validation", rate_limit="2/minute").raw
    other = agent_token_create(agent="validation", rate_limit="2/minute").raw
    assert [find(client, limited).status_code for _ in range(2)] == [200, 200]
    throttled = find(client, limited)
    assert throttled.status_code == 429
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert "Rate limit of 2 per 1 minute" in throttled.json()["error"]
    assert find(client, other).status_code == 200  # another token is counted apart


def test_it_limits_each_token_in_process_without_redis(client, seeded, settings):
    settings.REDIS_URL = None
    exercise_limit(client)


@pytest.mark.redis
def test_it_limits_each_token_in_redis_shared_by_every_process(client, seeded, settings):
    import redis

    url = require_service("Redis", settings.REDIS_URL)
    exercise_limit(client)
    # The count lives in Redis, so another web process sees the same spent budget.
    keys = redis.Redis.from_url(url).keys("tools-ratelimit*")
    assert keys


def test_it_uses_the_setting_when_a_token_has_no_limit_of_its_own(client, seeded, settings):
    settings.REDIS_URL = None
    settings.TOOLS_RATE_LIMIT = "1/hour"
    token = agent_token_create(agent="validation").raw
    assert find(client, token).status_code == 200
    assert find(client, token).status_code == 429


def test_it_refuses_a_token_with_a_malformed_limit(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="120/minute"):
        agent_token_create(agent="validation", rate_limit="lots")


def test_it_says_what_a_rate_looks_like():
    with pytest.raises(ValueError, match="'often' is not a rate"):
        ratelimit.parse_rate("often")
