"""URLs of the approvals inbox, mounted at /approvals/ by config/urls.py."""
from django.urls import path

from approvals import views

app_name = "approvals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.email_page, name="email"),
    path("<int:pk>/<str:action>/", views.email_action, name="action"),
]
