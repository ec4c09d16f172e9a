from django.contrib import admin

from approvals.models import ApprovalPolicy, EmailEvent, OutboundEmail
from config.admin import ReadOnlyAdmin, ReadOnlyInline


class EmailEventInline(ReadOnlyInline):
    model = EmailEvent
    fields = ("created_at", "from_state", "to_state", "actor", "note")
    readonly_fields = fields


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    """Read-only: approving, editing and rejecting go through the approvals services (the
    inbox at /approvals/ and /api/approvals/), which compare-and-set the state and void an
    approval on edit; a hand edit here would bypass them.
    """

    list_display = ("subject", "to_email", "state", "signed_by", "created_at", "sent_at")
    list_filter = ("state",)
    search_fields = ("subject", "to_email", "invoice__invoice_number", "message_id")
    list_select_related = ("signed_by",)
    inlines = [EmailEventInline]


@admin.register(ApprovalPolicy)
class ApprovalPolicyAdmin(admin.ModelAdmin):
    """One row: the amount at stake above which an email needs two different approvers."""

    list_display = ("__str__", "two_approvers_above", "updated_at")

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not ApprovalPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
