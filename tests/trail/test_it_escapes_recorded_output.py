"""Tool results, LLM errors, step output and email bodies are untrusted: the page escapes them."""
from __future__ import annotations

SCRIPT = "<script>alert('trail')</script>"


def test_it_escapes_recorded_output(trail_builder, client, clerk):
    trail = trail_builder()
    step = trail.step("exception", [(0, 5, "succeeded")], output={"note": SCRIPT})
    trail.tool_call(1, step, "vendors.get", result_summary=f'{{"name": "{SCRIPT}"}}')
    trail.tool_call(2, step, "memory.search", result_summary=SCRIPT + " (cut…")
    trail.llm_call(3, step, outcome="invalid", error=SCRIPT)
    trail.email(4, body=SCRIPT, to_name=SCRIPT)
    trail.event("NeedsHuman", 6, step=step, reason=SCRIPT)
    client.force_login(clerk)

    page = client.get(f"/documents/{trail.document.pk}/").content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;trail&#x27;)&lt;/script&gt;" in page
