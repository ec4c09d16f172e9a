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
from tests.pipeline.conftest import (
    assert_settled_per_purchase_order,
    drafts_an_email,
    ingest,
    request_email,
)

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

    held = assert_settled_per_purchase_order(manifest, workers.logs())
    drafted = [name for name in held if drafts_an_email(manifest[name])]
    for name in drafted:
        request_email(name)
    while Workflow.objects.exclude(state__in=SETTLED).exists():
        assert time.monotonic() < deadline, workers.logs()
        time.sleep(0.25)
    assert OutboundEmail.objects.count() == len(drafted)
