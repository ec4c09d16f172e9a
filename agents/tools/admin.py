"""Admin for AP admins: agent tokens (shown once, at creation), the tool-call audit (read-only)
and the long-term memory notes.
"""
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from agents.tools.models import AgentToken, ToolCall
from agents.tools.services import agent_token_create, agent_token_revoke
from config.admin import ReadOnlyAdmin


@admin.register(AgentToken)
class AgentTokenAdmin(admin.ModelAdmin):
    list_display = ("agent", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("agent", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix")
    fields = ("agent", "name", "rate_limit")
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else (*self.fields, *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        # A token's agent is what it grants: changing it would silently move privileges.
        return self.readonly_fields if obj is None else ("agent", *self.readonly_fields)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        issued = agent_token_create(
            agent=obj.agent, name=obj.name, rate_limit=obj.rate_limit, created_by=request.user
        )
        obj.pk = issued.token.pk
        obj.refresh_from_db()
        request.issued_agent_token = issued.raw

    def response_add(self, request, obj, post_url_continue=None):
        """The token, shown once in this very response. Not a message and not a redirect: the
        messages cookie is signed but readable, and only the hash is stored anyway.
        """
        raw = getattr(request, "issued_agent_token", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        response = TemplateResponse(
            request,
            "admin/tools/agenttoken/issued.html",
            {**self.admin_site.each_context(request), "token": obj, "raw": raw},
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        ids = queryset.values_list("pk", flat=True)
        revoked = sum(agent_token_revoke(token_id=pk) for pk in ids)
        self.message_user(request, f"Revoked {revoked} token(s).")

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the audit keeps pointing at the token


@admin.register(ToolCall)
class ToolCallAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "agent", "tool", "outcome", "via", "workflow", "duration_ms")
    list_filter = ("outcome", "agent", "tool", "via")
    search_fields = ("tool", "agent", "error", "result_summary")
    date_hierarchy = "created_at"
    list_select_related = ("workflow",)

