"""URLs of the clerk's desk, mounted at /cases/ by config/urls.py."""
from django.urls import path

from procurement.views import case, queue

app_name = "cases"

urlpatterns = [
    path("", queue.case_queue_page, name="queue"),
    path("<int:pk>/", case.case_page, name="detail"),
    path("<int:pk>/<slug:action>/", case.case_action, name="action"),
]
