"""Scheduled memory upkeep (agents/orchestrator/cron.py)."""
from memory.services import facts_expire


def expire_facts() -> int:
    """Mark facts past their expiry (search withholds them already; the review page shows it)."""
    return facts_expire()
