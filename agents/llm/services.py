"""Ledger, budgets and budget alerts: the parts of the gateway that touch the database."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import mail_admins
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from agents import journal
from agents.errors import BudgetExceeded
from agents.llm.models import BudgetAlert, LlmCall

log = logging.getLogger(__name__)
PER_MILLION = Decimal(1_000_000)
# pg_advisory_xact_lock key of budget reservations (any constant no other code uses).
RESERVATION_LOCK = 0x4C4C4D_B0D6


def llm_cost_usd(*, model: str, prompt_tokens: int, completion_tokens: int) -> Decimal:
    """Cost from the price table in settings; a model missing from it is free (self-hosted)."""
    prompt_price, completion_price = settings.LLM_PRICES.get(model, (Decimal(0), Decimal(0)))
    cost = (prompt_tokens * prompt_price + completion_tokens * completion_price) / PER_MILLION
    return cost.quantize(Decimal("0.000001"))


def llm_call_record(**fields) -> LlmCall:
    fields.setdefault(
        "cost_usd",
        llm_cost_usd(
            model=fields["model"],
            prompt_tokens=fields.get("prompt_tokens", 0),
            completion_tokens=fields.get("completion_tokens", 0),
        ),
    )
    return journal.keep(LlmCall.objects.create(**fields))


def llm_used_by_step(*, step_id: int | None) -> str:
    """Who wrote a step's words, from the ledger: "rules" (the offline provider), else
    "<provider>/<model>" of its last answered call; "" when it made no call that was answered."""
    if step_id is None:
        return ""
    call = (
        LlmCall.objects.filter(step_id=step_id,
                               outcome__in=(LlmCall.Outcome.OK, LlmCall.Outcome.RETRIED))
        .order_by("-pk").values("provider", "model").first()
    )
    if call is None:
        return ""
    return "rules" if call["provider"] == "rules" else f"{call['provider']}/{call['model']}"


@dataclass(frozen=True)
class Budget:
    tokens: int
    usd: Decimal


def budget_for_workflow(*, vendor_id: int | None) -> Budget:
    """The settings' per-workflow caps, or the vendor's overrides where it has them."""
    budget = Budget(settings.WORKFLOW_TOKEN_BUDGET, settings.WORKFLOW_USD_BUDGET)
    if vendor_id is None:
        return budget
    from procurement.models import Vendor

    row = Vendor.objects.filter(pk=vendor_id).values("llm_token_budget", "llm_usd_budget").first()
    if not row:
        return budget
    return Budget(
        tokens=budget.tokens if row["llm_token_budget"] is None else row["llm_token_budget"],
        usd=budget.usd if row["llm_usd_budget"] is None else row["llm_usd_budget"],
    )


def vendor_of_workflow(workflow_id: int) -> int | None:
    from procurement.models import Invoice

    return (
        Invoice.objects.filter(document__workflow__id=workflow_id)
        .values_list("vendor_id", flat=True)
        .first()
    )


def llm_call_reserve(*, row: dict, vendor_id: int | None, max_output: int) -> LlmCall:
    """Reserve a metered call's most expensive outcome before it is sent, or raise BudgetExceeded.

    The reservation is the call's ledger row, written now with the estimated prompt plus the
    most the reply may use (outcome `reserved`) and settled with the real usage when the answer
    comes (llm_call_settle). Budgets sum the ledger, so calls in flight count at their estimate:
    two workers racing for the last of a budget cannot both have it, because reservations are
    made one at a time (_serialize_reservations) and each sees those committed before it. A call
    whose worker died stays `reserved`, counted at its estimate: it may well have been billed.
    """
    prompt_tokens = row["prompt_tokens_estimated"]
    tokens = prompt_tokens + max_output
    estimate = llm_cost_usd(
        model=row["model"], prompt_tokens=prompt_tokens, completion_tokens=max_output
    )
    workflow_id = row.get("workflow_id")
    budget = None
    if workflow_id is not None:
        if vendor_id is None:
            vendor_id = vendor_of_workflow(workflow_id)
        budget = budget_for_workflow(vendor_id=vendor_id)
    today = timezone.localdate()
    with transaction.atomic():
        _serialize_reservations()
        refusal = _over_budget(
            today=today, workflow_id=workflow_id, budget=budget, tokens=tokens, estimate=estimate
        )
        if refusal is None:
            return LlmCall.objects.create(
                **row,
                outcome=LlmCall.Outcome.RESERVED,
                prompt_tokens=prompt_tokens,
                completion_tokens=max_output,
                cost_usd=estimate,
            )
    scope, key, reason = refusal
    budget_alert_raise(
        scope=scope,
        key=key,
        message=reason,
        workflow_id=workflow_id if scope == BudgetAlert.Scope.WORKFLOW else None,
    )
    raise BudgetExceeded(reason)


def llm_call_settle(*, reservation: LlmCall, **fields) -> None:
    """Replace a reservation's estimate with what the call really used (and how it ended)."""
    fields.setdefault("prompt_tokens", 0)
    fields.setdefault("completion_tokens", 0)
    fields.setdefault(
        "cost_usd",
        llm_cost_usd(
            model=reservation.model,
            prompt_tokens=fields["prompt_tokens"],
            completion_tokens=fields["completion_tokens"],
        ),
    )
    LlmCall.objects.filter(pk=reservation.pk).update(**fields)


