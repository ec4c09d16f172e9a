"""The demo invoices through two real rq worker processes on Redis: every invoice settles where
the manifest says, and each email is proposed exactly once. (A worker killed mid-step:
test_it_settles_the_demo_batch_within_a_minute_of_a_worker_killed_mid_step.py.)
"""
from __future__ import annotations

import time

import pytest

from agents.orchestrator.models import Workflow
from agents.orchestrator.states import SETTLED
from approvals.models import OutboundEmail
from tests.pipeline.conftest import ingest, request_email

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_it_settles_every_demo_invoice_through_two_workers(demo_pdfs, workers):
    pdf_dir, manifest = demo_pdfs
    workers.worker()
    workers.worker()
    workers.scheduler()

    code, results = ingest(*sorted(pdf_dir.glob("*.pdf")), wait=0)
    assert code == 3  # nothing can have settled yet: the work is on the queues
    deadline = time.monotonic() + 120
    while Workflow.objects.exclude(state__in=SETTLED).exists():
        assert time.monotonic() < deadline, workers.logs()
        time.sleep(0.25)

    states = dict(Workflow.objects.values_list("document__original_filename", "state"))
    for name, entry in manifest.items():
        wanted = (
            {"approved"} if entry["expected"] == "approved"
            else {"exception", "needs_human"}
        )
        assert states[name] in wanted, (name, states[name], workers.logs())
    drafted = [e for e in manifest.values()
               if e["expected"] == "exception" and e.get("vendor_on_file", True)]
    for entry in drafted:
        request_email(entry["file"])
    while Workflow.objects.exclude(state__in=SETTLED).exists():
        assert time.monotonic() < deadline, workers.logs()
        time.sleep(0.25)
    assert OutboundEmail.objects.count() == len(drafted)
