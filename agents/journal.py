"""Rows that record what a step did, kept even when the step's own writes are rolled back.

A step's writes commit with its completion or not at all (agents/orchestrator/execution.py), which
is what makes a retried or duplicated step change nothing twice. But what the step *did* happened
regardless: a tool was called (audit), an LLM was paid for (ledger and budget), an admin was
alerted. Those rows are kept here while the step runs, and written again after a rollback, so the
decision trail and the spend stay complete.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models, transaction

log = logging.getLogger(__name__)

_local = threading.local()


@contextmanager
def recording() -> Iterator[list[models.Model]]:
    """Collect the rows created by `keep()` in this thread until the block ends."""
    previous = getattr(_local, "rows", None)
    _local.rows = rows = []
    try:
        yield rows
    finally:
        _local.rows = previous


def keep(row: models.Model) -> models.Model:
    """Mark a freshly created row as one that must survive a rollback of the current step."""
    rows = getattr(_local, "rows", None)
    if rows is not None:
        rows.append(row)
    return row


def restore(rows: list[models.Model]) -> None:
    """After the step's transaction rolled back: insert the kept rows again, in their order.

    Never raises: the caller still has to record the step's failure. A row that cannot be
    written (say, a budget alert another worker raised for the same day in the meantime) is
    logged and skipped. Each row keeps the time it was first written, so the trail stays in order.
    """
    for row in rows:
        created = {
            field.attname: getattr(row, field.attname)
            for field in row._meta.concrete_fields
            if getattr(field, "auto_now_add", False)
        }
        row.pk = None
        row._state.adding = True
        try:
            with transaction.atomic():
                row.save(force_insert=True)
                if created:
                    type(row)._default_manager.filter(pk=row.pk).update(**created)
        except Exception:
            log.exception("could not keep a %s row after its step rolled back", row._meta.label)
    rows.clear()
