from django.contrib import admin

from approvals.models import OutboundEmail
from config.admin import ReadOnlyAdmin


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    """Read-only: approving, editing and rejecting go through the approvals services, which
    compare-and-set the state and void an approval on edit; a hand edit here would bypass them.
    """

    list_display = ("subject", "to_email", "state", "signed_by", "created_at")
    list_filter = ("state",)
    search_fields = ("subject", "to_email", "invoice__invoice_number")
    list_select_related = ("signed_by",)
