from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts.forms import ThrottledAuthenticationForm
from agents.tools.api import api as tools_api
from config.api import api
from procurement import dashboard_views
from procurement.views import overview

admin.autodiscover()  # here, not at start-up: see config.admin.ProcurementAdminConfig

urlpatterns = [
    path("", overview.home, name="home"),
    path("cases/", include("procurement.cases_urls")),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("documents/", include("procurement.documents_urls")),
    path("approvals/", include("approvals.urls")),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("memory/", include("memory.urls")),
    path("api/tools/", tools_api.urls),
    path("api/", api.urls),
]
