"""GET /api/tools/openapi.json: a valid OpenAPI 3.1 document of exactly the caller's tools."""
from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from agents.tools.manifests import MANIFESTS
from agents.tools.registry import registry
from agents.tools.services import agent_token_create


def spec_for(client, agent):
    token = agent_token_create(agent=agent).raw
    response = client.get("/api/tools/openapi.json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("agent", list(MANIFESTS))
def test_it_describes_exactly_the_callers_tools_in_a_valid_document(client, db, agent):
    spec = spec_for(client, agent)
    validate(spec)
    assert spec["openapi"].startswith("3.1")
    expected = {f"/api/tools/{t.name}" for t in registry.all() if t.scope in MANIFESTS[agent]}
    assert set(spec["paths"]) == expected
    schemes = spec["components"]["securitySchemes"]
    for item in spec["paths"].values():
        assert set(item) == {"post"}
        operation = item["post"]
        [requirement] = operation["security"]
        assert all(schemes[name] == {"type": "http", "scheme": "bearer"} for name in requirement)
        assert "requestBody" in operation
        assert {"200", "401", "403", "422", "429"} <= set(operation["responses"])


def test_it_leaves_out_the_schemas_of_tools_the_caller_cannot_call(client, db):
    schemas = spec_for(client, "router")["components"]["schemas"]
    assert "DocumentGetIn" in schemas and "DocumentOut" in schemas
    assert "RecordFindingsIn" not in schemas
    assert "MemoryWriteIn" not in schemas


def test_it_generates_request_bodies_from_the_tools_pydantic_models(client, db):
    schemas = spec_for(client, "validation")["components"]["schemas"]
    finding = schemas["FindingIn"]
    assert "price_variance" in finding["properties"]["kind"]["enum"]
    assert finding["additionalProperties"] is False


def test_it_requires_a_token_for_the_description(client, db):
    assert client.get("/api/tools/openapi.json").status_code == 401
