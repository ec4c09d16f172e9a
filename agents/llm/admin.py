from django.contrib import admin
from django.urls import path

from agents.llm import views
from agents.llm.models import BudgetAlert, LlmCall
from config.admin import ReadOnlyAdmin


@admin.register(LlmCall)
class LlmCallAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at", "agent", "task", "provider", "model", "outcome",
        "prompt_tokens", "completion_tokens", "cost_usd", "latency_ms", "workflow",
    )
    list_filter = ("outcome", "agent", "provider", "model")
    search_fields = ("task", "prompt_hash", "error")
    date_hierarchy = "created_at"
    list_select_related = ("workflow",)


@admin.register(BudgetAlert)
class BudgetAlertAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "scope", "message", "acknowledged", "acknowledged_by")
    list_filter = ("scope", "acknowledged")

    def get_urls(self):
        # Mounted under the admin so the banner's form has a home without a project URL change;
        # the view checks the role itself (an AP admin need not be staff).
        return [
            path("<int:alert_id>/acknowledge/", views.acknowledge_alert,
                 name="llm_budgetalert_acknowledge"),
            *super().get_urls(),
        ]
