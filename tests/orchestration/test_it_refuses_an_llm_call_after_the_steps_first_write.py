"""An agent asks and reads first and writes last: an LLM request after its first write would hold
the step's transaction (and the workflow's lock) open for as long as the model takes, so it is
refused, and the step stops for a person with the reason, having written nothing."""

from agents.orchestrator.models import Step
from agents.orchestrator.registry import register
from agents.orchestrator.states import State
from tests.orchestration import agents
from tests.orchestration.helpers import committed_db, effects

pytestmark = committed_db

def test_it_fails_the_step_that_asks_the_llm_after_writing(start, in_process, settings):
    from agents.llm.tasks import READ_FIELDS

    settings.LLM_PROVIDER = "rules"

    def writes_then_asks(ctx):
        agents._record_effect(ctx)
        ctx.llm.structured(READ_FIELDS, {"page_text": "Total 10.00", "unsure_fields": ["total"]})
        ctx.emit("DocumentParsed", {})

    register("intake", writes_then_asks, queue="llm", timeout=5, max_attempts=3)
    workflow = start("ok.pdf")

    workflow.refresh_from_db()
    assert workflow.state == State.NEEDS_HUMAN
    assert "the LLM request intake.read_fields after the step's first write" in workflow.reason
    assert Step.objects.get(workflow=workflow).attempt == 1  # permanent: not retried
    assert effects(workflow.pk) == {}
