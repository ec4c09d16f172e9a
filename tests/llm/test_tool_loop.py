"""The tool-calling variant: OpenAI tool definitions in, a dispatcher called, a valid answer out."""
import json

import pytest

from agents.errors import PermanentError, ToolPermissionError
from agents.llm.gateway import LLMClient
from agents.llm.models import LlmCall
from agents.llm.tasks import MATCH_DESCRIPTIONS, DescriptionMatch, Task
from tests.fake_llm import Reply

LOOKUP = {
    "type": "function",
    "function": {
        "name": "po_line_lookup",
        "description": "The purchase order line with this number.",
        "parameters": {"type": "object", "properties": {"line_no": {"type": "integer"}},
                       "required": ["line_no"]},
    },
}
UNRELATED = {"type": "function", "function": {"name": "vendor_bank_change", "parameters": {}}}
# The same task, declared with one tool (tasks are frozen: a variant, not a change).
WITH_TOOLS = Task(
    name=MATCH_DESCRIPTIONS.name, agent="validation", prompt_file=MATCH_DESCRIPTIONS.prompt_file,
    inputs=MATCH_DESCRIPTIONS.inputs, output=DescriptionMatch, tools=("po_line_lookup",),
)
MATCH = {"invoice_description": "M8 bolts", "po_description": "see PO line 2"}
ANSWER = {"matches": True, "confidence": 0.9, "reason": "line 2 is M8 bolts"}


def test_it_dispatches_tool_calls_and_returns_the_validated_answer(llm_settings, fake_llm, db):
    fake_llm.script(Reply.tools(("po_line_lookup", {"line_no": 2})), Reply.json(ANSWER))
    calls = []

    def dispatch(name, arguments_json):
        calls.append((name, json.loads(arguments_json)))
        return {"line_no": 2, "description": "Bolt M8 x 40"}

    answer = LLMClient(agent="validation").tool_loop(
        WITH_TOOLS, MATCH, tools=[LOOKUP], dispatch=dispatch
    )

    assert answer == DescriptionMatch(**ANSWER)
    assert calls == [("po_line_lookup", {"line_no": 2})]
    first, second = fake_llm.requests
    assert first["tools"] == [LOOKUP]
    assistant, tool_result = second["messages"][-2:]
    assert assistant["tool_calls"][0]["function"]["name"] == "po_line_lookup"
    assert tool_result["role"] == "tool" and "Bolt M8 x 40" in tool_result["content"]
    assert list(LlmCall.objects.values_list("outcome", flat=True)) == ["ok", "ok"]


def test_it_refuses_tools_the_task_did_not_declare(llm_settings, fake_llm, db):
    with pytest.raises(PermanentError, match="vendor_bank_change.*not declared"):
        LLMClient(agent="validation").tool_loop(
            WITH_TOOLS, MATCH, tools=[LOOKUP, UNRELATED], dispatch=lambda *a: None
        )
    assert fake_llm.requests == []


def test_it_passes_the_raw_arguments_to_the_dispatcher_which_owns_their_schema(
    llm_settings, fake_llm, db
):
    fake_llm.script(Reply.tools(("po_line_lookup", "{not json")), Reply.json(ANSWER))
    dispatched = []

    def dispatch(name, arguments_json):
        dispatched.append((name, arguments_json))
        return '{"error": "arguments are not valid JSON"}'

    LLMClient(agent="validation").tool_loop(
        WITH_TOOLS, MATCH, tools=[LOOKUP], dispatch=dispatch
    )

    assert dispatched == [("po_line_lookup", "{not json")]
    assert "not valid JSON" in fake_llm.requests[1]["messages"][-1]["content"]


def test_it_stops_after_max_rounds_of_tool_calls(llm_settings, fake_llm, db):
    fake_llm.default = Reply.tools(("po_line_lookup", {"line_no": 1}))

    with pytest.raises(PermanentError, match="no final answer after 2 rounds"):
        LLMClient(agent="validation").tool_loop(
            WITH_TOOLS, MATCH, tools=[LOOKUP], dispatch=lambda *a: "{}", max_rounds=2
        )
    assert len(fake_llm.requests) == 3


def test_errors_from_the_dispatcher_propagate(llm_settings, fake_llm, db):
    fake_llm.script(Reply.tools(("po_line_lookup", {"line_no": 1})))

    def refuse(name, arguments):
        raise ToolPermissionError("validation may not read purchase orders")

    with pytest.raises(ToolPermissionError):
        LLMClient(agent="validation").tool_loop(
            WITH_TOOLS, MATCH, tools=[LOOKUP], dispatch=refuse
        )
