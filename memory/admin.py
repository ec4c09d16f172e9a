"""Memory in the Django admin: facts for lookups and bulk work (the review page is /memory/);
tolerance proposals read-only, since approving one goes through its service, which applies it."""
from django.contrib import admin

from memory.models import Fact, ToleranceProposal


@admin.register(Fact)
class FactAdmin(admin.ModelAdmin):
    list_display = ("text", "vendor", "kind", "origin", "status", "seen", "decided_by",
                    "updated_at")
    list_filter = ("status", "origin", "kind")
    search_fields = ("text", "subject", "value", "vendor__legal_name")
    autocomplete_fields = ("vendor",)
    raw_id_fields = ("case", "workflow", "contradicts")


@admin.register(ToleranceProposal)
class ToleranceProposalAdmin(admin.ModelAdmin):
    list_display = ("vendor", "setting", "current", "proposed", "status", "decided_by",
                    "created_at")
    list_filter = ("status", "setting")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
