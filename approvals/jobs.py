"""rq job entry points of the outbox relay. Each takes ids only, loads fresh state and calls a
service; imports are lazy so the scheduler can load this module cheaply."""
from __future__ import annotations


def send_email(email_id: int) -> str:
    from approvals.outbox import email_send

    return email_send(email_id=email_id)


def sweep_outbox() -> dict:
    from approvals.outbox import outbox_sweep

    return outbox_sweep()
