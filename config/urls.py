from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from agents.tools.api import api as tools_api
from config.api import api
from procurement import dashboard_views
from procurement import views as procurement_views

admin.autodiscover()  # here, not at start-up: see config.admin.ProcurementAdminConfig

urlpatterns = [
    path("", procurement_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("documents/", include("procurement.documents_urls")),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("api/tools/", tools_api.urls),
    path("api/", api.urls),
]
