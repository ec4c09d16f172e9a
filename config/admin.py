"""The admin site: open to AP admins by role, not only to users someone remembered to mark staff."""
from django.contrib import admin
from django.contrib.admin.apps import SimpleAdminConfig


class ProcurementAdminSite(admin.AdminSite):
    site_header = "Procurement Triage administration"
    site_title = "Procurement Triage admin"
    index_title = "Vendors, orders, receipts and agents"

    @property
    def login_form(self):
        # The same throttling as the app's login page; imported late: the forms need the apps.
        from accounts.forms import ThrottledAdminAuthenticationForm

        return ThrottledAdminAuthenticationForm

    def has_permission(self, request) -> bool:
        from procurement.roles import ADMIN, has_role

        user = request.user
        return user.is_active and (user.is_staff or has_role(user, ADMIN))


class ProcurementAdminConfig(SimpleAdminConfig):
    """The admin without autodiscovery at start-up: config/urls.py discovers the `admin` modules
    when the URLs load, so commands that serve no page (extract_invoice, rqworker) do not import
    every admin module, and what those import, as Django starts."""

    default_site = "config.admin.ProcurementAdminSite"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Evidence (ledger, audit, what the agents read and found, proposed emails): written by the
    product's services only, never edited by hand, so the trail can be trusted.
    """

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
