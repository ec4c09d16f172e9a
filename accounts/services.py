"""Login throttling: per account and per address, on every login page (the app's and the admin's).

Failures live in the database, not in Redis: the count must hold across web processes (Redis is
optional in embedded mode) and tests get isolation for free. A row is written only for a failed
attempt that was allowed to check a password, so a locked-out attacker adds nothing.
"""
from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import LoginFailure


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def _account(username: str) -> str:
    return username.strip().lower()[:150]


def login_throttle_wait(*, username: str, address: str | None) -> int:
    """Minutes until this account, or this address, may try again; 0 if it may now."""
    now = timezone.now()
    since = now - _window()
    waits = [0]
    for query, limit in (
        (Q(username=_account(username)), settings.LOGIN_FAILURES_PER_ACCOUNT),
        (Q(address=address), settings.LOGIN_FAILURES_PER_ADDRESS if address else 0),
    ):
        if not limit:
            continue
        times = list(
            LoginFailure.objects.filter(query, at__gte=since)
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(times) >= limit:
            # Free again once the oldest of the last `limit` failures leaves the window.
            waits.append(math.ceil((times[-1] + _window() - now).total_seconds() / 60))
    return max(waits)


def login_failure_record(*, username: str, address: str | None) -> None:
    now = timezone.now()
    account = _account(username)
    # Rows older than the window count for nothing: drop this account's and address's.
    LoginFailure.objects.filter(
        Q(username=account) | Q(address=address) if address else Q(username=account),
        at__lt=now - _window(),
    ).delete()
    LoginFailure.objects.create(username=account, address=address, at=now)


def login_failures_clear(*, username: str) -> None:
    """After a successful sign-in the account starts afresh (its address's count stays)."""
    LoginFailure.objects.filter(username=_account(username)).delete()
