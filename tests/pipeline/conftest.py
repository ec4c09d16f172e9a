"""The demo world, seeded into the test database, and its invoice PDFs on disk."""
from __future__ import annotations

import io
import json
import os

import pytest
from django.core.management import call_command

from procurement.demo import seed_demo
from tests.conftest import require_service
from tests.llm.conftest import fake_llm, llm_settings  # noqa: F401 - shared fixtures
from tests.orchestration.conftest import Processes


@pytest.fixture
def demo_pdfs(tmp_path):
    pdf_dir = tmp_path / "demo_invoices"
    seed_demo(pdf_dir=pdf_dir)
    entries = json.loads((pdf_dir / "manifest.json").read_text())
    manifest = {entry["file"]: entry for entry in entries}
    return pdf_dir, manifest


def assert_settled_per_purchase_order(manifest: dict, logs: str = "") -> list[str]:
    """Every demo invoice settled where the manifest says, counted per purchase order, and the
    names of the held ones. Invoices on one PO (an original and its copy, two invoices that
    together over-bill) are read by concurrent workers in no fixed order, and the one validated
    second is the one held: so per PO the end states must be the manifest's, whichever file got
    which."""
    from agents.orchestrator.models import Workflow
    from procurement.models import Finding

    states = dict(Workflow.objects.values_list("document__original_filename", "state"))
    by_po: dict[str, list[str]] = {}
    for name, entry in manifest.items():
        by_po.setdefault(entry["po_number"], []).append(name)
    for names in by_po.values():
        got = sorted("approved" if states[n] == "approved" else "held" for n in names)
        wanted = sorted(
            "approved" if manifest[n]["expected"] == "approved" else "held" for n in names
        )
        kinds = {n: sorted(Finding.objects.filter(invoice__document__original_filename=n)
                           .values_list("kind", flat=True)) for n in names}
        assert got == wanted, (names, [states[n] for n in names], kinds, logs)
        assert all(states[n] in {"approved", "exception", "needs_human"} for n in names)
    return sorted(n for n, state in states.items() if state != "approved")


def drafts_an_email(entry: dict) -> bool:
    """Whether a clerk can have a vendor email drafted about this held demo invoice: not when no
    single vendor on file sent it (nobody to write to), nor when every finding is our own
    business (an ambiguous or inactive vendor), which the vendor cannot correct.
    """
    from agents.exception.compose import INTERNAL_KINDS

    return (entry["expected"] != "approved" and entry.get("vendor_on_file", True)
            and not set(entry["discrepancies"]) <= INTERNAL_KINDS)


def request_email(filename: str) -> None:
    """A clerk asks the exception agent for a vendor email about the invoice in `filename`,
    through the same service as the case page's button."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from procurement.cases.actions import case_request_email
    from procurement.models import Case
    from procurement.roles import CLERK

    clerk, _ = get_user_model().objects.get_or_create(username="demo.desk.clerk")
    clerk.groups.add(Group.objects.get(name=CLERK))
    case = Case.objects.get(document__original_filename=filename)
    case_request_email(case_id=case.pk, user=clerk)


def ingest(*paths, wait: float = 120) -> tuple[int, list[dict]]:
    """Run `manage.py ingest --wait` and return its exit code and JSON lines."""
    out = io.StringIO()
    code = 0
    try:
        call_command("ingest", *map(str, paths), "--wait", str(wait), stdout=out)
    except SystemExit as exit_:
        code = exit_.code
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


class PipelineProcesses(Processes):
    """Real rq workers running the product's own agents (not the orchestration test agents)."""

    def env(self) -> dict[str, str]:
        return {
            **super().env(),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "LLM_PROVIDER": "rules",
        }


@pytest.fixture
def workers(transactional_db, settings, tmp_path):
    import django_rq

    require_service("Redis", os.environ.get("REDIS_URL"))
    settings.REDIS_URL = os.environ["REDIS_URL"]
    settings.LLM_PROVIDER = "rules"
    connection = django_rq.get_connection("steps")
    connection.flushdb()
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    procs = PipelineProcesses(settings, log_dir)
    yield procs
    procs.stop_all()
    connection.flushdb()
