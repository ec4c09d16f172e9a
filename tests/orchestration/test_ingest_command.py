import json
from io import StringIO

from django.core.management import call_command

from agents.orchestrator.models import Workflow
from tests.orchestration.helpers import committed_db

pytestmark = committed_db

KEYS = {"path", "document_id", "sha256", "duplicate_of", "workflow_id", "state", "exceptions"}


def ingest(*args) -> tuple[list[dict], int]:
    out = StringIO()
    code = 0
    try:
        call_command("ingest", *args, stdout=out)
    except SystemExit as exc:
        code = exc.code
    return [json.loads(line) for line in out.getvalue().splitlines()], code


def test_it_ingests_a_folder_and_reports_each_document_once_settled(make_pdf, in_process, tmp_path):
    inbox = tmp_path / "inbox"
    ok, disc = make_pdf("ok.pdf", inbox), make_pdf("disc.pdf", inbox)
    (inbox / "notes.txt").write_text("not a pdf")
    copy = tmp_path / "copy-of-ok.pdf"
    copy.write_bytes(ok.read_bytes())

    lines, code = ingest(str(inbox), str(copy), "--wait", "10")

    assert code == 0
    assert [set(line) for line in lines] == [KEYS, KEYS, KEYS]
    by_path = {line["path"]: line for line in lines}
    assert by_path[str(disc)]["state"] == "exception"
    assert by_path[str(disc)]["exceptions"] == ["price_variance", "quantity_variance"]
    assert by_path[str(ok)]["state"] == "approved"
    assert by_path[str(ok)]["exceptions"] == []
    assert by_path[str(ok)]["duplicate_of"] is None
    duplicate = by_path[str(copy)]
    assert duplicate["duplicate_of"] == by_path[str(ok)]["document_id"]
    assert duplicate["workflow_id"] == by_path[str(ok)]["workflow_id"]
    assert len(by_path[str(ok)]["sha256"]) == 64
    assert Workflow.objects.count() == 2  # the copy was not processed twice


def test_it_exits_3_when_the_wait_runs_out(make_pdf, in_process, settings):
    settings.STEP_RETRY_BASE_SECONDS = 60  # the failing step's retry is far away

    lines, code = ingest(str(make_pdf("failalways.pdf")), "--wait", "0.5")

    assert code == 3
    assert lines[0]["state"] == "parsing"


def test_it_returns_at_once_without_wait(make_pdf, in_process):
    lines, code = ingest(str(make_pdf("ok.pdf")))

    assert code == 0 and set(lines[0]) == KEYS
