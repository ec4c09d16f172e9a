import json
from io import StringIO

from django.core.management import call_command

from agents.orchestrator.models import Workflow
from agents.orchestrator.states import State
from tests.orchestration.helpers import committed_db

pytestmark = committed_db


def summary() -> dict:
    out = StringIO()
    call_command("workflows", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_it_reports_counts_pending_and_stuck_as_json(start, in_process, settings):
    settings.STEP_RETRY_BASE_SECONDS = 60
    start("ok.pdf")
    start("permanent.pdf")
    start("failalways.pdf")  # pending, with a retry scheduled: not stuck
    lost = start("disc.pdf")
    # a workflow whose next step never got created: nothing will move it
    Workflow.objects.filter(pk=lost.pk).update(state=State.PARSED)

    report = summary()

    assert set(report) == {"by_state", "pending", "stuck", "oldest_pending_seconds"}
    assert report["by_state"]["approved"] == 1
    assert report["by_state"]["needs_human"] == 1
    assert report["by_state"]["parsing"] == 1
    assert report["by_state"]["parsed"] == 1
    assert set(report["by_state"]) == {state.value for state in State}
    assert report["pending"] == 2
    assert report["stuck"] == 1
    assert isinstance(report["oldest_pending_seconds"], float)


def test_it_reports_no_oldest_pending_when_nothing_is_pending(start, in_process):
    start("ok.pdf")

    report = summary()

    assert report["pending"] == 0 and report["stuck"] == 0
    assert report["oldest_pending_seconds"] is None


def test_it_prints_a_readable_table_without_json(start, in_process):
    start("ok.pdf")
    out = StringIO()

    call_command("workflows", stdout=out)

    text = out.getvalue()
    assert "approved" in text and "pending" in text and "stuck" in text
