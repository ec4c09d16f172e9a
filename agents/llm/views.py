from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from agents.llm.models import BudgetAlert
from agents.llm.services import budget_alert_acknowledge
from procurement.roles import ADMIN, role_required


@require_POST
@role_required(ADMIN)
def acknowledge_alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    """An AP admin has seen a budget alert: it leaves the banner for everyone."""
    alert = get_object_or_404(BudgetAlert, pk=alert_id)
    if budget_alert_acknowledge(alert_id=alert.pk, user=request.user):
        messages.success(request, "Budget alert acknowledged.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "home"
    return redirect(next_url)
