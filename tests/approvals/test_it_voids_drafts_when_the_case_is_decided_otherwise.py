"""A clerk who rejects the invoice (or approves it for payment) settles the case: a draft still
waiting (here, one the guardrails blocked) is voided and will never be sent."""
from __future__ import annotations

from agents.orchestrator.models import Workflow
from approvals.models import OutboundEmail
from procurement.cases import case_sync
from procurement.cases.actions import case_reject


def test_it_voids_a_blocked_draft_when_the_clerk_rejects_the_invoice(case, clerk):
    Workflow.objects.create(document=case.invoice.document, state="needs_human")
    email = case.propose(prose="Card 4111 1111 1111 1111 please.")
    assert email.state == OutboundEmail.State.BLOCKED
    folder = case_sync(document_id=case.invoice.document_id)

    case_reject(case_id=folder.pk, user=clerk, reason="Not ours")

    email.refresh_from_db()
    assert email.state == OutboundEmail.State.VOIDED
    assert email.reason == f"The case was rejected by {clerk.username}."
