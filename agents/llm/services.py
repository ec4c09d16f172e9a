"""Ledger, budgets and budget alerts: the parts of the gateway that touch the database."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import mail_admins
from django.db.models import Count, Q, Sum
from django.utils import timezone

from agents import journal
from agents.errors import BudgetExceeded
from agents.llm.models import BudgetAlert, LlmCall

log = logging.getLogger(__name__)
PER_MILLION = Decimal(1_000_000)


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


def budget_check(
    *, workflow_id: int | None, vendor_id: int | None, model: str, tokens: int, max_output: int
) -> None:
    """Refuse a call that would take the workflow or the day over its cap (raises BudgetExceeded).

    `tokens` is the estimated prompt plus the most the reply may use, so a call that passes
    cannot cross the cap by more than the estimate's error.
    """
    estimate = llm_cost_usd(model=model, prompt_tokens=tokens - max_output,
                            completion_tokens=max_output)
    today = timezone.localdate()
    spent_today = LlmCall.objects.filter(created_at__date=today).aggregate(
        usd=Sum("cost_usd")
    )["usd"] or Decimal(0)
    if spent_today + estimate > settings.DAILY_USD_BUDGET:
        reason = (
            f"the daily LLM budget of {settings.DAILY_USD_BUDGET} USD is spent "
            f"({spent_today} USD used today); all LLM work stops until tomorrow"
        )
        budget_alert_raise(scope=BudgetAlert.Scope.DAILY, key=f"daily:{today}", message=reason)
        raise BudgetExceeded(reason)
    if workflow_id is None:
        return
    if vendor_id is None:
        vendor_id = vendor_of_workflow(workflow_id)
    budget = budget_for_workflow(vendor_id=vendor_id)
    spent = LlmCall.objects.filter(workflow_id=workflow_id).aggregate(
        prompt=Sum("prompt_tokens"), completion=Sum("completion_tokens"), usd=Sum("cost_usd")
    )
    spent_tokens = (spent["prompt"] or 0) + (spent["completion"] or 0)
    spent_usd = spent["usd"] or Decimal(0)
    if spent_tokens + tokens > budget.tokens or spent_usd + estimate > budget.usd:
        reason = (
            f"workflow {workflow_id} would exceed its LLM budget of {budget.tokens} tokens / "
            f"{budget.usd} USD (spent {spent_tokens} tokens / {spent_usd} USD, this call "
            f"needs up to {tokens} tokens / {estimate} USD)"
        )
        budget_alert_raise(
            scope=BudgetAlert.Scope.WORKFLOW,
            key=f"workflow:{workflow_id}",
            message=reason,
            workflow_id=workflow_id,
        )
        raise BudgetExceeded(reason)


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
