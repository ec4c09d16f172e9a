from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from procurement.models import Document, Invoice, PurchaseOrder, Vendor
from procurement.roles import user_roles


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what is waiting, by role. A user with no role is told whom to ask."""
    if not user_roles(request.user):
        return render(request, "no_role.html", status=403)
    counts = {
        "vendors": Vendor.objects.filter(is_active=True).count(),
        "open_orders": PurchaseOrder.objects.filter(status=PurchaseOrder.Status.OPEN).count(),
        "documents": Document.objects.count(),
        "rejected_documents": Document.objects.filter(status=Document.Status.REJECTED).count(),
        "exceptions": Invoice.objects.filter(status=Invoice.Status.EXCEPTION).count(),
    }
    return render(request, "home.html", {"counts": counts})
