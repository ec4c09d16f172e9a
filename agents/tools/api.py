"""The HTTP gateway: the same tools, scopes, validation and audit for agents that run elsewhere.

    POST /api/tools/<tool name>        body: the tool's arguments as JSON
    GET  /api/tools/openapi.json       the caller's tools, as OpenAPI 3.1

Authentication is a per-agent bearer token (AgentToken; only its sha256 is stored). Status codes:
401 missing, unknown or revoked token; 403 tool outside the agent's scopes, or X-Workflow-Id /
X-Step-Id not naming a running step of the token's agent; 404 unknown tool or object; 409 the
tool refused; 422 bad arguments; 429 rate limit (with Retry-After).

CSRF: django-ninja marks these views csrf-exempt, and that is right here: a browser attaches
cookies, never our bearer token, so a forged cross-site request carries no credential at all.
No view in this module reads the session.

This module deliberately has no `from __future__ import annotations`: django-ninja reads the
tool views' annotations, which are set at runtime from the registry.
"""
import json
from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from pydantic import BaseModel

from agents.errors import AgentError, Throttled, ToolPermissionError, TransientError
from agents.tools.errors import InvalidArguments, NotFound, ToolFailed
from agents.tools.execution import call_tool, describe_errors
from agents.tools.manifests import scopes_for
from agents.tools.models import AgentToken
from agents.tools.ratelimit import check_token_rate
from agents.tools.registry import Tool, ToolContext, registry
from agents.tools.services import agent_token_authenticate, tool_call_record


class ErrorOut(BaseModel):
    error: str
    details: list[dict[str, Any]] = []


class GatewayError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        details: list | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []
        self.headers = headers or {}


ERROR_RESPONSES = dict.fromkeys((401, 403, 404, 409, 422, 429, 503), ErrorOut)

api = NinjaAPI(
    title="Procurement Triage agent tools",
    version="1",
    description="Tools for agents that run outside the Procurement Triage process. "
    "Each operation needs a bearer token of an agent whose manifest holds the tool's scope.",
    urls_namespace="tools-api",
    docs_url=None,
    openapi_url=None,  # served below, behind the token and filtered to the caller's scopes
)


class AgentBearer(HttpBearer):
    """The agent's token; for a tool's route also the rate limit and the tool's scope, so that
    a call outside the scopes is refused (and audited) before its arguments are even read.
    """

    def __init__(self, tool: Tool | None = None) -> None:
        super().__init__()
        self.tool = tool

    def authenticate(self, request: HttpRequest, token: str) -> AgentToken:
        found = agent_token_authenticate(raw_token=token.strip())
        if found is None:
            raise GatewayError(401, "The bearer token is not valid.")
        if not found.is_active:
            raise GatewayError(401, "This bearer token has been revoked.")
        try:
            check_token_rate(token_key=found.digest[:32], rate=found.rate_limit)
        except Throttled as exc:
            seconds = str(int(exc.retry_after))
            raise GatewayError(429, exc.reason, headers={"Retry-After": seconds}) from None
        except TransientError as exc:
            raise GatewayError(503, exc.reason, headers={"Retry-After": "5"}) from None
        request.tool_context = _context(request, found.agent)
        if self.tool is None:
            return found
        if self.tool.scope not in scopes_for(found.agent):
            try:
                # The shared path records the denial in the audit, then raises.
                call_tool(self.tool.name, _raw_arguments(request), request.tool_context,
                          token_id=found.pk)
            except ToolPermissionError as exc:
                raise GatewayError(403, exc.reason) from None
        problem = _unusable_body(request)
        if problem:
            # Refused here, before django-ninja parses the body: its JSON parser would recurse
            # until Python gives up (a 500), and nothing would be audited.
            _record_refusal(request, self.tool, request.tool_context, found, problem)
            raise GatewayError(422, problem)
        return found


