"""Services of the tool layer: audit rows and agent tokens."""
from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from agents import journal
from agents.tools.manifests import scopes_for
from agents.tools.models import AgentToken, ToolCall

MAX_STRING = 300  # a PDF in base64 or a long email body says nothing more after 300 characters
MAX_ITEMS = 50
MAX_DEPTH = 6
MAX_SUMMARY = 1000


def truncate_for_audit(value: Any, depth: int = 0) -> Any:
    """A JSON-able copy of `value` small enough to keep forever, marked where it was cut."""
    if depth > MAX_DEPTH:
        return "…"
    if isinstance(value, str):
        value = without_nul(value)
        return value if len(value) <= MAX_STRING else f"{value[:MAX_STRING]}… ({len(value)} chars)"
    if isinstance(value, dict):
        return {without_nul(str(k)): truncate_for_audit(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        kept = [truncate_for_audit(v, depth + 1) for v in value[:MAX_ITEMS]]
        if len(value) > MAX_ITEMS:
            kept.append(f"… ({len(value) - MAX_ITEMS} more)")
        return kept
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return truncate_for_audit(str(value), depth)


def without_nul(text: str) -> str:
    """PostgreSQL refuses NUL in text and jsonb; the audit keeps a visible mark instead."""
    return text.replace("\x00", "\\u0000")


def summarize_for_audit(value: Any) -> str:
    text = json.dumps(truncate_for_audit(value), ensure_ascii=False, sort_keys=True)
    return text if len(text) <= MAX_SUMMARY else text[:MAX_SUMMARY] + "…"


def tool_call_record(
    *,
    agent: str,
    tool: str,
    arguments: Any,
    outcome: str,
    duration_ms: int,
    workflow_id: int | None = None,
    step_id: int | None = None,
    via: str = ToolCall.Via.PYTHON,
    token_id: int | None = None,
    result_summary: str = "",
    error: str = "",
) -> ToolCall:
    return journal.keep(ToolCall.objects.create(
        agent=agent,
        tool=tool[:100],
        arguments=truncate_for_audit(
            arguments if isinstance(arguments, dict) else {"raw": arguments}
        ),
        outcome=outcome,
        duration_ms=max(0, duration_ms),
        workflow_id=workflow_id,
        step_id=step_id,
        via=via,
        token_id=token_id,
        result_summary=without_nul(result_summary[:MAX_SUMMARY * 2]),
        error=without_nul(error[:2000]),
    ))


def tool_call_trail(
    *, invoice_id: int | None = None, workflow_id: int | None = None
) -> QuerySet[ToolCall]:
    """The tool calls behind an invoice (through its document's workflow), oldest first."""
    if (invoice_id is None) == (workflow_id is None):
        raise ValueError("give exactly one of invoice_id or workflow_id")
    calls = ToolCall.objects.select_related("step")
    if workflow_id is not None:
        return calls.filter(workflow_id=workflow_id)
    return calls.filter(workflow__document__invoice__id=invoice_id)


# --- Agent tokens --------------------------------------------------------------------------------

TOKEN_PREFIX = "ptt_"  # noqa: S105 - not a secret: recognisable in logs and by secret scanners


def token_digest(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: AgentToken
    raw: str  # shown once to the admin, never stored


def agent_token_create(
    *, agent: str, name: str = "", rate_limit: str = "", created_by=None
) -> IssuedToken:
    scopes_for(agent)  # an unknown agent is refused here, not at its first call
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = AgentToken(
        agent=agent,
        name=name,
        rate_limit=rate_limit,
        prefix=raw[:12],
        digest=token_digest(raw),
        created_by=created_by,
    )
    token.full_clean()
    token.save()
    return IssuedToken(token, raw)


def agent_token_authenticate(*, raw_token: str) -> AgentToken | None:
    """The token's row if it exists (revoked or not: the caller tells the two apart), else None."""
    if not raw_token.startswith(TOKEN_PREFIX):
        return None
    token = AgentToken.objects.filter(digest=token_digest(raw_token)).first()
    if token and token.is_active:
        now = timezone.now()
        # One write a minute at most: a busy agent should not turn every call into an UPDATE.
        AgentToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - timedelta(minutes=1))
        ).update(last_used_at=now)
    return token


def agent_token_revoke(*, token_id: int) -> bool:
    """Revoke once; False when it was already revoked (or does not exist)."""
    return (
        AgentToken.objects.filter(pk=token_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        == 1
    )

