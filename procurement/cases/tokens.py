"""People's bearer tokens for the JSON API under /api/ (agents have their own: AgentToken).

Only the sha256 of a token is stored; the token is shown once, when it is made.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from agents.tools.services import token_digest
from procurement.models import ApiToken

TOKEN_PREFIX = "ptu_"  # noqa: S105 - not a secret: tells a person's token from an agent's (ptt_)


@dataclass(frozen=True)
class IssuedApiToken:
    token: ApiToken
    raw: str  # shown once, never stored


def api_token_create(*, user, name: str = "") -> IssuedApiToken:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:200], prefix=raw[:12], digest=token_digest(raw)
    )
    return IssuedApiToken(token, raw)


def api_token_authenticate(*, raw_token: str) -> ApiToken | None:
    """The token's row (with its user) if it exists, revoked or not; else None."""
    if not raw_token.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user").filter(digest=token_digest(raw_token)).first()
    )
    if token and token.is_active:
        now = timezone.now()
        # One write a minute at most: a script polling the API should not write on every call.
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def api_token_revoke(*, token_id: int) -> bool:
    """Revoke once; False when it was already revoked (or does not exist)."""
    return bool(
        ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
