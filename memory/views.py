"""The AP admin's review of the long-term memory (/memory/): contradictions on top, then the
tolerance changes waiting for a decision, then every fact. Views parse and render; each action is
one memory service, which checks the role again."""
from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from memory.models import Fact, ToleranceProposal
from memory.services import (
    MemoryRefused,
    fact_delete,
    fact_edit,
    facts_for_review,
    tolerance_proposal_approve,
    tolerance_proposal_decline,
)
from procurement.roles import ADMIN, role_required

FACTS_SHOWN = 300


@role_required(ADMIN)
def review(request: HttpRequest) -> HttpResponse:
    facts = list(facts_for_review()[:FACTS_SHOWN])
    return render(request, "memory/review.html", {
        "contradictions": [f for f in facts if f.status == Fact.Status.CONTRADICTED],
        "facts": [f for f in facts if f.status != Fact.Status.CONTRADICTED],
        "pending": ToleranceProposal.objects.filter(status=ToleranceProposal.Status.PENDING)
        .select_related("vendor"),
        "decided": ToleranceProposal.objects.exclude(status=ToleranceProposal.Status.PENDING)
        .select_related("vendor", "decided_by")[:20],
        "statuses": Fact.Status.choices,
        "now": timezone.now(),
    })


@role_required(ADMIN)
def fact_page(request: HttpRequest, pk: int) -> HttpResponse:
    fact = get_object_or_404(Fact.objects.select_related("vendor"), pk=pk)
    error = ""
    if request.method == "POST":
        expires = request.POST.get("expires_at", "").strip()
        try:
            expires_at = (
                timezone.make_aware(datetime.combine(datetime.fromisoformat(expires).date(),
                                                     time.max))
                if expires else None
            )
            fact_edit(fact_id=pk, user=request.user, text=request.POST.get("text", ""),
                      value=request.POST.get("value", ""),
                      status=request.POST.get("status", ""), expires_at=expires_at)
        except ValueError:
            error = f"{expires!r} is not a date (write it like 2027-03-31)."
        except MemoryRefused as exc:
            error = exc.message
        else:
            messages.success(request, "The fact was saved.")
            return redirect("memory:review")
    return render(request, "memory/fact.html", {"fact": fact, "error": error,
                                                "statuses": Fact.Status.choices},
                  status=422 if error else 200)


@require_POST
@role_required(ADMIN)
def fact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        fact_delete(fact_id=pk, user=request.user)
    except MemoryRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "The fact was deleted.")
    return redirect("memory:review")


@require_POST
@role_required(ADMIN)
def proposal_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    decide = {"approve": tolerance_proposal_approve, "decline": tolerance_proposal_decline}
    if decision not in decide:
        return HttpResponse(status=404)
    try:
        proposal = decide[decision](proposal_id=pk, user=request.user,
                                    note=request.POST.get("note", ""))
    except MemoryRefused as exc:
        messages.error(request, exc.message)
    else:
        done = "applied to" if decision == "approve" else "declined for"
        messages.success(request, f"The {proposal.get_setting_display().lower()} change was "
                                  f"{done} {proposal.vendor.legal_name}.")
    return redirect("memory:review")
