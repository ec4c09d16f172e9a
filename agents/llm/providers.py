"""LLM providers behind one small interface, in a registry.

`openai` speaks to any OpenAI-compatible endpoint through the official SDK (OpenAI, Azure OpenAI's
v1 API, vLLM, Ollama, llama.cpp server). `rules` answers each task with deterministic code and
never touches the network. A provider turns its failures into the shared agent errors, so the
gateway and the orchestrator know whether retrying can help.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import openai
from django.conf import settings
from pydantic import BaseModel

from agents.errors import AgentError, PermanentError, TransientError
from agents.llm.ratelimit import retry_after_from_headers
from agents.llm.tasks import Task

# A 429 without any hint of when to come back waits this long.
DEFAULT_RETRY_AFTER = 1.0


class ProviderThrottled(AgentError):
    """The provider answered 429: the gateway closes the provider/model key for everyone."""

    permanent = False

    def __init__(self, reason: str, *, retry_after: float, headers: Mapping[str, str]):
        super().__init__(reason)
        self.retry_after = retry_after
        self.headers = headers


@dataclass
class ToolCall:
    id: str
    name: str
    arguments: str


@dataclass
class Request:
    task: Task
    inputs: BaseModel
    model: str
    messages: list[dict]
    response_format: dict | None
    max_tokens: int
    tools: list[dict] = field(default_factory=list)


@dataclass
class Reply:
    content: str | None
    finish_reason: str
    refusal: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    headers: Mapping[str, str] = field(default_factory=dict)


class Provider:
    name: str = ""
    # Whether requests count against the shared rate limiter and the budgets.
    metered: bool = True

    def complete(self, request: Request) -> Reply:
        raise NotImplementedError


class RulesProvider(Provider):
    """Deterministic answers from agents.llm.rules; no network, no cost."""

    name = "rules"
    metered = False

    def complete(self, request: Request) -> Reply:
        from agents.llm.rules import RULES

        rule = RULES.get(request.task.name)
        if rule is None:
            raise PermanentError(
                f"task {request.task.name} needs a language model and none is configured "
                "(LLM_PROVIDER=rules has no implementation for it)"
            )
        answer = rule(request.inputs)
        return Reply(content=answer.model_dump_json(), finish_reason="stop")


class OpenAIProvider(Provider):
    name = "openai"

    def complete(self, request: Request) -> Reply:
        kwargs: dict = {
            "model": request.model,
            "messages": request.messages,
            "max_tokens": request.max_tokens,
        }
        if request.response_format:
            kwargs["response_format"] = request.response_format
        if request.tools:
            kwargs["tools"] = request.tools
        try:
            raw = _client().chat.completions.with_raw_response.create(**kwargs)
            completion = raw.parse()
        except openai.RateLimitError as exc:
            headers = dict(exc.response.headers)
            if _error_code(exc) == "insufficient_quota":
                raise PermanentError("the LLM account has no quota left (billing)") from exc
            wait = retry_after_from_headers(headers)
            raise ProviderThrottled(
                f"{request.model} answered 429 (rate limited)",
                retry_after=DEFAULT_RETRY_AFTER if wait is None else wait,
                headers=headers,
            ) from exc
        except openai.APITimeoutError as exc:
            raise TransientError(
                f"{request.model} did not answer within {settings.LLM_TIMEOUT_SECONDS:g} s"
            ) from exc
        except openai.APIConnectionError as exc:
            raise TransientError(f"could not reach the LLM endpoint: {exc}") from exc
        except openai.APIStatusError as exc:
            reason = f"{request.model} answered HTTP {exc.status_code}: {_error_message(exc)}"
            if exc.status_code >= 500 or exc.status_code in (408, 409):
                raise TransientError(reason) from exc
            raise PermanentError(reason) from exc
        if not completion.choices:
            raise TransientError(f"{request.model} answered without a choice")
        choice = completion.choices[0]
        message = choice.message
        usage = completion.usage
        return Reply(
            content=message.content,
            finish_reason=choice.finish_reason or "stop",
            refusal=getattr(message, "refusal", None),
            tool_calls=[
                ToolCall(id=call.id, name=call.function.name, arguments=call.function.arguments)
                for call in (message.tool_calls or [])
                if getattr(call, "function", None) is not None
            ],
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            headers=dict(raw.headers),
        )


def _error_code(exc) -> str | None:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body) if isinstance(body.get("error", body), dict) else {}
    return error.get("code") or body.get("code")


def _error_message(exc) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])[:300]
    return json.dumps(body)[:300] if body else exc.message[:300]


@lru_cache(maxsize=4)
def _client_for(api_key: str, base_url: str, timeout: float):
    # The gateway owns retries (re-ask once, Throttled on 429, the orchestrator's attempts on
    # transient errors), so the SDK must not retry behind its back.
    return openai.OpenAI(
        api_key=api_key or "not-needed",  # local servers (Ollama, vLLM) accept any key
        base_url=base_url or None,
        timeout=timeout,
        max_retries=0,
    )


def _client():
    return _client_for(
        settings.OPENAI_API_KEY, settings.OPENAI_BASE_URL, settings.LLM_TIMEOUT_SECONDS
    )


PROVIDERS: dict[str, type[Provider]] = {
    RulesProvider.name: RulesProvider,
    OpenAIProvider.name: OpenAIProvider,
}


def get_provider(name: str | None = None) -> Provider:
    name = name or settings.LLM_PROVIDER
    try:
        return PROVIDERS[name]()
    except KeyError:
        raise PermanentError(f"unknown LLM provider {name!r}") from None


def model_for(agent: str) -> str:
    """LLM_MODEL_<AGENT> if set, else LLM_MODEL; the rules provider reports "rules"."""
    if settings.LLM_PROVIDER == "rules":
        return "rules"
    return settings.LLM_AGENT_MODELS.get(agent.lower(), settings.LLM_MODEL)
