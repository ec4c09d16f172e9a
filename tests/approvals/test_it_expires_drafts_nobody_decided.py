"""A drafted email nobody decides within APPROVALS_EXPIRE_DAYS expires (the outbox sweep runs
this): it can never be sent, and a draft that was waiting for an approver hands its case back to
the clerk with the reason. A younger draft is left alone, and expiring twice changes nothing."""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from agents.orchestrator.models import Workflow
from approvals.models import OutboundEmail
from approvals.services import email_propose, emails_expire
from procurement.cases import case_sync

S = OutboundEmail.State


def _draft(case, workflow: Workflow, key: str) -> OutboundEmail:
    email, _ = email_propose(
        invoice_id=case.invoice.pk, workflow_id=workflow.pk, to_email=case.contact.email,
        to_name=case.contact.name, subject=f"Invoice INV-1 / PO-1001 ({key})",
        body="Dear Petra,\n\nInvoice INV-1 on PO-1001 bills line 2 at 88.00 EUR; the order says "
        "80.00 EUR. Please send a credit note.\n\nSam Lee",
        signed_by_id=case.manager.pk, drafted_by="a person", idempotency_key=key,
    )
    return email


def test_it_expires_an_undecided_draft_and_hands_the_case_back_to_the_clerk(case, settings):
    settings.APPROVALS_EXPIRE_DAYS = 7
    workflow = Workflow.objects.create(document=case.invoice.document, state="awaiting_approval")
    old = _draft(case, workflow, "old")
    young = _draft(case, workflow, "young")
    assert (old.state, young.state) == (S.AWAITING_APPROVAL, S.AWAITING_APPROVAL)
    OutboundEmail.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=7, hours=1))

    assert emails_expire() == 1

    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.state, old.reason) == (S.EXPIRED, "Expired without a decision.")
    assert young.state == S.AWAITING_APPROVAL
    workflow.refresh_from_db()
    assert workflow.state == "needs_human"
    assert case_sync(document_id=case.invoice.document_id).state == "needs_clerk"
    assert emails_expire() == 0