def _context(request: HttpRequest, agent: str) -> ToolContext:
    """The workflow and step a call belongs to, from optional X-Workflow-Id / X-Step-Id headers.

    A call inside a workflow acts for one of its steps, so a workflow is accepted only through a
    step: X-Step-Id naming a running step of the token's own agent (and, if X-Workflow-Id is also
    sent, a step of that workflow). Otherwise any token could attach its calls, and the tools'
    workflow bindings, to any workflow. With neither header the call is outside any workflow.
    """
    ids = {}
    for header in ("X-Workflow-Id", "X-Step-Id"):
        value = request.headers.get(header, "").strip()
        if value and not value.isdigit():
            raise GatewayError(422, f"{header} must be a number, got {value!r}.")
        ids[header] = int(value) if value else None
    workflow_id, step_id = ids["X-Workflow-Id"], ids["X-Step-Id"]
    if step_id is None:
        if workflow_id is not None:
            raise GatewayError(
                403,
                f"X-Workflow-Id needs an X-Step-Id: name the running step of the {agent} agent "
                f"in workflow {workflow_id} that this call is made for.",
            )
        return ToolContext(agent=agent, via="http")

    from agents.orchestrator.models import Step

    step = Step.objects.filter(pk=step_id).values("workflow_id", "agent", "state").first()
    if step is None:
        raise GatewayError(403, f"There is no step {step_id}.")
    if workflow_id is not None and step["workflow_id"] != workflow_id:
        raise GatewayError(403, f"Step {step_id} is not a step of workflow {workflow_id}.")
    if step["agent"] != agent:
        raise GatewayError(403, f"Step {step_id} is not a step of the {agent} agent.")
    if step["state"] != Step.State.RUNNING:
        raise GatewayError(
            403, f"Step {step_id} is {step['state']}, not running: only a running step's "
            "calls are accepted."
        )
    return ToolContext(
        agent=agent, workflow_id=step["workflow_id"], step_id=step_id, via="http"
    )


# No tool's arguments nest anywhere near this deep; a body that does is an attack or a bug.
MAX_JSON_DEPTH = 32
_NOT_JSON, _TOO_DEEP = object(), object()


def _parsed_body(request: HttpRequest) -> Any:
    """The body as JSON, parsed once; `_NOT_JSON` if it is not JSON, `_TOO_DEEP` if it nests
    deeper than Python's JSON parser can follow.
    """
    if not hasattr(request, "_tool_body"):
        try:
            request._tool_body = json.loads(request.body or b"{}")
        except RecursionError:
            request._tool_body = _TOO_DEEP
        except (ValueError, UnicodeDecodeError):
            request._tool_body = _NOT_JSON
    return request._tool_body


