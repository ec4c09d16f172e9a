"""The scheduler's schedule, in code: `python manage.py rqcron agents.orchestrator.cron`.

Nothing about it is stored in Redis, so a Redis that lost everything still gets its sweeps, and
the sweeps rebuild the rest.
"""
from django.conf import settings
from rq import cron

from agents.orchestrator.jobs import sweep
from approvals.jobs import sweep_outbox
from memory.jobs import expire_facts
from procurement.sources.jobs import poll_sources

cron.register(
    sweep,
    queue_name="maintenance",
    interval=settings.SWEEPER_INTERVAL_SECONDS,
    job_timeout=max(60, settings.SWEEPER_INTERVAL_SECONDS * 10),
    # a sweep nobody picked up in time is replaced by the next one instead of piling up
    ttl=max(30, settings.SWEEPER_INTERVAL_SECONDS * 3),
    result_ttl=60,
)

# The inbox folder, the S3 bucket and the IMAP mailbox (README: "Getting invoices in"); a no-op
# when none is set.
cron.register(
    poll_sources,
    queue_name="maintenance",
    interval=settings.SOURCES_POLL_SECONDS,
    job_timeout=max(300, settings.SOURCES_POLL_SECONDS * 5),
    ttl=max(60, settings.SOURCES_POLL_SECONDS * 2),
    result_ttl=60,
)

# The outbox relay's safety net (README: "Approvals"): approved emails whose job Redis lost,
# sends whose worker died (lease expired), retries that came due, and drafts left too long.
cron.register(
    sweep_outbox,
    queue_name="maintenance",
    interval=settings.SWEEPER_INTERVAL_SECONDS,
    job_timeout=max(60, settings.SWEEPER_INTERVAL_SECONDS * 10),
    ttl=max(30, settings.SWEEPER_INTERVAL_SECONDS * 3),
    result_ttl=60,
)

# Facts nobody confirmed within MEMORY_FACT_DAYS are marked expired (README: "The librarian").
cron.register(
    expire_facts,
    queue_name="maintenance",
    interval=3600,
    job_timeout=300,
    ttl=600,
    result_ttl=60,
)
