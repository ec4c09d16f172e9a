from django.contrib import admin

from approvals.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("subject", "to_email", "state", "signed_by", "created_at")
    list_filter = ("state",)
    search_fields = ("subject", "to_email", "invoice__invoice_number")
    raw_id_fields = ("invoice", "workflow", "signed_by")
    readonly_fields = ("idempotency_key", "drafted_by", "created_at", "updated_at")
