"""The trail merges steps, events, tool calls, LLM calls, budget alerts and email proposals into
one timeline, in the order things happened, whatever table they live in."""
from __future__ import annotations

from agents.orchestrator.trail import workflow_trail


def test_it_orders_entries_across_sources(trail_builder):
    trail = trail_builder()
    trail.event("DocumentReceived", 0)
    intake = trail.step(
        "intake",
        [(1, 2, "failed: TimeoutError: the provider did not answer"), (5, 8, "succeeded")],
        input={"document_id": 1},
        output={"invoice_id": 1},
    )
    trail.llm_call(1.5, intake, outcome="error", error="ReadTimeout")
    trail.tool_call(6, intake, "documents.get")
    trail.tool_call(6.5, intake, "email.propose", outcome="denied", error="needs email:propose")
    trail.llm_call(7, intake)
    trail.event("DocumentParsed", 8.1, step=intake)
    trail.budget_alert(9)
    trail.email(10)

    entries = workflow_trail(workflow_id=trail.workflow.pk)

    assert [(entry.kind, entry.title) for entry in entries] == [
        ("event", "DocumentReceived"),
        ("step_started", "intake started (attempt 1 of 3)"),
        ("llm_call", "intake.task"),
        ("step_failed", "intake failed (attempt 1)"),
        ("step_started", "intake started (attempt 2 of 3)"),
        ("tool_call", "documents.get"),
        ("tool_call", "email.propose"),
        ("llm_call", "intake.task"),
        ("step_finished", "intake finished"),
        ("event", "DocumentParsed"),
        ("budget_alert", "Workflow budget of 1000 tokens reached."),
        ("email_proposed", "Email proposed to billing@vendor.example"),
    ]
    times = [entry.at for entry in entries]
    assert times == sorted(times)

    failed_llm, denied = entries[2], entries[6]
    assert failed_llm.tone == "bad" and failed_llm.badge == "Error"
    assert failed_llm.detail["error"] == "ReadTimeout"
    assert ("model", "openai/gpt-test") in failed_llm.facts
    assert denied.tone == "bad" and denied.badge.startswith("Denied")
    assert entries[3].detail == {"error": "TimeoutError: the provider did not answer"}
    # Only the attempt that counted carries the step's output; both carry its input.
    assert entries[8].detail == {"output": {"invoice_id": 1}}
    assert entries[1].detail == entries[4].detail == {"input": {"document_id": 1}}


def test_it_places_a_tool_call_at_its_start_before_what_it_created(trail_builder):
    """The audit row is written when a call returns; the email it proposed was created inside."""
    trail = trail_builder()
    step = trail.step("exception", [(0, 5, "succeeded")])
    trail.email(2.5)
    trail.tool_call(2.6, step, "email.propose", duration_ms=200)

    kinds = [entry.kind for entry in workflow_trail(workflow_id=trail.workflow.pk)]

    assert kinds == ["step_started", "tool_call", "email_proposed", "step_finished"]


def test_it_lists_a_person_s_retry_as_a_decision(trail_builder):
    trail = trail_builder()
    step = trail.step("validation", [(0, 1, "failed: vendor service down")])
    trail.event("WorkflowRetried", 30, step=step, by="carla.clerk", previous_error="down")

    decision = workflow_trail(workflow_id=trail.workflow.pk)[-1]

    assert decision.kind == "decision"
    assert decision.title == "WorkflowRetried by carla.clerk"
    assert decision.agent == "carla.clerk"


def test_it_reads_each_source_once(trail_builder, django_assert_num_queries):
    trail = trail_builder()
    for second in range(5):
        step = trail.step(f"agent{second}", [(second, second + 0.5, "succeeded")])
        trail.tool_call(second + 0.1, step, "invoices.get")
        trail.llm_call(second + 0.2, step)
        trail.event("Something", second + 0.6, step=step)

    with django_assert_num_queries(7):  # one per source, email state changes included
        entries = workflow_trail(workflow_id=trail.workflow.pk)
    assert len(entries) == 25
