"""Approvals services: proposing an outbound email (the exception agent's only way to write)."""
from __future__ import annotations

from django.db import IntegrityError, transaction

from approvals.models import OutboundEmail


def email_propose(
    *,
    invoice_id: int,
    workflow_id: int | None,
    to_email: str,
    to_name: str,
    subject: str,
    body: str,
    signed_by_id: int | None,
    drafted_by: str,
    idempotency_key: str,
) -> tuple[OutboundEmail, bool]:
    """Record a drafted email as a proposal; the same key twice returns the first proposal."""
    existing = OutboundEmail.objects.filter(idempotency_key=idempotency_key).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                invoice_id=invoice_id,
                workflow_id=workflow_id,
                to_email=to_email,
                to_name=to_name[:200],
                subject=subject[:300],
                body=body,
                signed_by_id=signed_by_id,
                drafted_by=drafted_by[:100],
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        return OutboundEmail.objects.get(idempotency_key=idempotency_key), False
    return email, True