def _json_depth(value: Any) -> int:
    deepest, pending = 0, [(value, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                break
            children = node.values() if isinstance(node, dict) else node
            pending.extend((child, depth + 1) for child in children)
    return deepest


def _unusable_body(request: HttpRequest) -> str:
    """Why the body cannot be a tool's arguments, when that is certain before parsing them."""
    body = _parsed_body(request)
    if body is _TOO_DEEP or (body is not _NOT_JSON and _json_depth(body) > MAX_JSON_DEPTH):
        return f"Invalid arguments: the JSON nests deeper than {MAX_JSON_DEPTH} levels."
    return ""


def _raw_arguments(request: HttpRequest) -> dict | str:
    parsed = _parsed_body(request)
    if parsed is _NOT_JSON or parsed is _TOO_DEEP:
        return request.body[:2000].decode("utf-8", "replace")
    return parsed if isinstance(parsed, dict) else {"raw": parsed}


def _error(request: HttpRequest, status: int, message: str, *, details=None, headers=None):
    response = api.create_response(
        request, {"error": message, "details": details or []}, status=status
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@api.exception_handler(GatewayError)
def _gateway_error(request: HttpRequest, exc: GatewayError) -> HttpResponse:
    return _error(request, exc.status, exc.message, details=exc.details, headers=exc.headers)


@api.exception_handler(AuthenticationError)
def _missing_token(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, 401, "A bearer token is required: Authorization: Bearer <agent token>.",
        headers={"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(NinjaValidationError)
def _invalid_arguments(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    # Ninja reports locations as ("body", "payload", field...); the client knows only the fields.
    errors = [
        {**error, "loc": list(error.get("loc", ()))[2:]} for error in exc.errors
    ]
    return _refuse_arguments(request, f"Invalid arguments: {describe_errors(errors)}", errors)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and getattr(request, "tool", None) is not None:
        # Ninja's "Cannot parse request body": for a tool, that is just unusable arguments.
        return _refuse_arguments(request, "Invalid arguments: the body is not a JSON object.", [])
    return _error(request, exc.status_code, exc.message)


def _refuse_arguments(request: HttpRequest, message: str, errors: list) -> HttpResponse:
    tool = getattr(request, "tool", None)
    token = getattr(request, "auth", None)
    if tool is not None and token is not None:
        _record_refusal(request, tool, request.tool_context, token, message)
    return _error(request, 422, message, details=errors)


def _record_refusal(
    request: HttpRequest, tool: Tool, context: ToolContext, token: AgentToken, message: str
) -> None:
    tool_call_record(
        agent=context.agent,
        tool=tool.name,
        arguments=_raw_arguments(request),
        outcome="invalid_arguments",
        duration_ms=0,
        workflow_id=context.workflow_id,
        step_id=context.step_id,
        via="http",
        token_id=token.pk,
        error=message,
    )


@api.exception_handler(AgentError)
def _tool_error(request: HttpRequest, exc: AgentError) -> HttpResponse:
    if isinstance(exc, NotFound):
        return _error(request, 404, exc.reason)
    if isinstance(exc, ToolFailed):
        return _error(request, 409, exc.reason)
    if isinstance(exc, InvalidArguments):
        return _error(request, 422, exc.reason, details=exc.errors)
    if isinstance(exc, ToolPermissionError):
        return _error(request, 403, exc.reason)
    if isinstance(exc, TransientError):
        return _error(request, 503, exc.reason, headers={"Retry-After": "5"})
    return _error(request, 500, exc.reason)


def _tool_view(tool: Tool):
    def view(request, payload):
        return call_tool(tool.name, payload, request.tool_context, token_id=request.auth.pk)

    view.__name__ = tool.function_name
    view.__doc__ = tool.description
    view.__annotations__ = {"request": HttpRequest, "payload": tool.input_model}
    return view


def _remember_tool(tool: Tool):
    """Ninja parses the body before the view runs; a 422 handler needs to know the tool."""

    class ToolBearer(AgentBearer):
        def authenticate(self, request, token):
            request.tool = tool
            return super().authenticate(request, token)

    return ToolBearer(tool)


for _tool in registry.all():
    api.post(
        f"/{_tool.name}",
        auth=_remember_tool(_tool),
        response={200: _tool.output_model, **ERROR_RESPONSES},
        operation_id=_tool.function_name,
        summary=_tool.name,
        description=_tool.description,
        tags=[_tool.scope],
        url_name=f"tool-{_tool.name}",
    )(_tool_view(_tool))


@api.get("/openapi.json", auth=AgentBearer(), include_in_schema=False, url_name="openapi")
def openapi(request: HttpRequest) -> dict:
    """The OpenAPI 3.1 description of the tools this token's agent may call, and only those."""
    allowed = {tool.function_name for tool in registry.for_scopes(scopes_for(request.auth.agent))}
    return filter_schema(_full_schema(), allowed)


@api.post("/{name}", auth=AgentBearer(), include_in_schema=False, url_name="unknown-tool")
def unknown_tool(request: HttpRequest, name: str) -> dict:
    raise GatewayError(404, f"There is no tool named {name!r}; see /api/tools/openapi.json.")


@lru_cache(maxsize=1)
def _full_schema() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema(), default=str))


def filter_schema(schema: dict, operation_ids: set[str]) -> dict:
    """The schema with only the given operations, and only the components they still use."""
    paths = {
        path: {
            method: op for method, op in item.items() if op.get("operationId") in operation_ids
        }
        for path, item in schema.get("paths", {}).items()
    }
    paths = {path: item for path, item in paths.items() if item}
    components = schema.get("components", {})
    all_schemas = components.get("schemas", {})
    used: set[str] = set()
    pending = [paths]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name not in used:
                    used.add(name)
                    pending.append(all_schemas.get(name, {}))
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    filtered = {**schema, "paths": paths}
    filtered["components"] = {
        **components,
        "schemas": {name: body for name, body in all_schemas.items() if name in used},
    }
    return filtered
