"""The one way agents talk to a language model.

    from agents.llm.gateway import LLMClient
    from agents.llm.tasks import DRAFT_EMAIL

    llm = LLMClient(agent="exception", workflow_id=step.workflow_id, step_id=step.pk)
    email = llm.structured(DRAFT_EMAIL, {"vendor_name": ..., ...})   # -> tasks.DraftEmail

Every metered request reserves its estimated cost against the budgets before it is sent (and
settles it with the real usage after); every request is rate-limited across all workers, lands in
the ledger, and has its answer validated against the task's pydantic model before anyone sees
it. An invalid answer (truncated, not JSON, the wrong shape, a refusal) is re-asked once with the
error; a second failure raises PermanentError. Errors are the shared ones from agents.errors:
Throttled (run the step later, no attempt used), BudgetExceeded, TransientError, PermanentError.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from agents import writes
from agents.errors import AgentError, PermanentError, Throttled
from agents.llm import services
from agents.llm.models import LlmCall
from agents.llm.providers import ProviderThrottled, Reply, Request, get_provider, model_for
from agents.llm.ratelimit import get_rate_limiter
from agents.llm.tasks import Inputs, Task
from agents.llm.tokens import estimate_prompt_tokens

Outcome = LlmCall.Outcome
Dispatch = Callable[[str, str], Any]


class _Invalid(Exception):
    """A reply that cannot be used; its message is what the model is told on the re-ask."""


class LLMClient:
    """A gateway handle for one agent, optionally inside one workflow step (for ledger/budget)."""

    def __init__(
        self,
        *,
        agent: str,
        workflow_id: int | None = None,
        step_id: int | None = None,
        vendor_id: int | None = None,
    ):
        self.agent = agent
        self.workflow_id = workflow_id
        self.step_id = step_id
        self.vendor_id = vendor_id

    def structured(self, task: Task, inputs: dict | Inputs) -> BaseModel:
        """Ask `task` with `inputs` (only its declared fields); return a validated `task.output`."""
        return self.tool_loop(task, inputs, tools=[], dispatch=None, max_rounds=0)

    def tool_loop(
        self,
        task: Task,
        inputs: dict | Inputs,
        *,
        tools: list[dict],
        dispatch: Dispatch | None,
        max_rounds: int = 4,
    ) -> BaseModel:
        """Like `structured`, offering OpenAI tool definitions the task declared.

        Each tool call the model makes is passed to `dispatch(function_name, arguments_json)` and
        its result (a string, a pydantic model, or anything JSON-serialisable) is sent back; with
        the tool registry: `partial(dispatch_tool_call, agent, workflow_id=.., step_id=..)`. The
        loop ends with the model's validated final answer, or PermanentError when the model
        still asks for tools after `max_rounds` rounds. Errors from `dispatch` propagate.
        """
        validated = self._validate_inputs(task, inputs)
        offered = self._check_tools(task, tools)
        messages = self._prompt(task, validated)
        reasked = False
        rounds = 0
        max_tokens = task.max_output_tokens
        while True:
            reply, record = self._send(task, validated, messages, tools, max_tokens)
            if reply.tool_calls and offered:
                if rounds >= max_rounds:
                    record(Outcome.INVALID, error="still calling tools")
                    raise PermanentError(
                        f"{task.name}: no final answer after {max_rounds} rounds of tool calls"
                    )
                record(Outcome.OK)
                rounds += 1
                messages = messages + self._run_tools(reply, offered, dispatch)
                continue
            try:
                answer = self._parse(task, validated, reply)
            except _Invalid as invalid:
                record(Outcome.INVALID, error=str(invalid))
                if reasked:
                    raise PermanentError(
                        f"{task.name}: the model's answer was unusable twice; last: {invalid}"
                    ) from None
                reasked = True
                if reply.finish_reason == "length":
                    max_tokens *= 2
                messages = messages + self._reask(reply, str(invalid))
                continue
            record(Outcome.RETRIED if reasked else Outcome.OK)
            return answer

    # --- building the prompt ------------------------------------------------------------------

    def _validate_inputs(self, task: Task, inputs: dict | Inputs) -> Inputs:
        if task.agent != self.agent:
            raise PermanentError(f"task {task.name} belongs to the {task.agent} agent")
        if isinstance(inputs, task.inputs):
            return inputs
        if isinstance(inputs, BaseModel):
            inputs = inputs.model_dump()
        undeclared = set(inputs) - task.input_fields
        if undeclared:
            raise PermanentError(
                f"{task.name} does not declare the input field(s) {', '.join(sorted(undeclared))}"
            )
        try:
            return task.inputs.model_validate(inputs)
        except ValidationError as exc:
            raise PermanentError(f"{task.name} inputs are invalid: {_brief(exc)}") from None

    @staticmethod
    def _check_tools(task: Task, tools: list[dict]) -> dict[str, dict]:
        offered = {}
        for tool in tools:
            name = (tool.get("function") or {}).get("name", "")
            # the registry spells "purchase_orders.get" as the function "purchase_orders__get"
            if name not in task.tools and name.replace("__", ".") not in task.tools:
                raise PermanentError(f"tool {name!r} is not declared for task {task.name}")
            offered[name] = tool
        return offered

    @staticmethod
    def _prompt(task: Task, inputs: Inputs) -> list[dict]:
        from django.conf import settings

        system = task.instructions
        if settings.LLM_JSON_MODE == "json_object":
            schema = json.dumps(task.output.model_json_schema())
            system += f"\n\nThe JSON must match this JSON schema:\n{schema}"
        return [
            {"role": "system", "content": system},
            {"role": "user", "content": inputs.model_dump_json(exclude_none=True)},
        ]

    @staticmethod
    def _response_format(task: Task) -> dict:
        from django.conf import settings

        if settings.LLM_JSON_MODE == "json_object":
            return {"type": "json_object"}
        return {
            "type": "json_schema",
            "json_schema": {
                "name": task.output.__name__,
                "schema": task.output.model_json_schema(),
                # pydantic schemas (defaults, optional fields) are not all strict-mode schemas
                "strict": False,
            },
        }

    # --- one request --------------------------------------------------------------------------

    def _send(self, task, inputs, messages, tools, max_tokens) -> tuple[Reply, Callable]:
        writes.refuse_slow_io(f"the LLM request {task.name}")
        provider = get_provider()
        model = model_for(self.agent)
        response_format = self._response_format(task)
        prompt_tokens = estimate_prompt_tokens(messages, extra=[response_format, *tools])
        sent = json.dumps([messages, response_format, tools], sort_keys=True)
        row = {
            "workflow_id": self.workflow_id,
            "step_id": self.step_id,
            "agent": self.agent,
            "task": task.name,
            "provider": provider.name,
            "model": model,
            "prompt_hash": hashlib.sha256(sent.encode()).hexdigest(),
            "prompt_chars": sum(len(m.get("content") or "") for m in messages),
            "prompt_tokens_estimated": prompt_tokens,
        }
        limiter = get_rate_limiter()
        key = f"{provider.name}:{model}"
        reservation = None
        if provider.metered:
            reservation = services.llm_call_reserve(
                row=row, vendor_id=self.vendor_id, max_output=max_tokens
            )
            try:
                limiter.acquire(key, tokens=prompt_tokens + max_tokens)
            except BaseException:
                services.llm_call_release(reservation=reservation)
                raise

        def ledger(**fields) -> None:
            # The reservation becomes the call's ledger row; an unmetered call gets one now.
            if reservation is None:
                services.llm_call_record(**row, **fields)
            else:
                services.llm_call_settle(reservation=reservation, **fields)

        request = Request(
            task=task,
            inputs=inputs,
            model=model,
            messages=messages,
            response_format=response_format,
            max_tokens=max_tokens,
            tools=tools,
        )
        started = time.monotonic()

        def elapsed_ms() -> int:
            return int((time.monotonic() - started) * 1000)

        try:
            reply = provider.complete(request)
        except ProviderThrottled as exc:
            limiter.block(key, exc.retry_after)
            limiter.observe(key, exc.headers)
            ledger(outcome=Outcome.THROTTLED, latency_ms=elapsed_ms(), error=exc.reason)
            raise Throttled(exc.reason, retry_after=exc.retry_after) from None
        except AgentError as exc:
            ledger(outcome=Outcome.ERROR, latency_ms=elapsed_ms(), error=exc.reason)
            raise
        latency = elapsed_ms()
        limiter.observe(key, reply.headers)

        def record(outcome: str, error: str = "") -> None:
            ledger(
                outcome=outcome,
                error=error,
                latency_ms=latency,
                prompt_tokens=reply.prompt_tokens,
                completion_tokens=reply.completion_tokens,
            )

        return reply, record

    # --- reading the answer -------------------------------------------------------------------

    @staticmethod
    def _parse(task: Task, inputs: Inputs, reply: Reply) -> BaseModel:
        if reply.refusal:
            raise _Invalid(f"you refused: {reply.refusal[:300]}")
        if reply.finish_reason == "length":
            raise _Invalid("your answer was cut off at the token limit; answer more briefly")
        if reply.finish_reason == "content_filter":
            raise _Invalid("your answer was stopped by the content filter")
        if not reply.content:
            raise _Invalid("your answer was empty")
        try:
            answer = task.output.model_validate_json(reply.content)
        except ValidationError as exc:
            raise _Invalid(f"your answer does not match the schema: {_brief(exc)}") from None
        if task.check:
            try:
                task.check(inputs, answer)
            except ValueError as exc:
                raise _Invalid(str(exc)) from None
        return answer

    @staticmethod
    def _reask(reply: Reply, error: str) -> list[dict]:
        return [
            {"role": "assistant", "content": reply.content or reply.refusal or ""},
            {
                "role": "user",
                "content": f"That answer cannot be used: {error}. Reply again with only the "
                "complete JSON object described above.",
            },
        ]

    @staticmethod
    def _run_tools(reply: Reply, offered: dict[str, dict], dispatch: Dispatch | None) -> list:
        messages: list[dict] = [
            {
                "role": "assistant",
                "content": reply.content,
                "tool_calls": [
                    {
                        "id": call.id,
                        "type": "function",
                        "function": {"name": call.name, "arguments": call.arguments},
                    }
                    for call in reply.tool_calls
                ],
            }
        ]
        for call in reply.tool_calls:
            if call.name not in offered:
                result: Any = {"error": f"there is no tool named {call.name}"}
            else:
                # The dispatcher parses and validates the arguments: it owns the tool schemas.
                result = dispatch(call.name, call.arguments or "{}")
            messages.append(
                {"role": "tool", "tool_call_id": call.id, "content": _as_text(result)}
            )
        return messages


def _as_text(result: Any) -> str:
    if isinstance(result, BaseModel):
        return result.model_dump_json()
    if isinstance(result, str):
        return result
    return json.dumps(result, default=str)


def _brief(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "(root)"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)
