"""Validation again, on demand: after a clerk corrected a field or picked the vendor.

The clerk's desk calls `invoice_revalidate`; it runs the validation agent's own checks through
its own tools, as a validation step of the document's workflow run right here (so the trail
shows it with its tool calls), and records a fact event. It moves neither the workflow nor the
case's state: what follows (accept, request an email) is the caller's decision, on the verdict
it returns.
"""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.services import workflow_emit

REVALIDATED = "InvoiceRevalidated"


def invoice_revalidate(*, document_id: int, by: str = "") -> dict:
    """Check the document's invoice again, now, and record the new findings and checks.

    Returns the validation summary: invoice_id, vendor_id, purchase_order_id, kinds (the blocking
    finding kinds; empty means nothing stands in the way), status ("matched" or "exception"),
    findings and checks. A finding a person accepted stays accepted when it is found again
    unchanged. Raises procurement.services.Refused (via the tool, as ToolFailed) once a person
    approved or rejected the invoice.
    """
    from agents.llm.gateway import LLMClient
    from agents.tools.client import ToolClient
    from agents.validation.step import validate

    workflow = Workflow.objects.get(document_id=document_id)
    # All or nothing: a failed re-run leaves the earlier verdict and no half-written step.
    with transaction.atomic():
        # Writing tools act only for a running step of their agent: this is that step.
        step = Step.objects.create(
            workflow=workflow, agent="validation", queue="inline",
            workflow_state=workflow.state, state=Step.State.RUNNING, attempt=1,
            input={"event": REVALIDATED, "by": by, "document_id": document_id},
            started_at=timezone.now(),
        )
        ids = {"workflow_id": workflow.pk, "step_id": step.pk}
        _, summary = validate(ToolClient("validation", **ids), document_id,
                              llm=LLMClient(agent="validation", **ids))
        Step.objects.filter(pk=step.pk).update(
            state=Step.State.SUCCEEDED, output=summary, finished_at=timezone.now()
        )
        workflow_emit(
            workflow_id=workflow.pk,
            event_type=REVALIDATED,
            payload={"by": by, "invoice_id": summary["invoice_id"], "kinds": summary["kinds"],
                     "status": summary["status"]},
        )
    return summary
