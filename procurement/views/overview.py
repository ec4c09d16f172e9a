from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from procurement.models import Case, Document, PurchaseOrder, Vendor
from procurement.roles import user_roles


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what is waiting, by who must act. A user with no role is told whom to
    ask. Each case count links to the queue filtered to exactly the cases it counts."""
    if not user_roles(request.user):
        return render(request, "no_role.html", status=403)
    by_state = dict(Case.objects.values_list("state").annotate(n=Count("pk")).order_by())
    queue = reverse("cases:queue")
    cases = [
        (by_state.get(state, 0), label, f"{queue}?state={state}",
         "warn" if state == Case.State.NEEDS_CLERK and by_state.get(state) else "")
        for state, label in Case.State.choices
    ]
    mine = Case.objects.filter(assignee=request.user, state=Case.State.NEEDS_CLERK).count()
    counts = {
        "vendors": Vendor.objects.filter(is_active=True).count(),
        "open_orders": PurchaseOrder.objects.filter(status=PurchaseOrder.Status.OPEN).count(),
        "documents": Document.objects.count(),
    }
    return render(request, "home.html", {
        "counts": counts, "cases": cases, "mine": mine,
        "mine_url": f"{queue}?state={Case.State.NEEDS_CLERK}&assignee=me",
    })
