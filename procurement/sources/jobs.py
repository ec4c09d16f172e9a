"""The scheduled job that polls every configured source (agents/orchestrator/cron.py runs it)."""
from __future__ import annotations

import logging

from django.conf import settings

log = logging.getLogger(__name__)


def poll_sources() -> dict[str, int]:
    """Poll the inbox folder, the S3 bucket and the IMAP mailbox, whichever are configured; one
    failing source does not keep the others waiting. Returns how many items each source took.
    """
    from procurement.sources.imap import imap_poll
    from procurement.sources.inbox import inbox_poll
    from procurement.sources.s3 import s3_poll

    taken: dict[str, int] = {}
    failed = []
    for name, configured, poll in (
        ("inbox", settings.INBOX_DIR, inbox_poll),
        ("s3", settings.S3_BUCKET, s3_poll),
        ("imap", settings.IMAP_HOST, imap_poll),
    ):
        if not configured:
            continue
        try:
            taken[name] = len(poll())
        except Exception:
            log.exception("polling the %s source failed; the next poll tries again", name)
            failed.append(name)
    if failed:
        # Fail the job too, so rq's failed-job registry shows it, after every source had a turn.
        raise RuntimeError(f"polling failed for: {', '.join(failed)}")
    return taken