def llm_call_release(*, reservation: LlmCall) -> None:
    """The call was never sent (our own rate limiter said wait): it costs nothing."""
    LlmCall.objects.filter(pk=reservation.pk, outcome=LlmCall.Outcome.RESERVED).delete()


def _serialize_reservations() -> None:
    """Make budget reservations one at a time, until the caller's transaction ends.

    One lock for all of them, because the daily cap is shared by every workflow. It is held for
    two indexed sums and an insert. SQLite (the embedded default) takes its write lock when the
    transaction begins (config/settings.py), which serializes them already.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RESERVATION_LOCK])


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of `day` in the current time zone: a range llmcall_created_idx serves."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def spent_on(day: date) -> Decimal:
    start, end = day_bounds(day)
    spent = LlmCall.objects.filter(created_at__gte=start, created_at__lt=end).aggregate(
        usd=Sum("cost_usd")
    )["usd"]
    return spent or Decimal(0)


def _over_budget(
    *, today: date, workflow_id: int | None, budget: Budget | None, tokens: int, estimate: Decimal
) -> tuple[str, str, str] | None:
    """(scope, alert key, reason) when a call of this size does not fit, else None."""
    spent_today = spent_on(today)
    if spent_today + estimate > settings.DAILY_USD_BUDGET:
        reason = (
            f"the daily LLM budget of {settings.DAILY_USD_BUDGET} USD is spent "
            f"({spent_today} USD used or reserved today); all LLM work stops until tomorrow"
        )
        return BudgetAlert.Scope.DAILY, f"daily:{today}", reason
    if workflow_id is None or budget is None:
        return None
    spent = LlmCall.objects.filter(workflow_id=workflow_id).aggregate(
        prompt=Sum("prompt_tokens"), completion=Sum("completion_tokens"), usd=Sum("cost_usd")
    )
    spent_tokens = (spent["prompt"] or 0) + (spent["completion"] or 0)
    spent_usd = spent["usd"] or Decimal(0)
    if spent_tokens + tokens > budget.tokens or spent_usd + estimate > budget.usd:
        reason = (
            f"workflow {workflow_id} would exceed its LLM budget of {budget.tokens} tokens / "
            f"{budget.usd} USD (spent or reserved {spent_tokens} tokens / {spent_usd} USD, this "
            f"call needs up to {tokens} tokens / {estimate} USD)"
        )
        return BudgetAlert.Scope.WORKFLOW, f"workflow:{workflow_id}", reason
    return None


def budget_alert_raise(
    *, scope: str, key: str, message: str, workflow_id: int | None = None
) -> BudgetAlert:
    """Record the alert and email ADMINS, once per key (a workflow, or a day for the daily cap)."""
    alert, created = BudgetAlert.objects.get_or_create(
        key=key, defaults={"scope": scope, "message": message, "workflow_id": workflow_id}
    )
    if created:
        journal.keep(alert)
        log.warning("LLM budget alert: %s", message)
        mail_admins(f"LLM budget reached: {alert.get_scope_display()}", message)
    return alert


def budget_alert_acknowledge(*, alert_id: int, user) -> bool:
    """Compare-and-set: True if this call acknowledged it, False if someone already had."""
    changed = BudgetAlert.objects.filter(pk=alert_id, acknowledged=False).update(
        acknowledged=True, acknowledged_by=user, acknowledged_at=timezone.now()
    )
    return changed == 1


def open_budget_alerts():
    return BudgetAlert.objects.filter(acknowledged=False)


def llm_usage_totals(*, days: int) -> dict:
    """Calls, tokens and cost over the last `days` days, by agent, by outcome and by day."""
    since = timezone.now() - timedelta(days=days)
    calls = LlmCall.objects.filter(created_at__gte=since)
    measures = {
        "calls": Count("id"),
        "prompt_tokens": Sum("prompt_tokens"),
        "completion_tokens": Sum("completion_tokens"),
        "cost_usd": Sum("cost_usd"),
    }

    def rows(group: str) -> list[dict]:
        out = []
        for row in calls.values(group).annotate(**measures).order_by(group):
            out.append(
                {
                    group: str(row[group]),
                    "calls": row["calls"],
                    "prompt_tokens": row["prompt_tokens"] or 0,
                    "completion_tokens": row["completion_tokens"] or 0,
                    "cost_usd": _usd(row["cost_usd"]),
                }
            )
        return out

    from django.db.models.functions import TruncDate

    by_day = calls.annotate(day=TruncDate("created_at"))
    total = calls.aggregate(**measures)
    return {
        "days": days,
        "total": {
            "calls": total["calls"],
            "prompt_tokens": total["prompt_tokens"] or 0,
            "completion_tokens": total["completion_tokens"] or 0,
            "cost_usd": _usd(total["cost_usd"]),
        },
        "by_agent": rows("agent"),
        "by_outcome": rows("outcome"),
        "by_day": [
            {"day": str(r["day"]), "calls": r["calls"], "cost_usd": _usd(r["cost_usd"])}
            for r in by_day.values("day").annotate(
                calls=Count("id"), cost_usd=Sum("cost_usd")
            ).order_by("day")
        ],
        "workflows_over_budget": BudgetAlert.objects.filter(
            Q(scope=BudgetAlert.Scope.WORKFLOW), created_at__gte=since
        ).count(),
    }


def _usd(value) -> str:
    # SQLite sums decimals as floats; six places is what the ledger stores anyway.
    return str(Decimal(str(value or 0)).quantize(Decimal("0.000001")))
