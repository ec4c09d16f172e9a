"""URLs of the memory review, mounted at /memory/ by config/urls.py (AP admins only)."""
from django.urls import path

from memory import views

app_name = "memory"

urlpatterns = [
    path("", views.review, name="review"),
    path("facts/<int:pk>/", views.fact_page, name="fact"),
    path("facts/<int:pk>/delete/", views.fact_remove, name="delete"),
    path("proposals/<int:pk>/<str:decision>/", views.proposal_decide, name="decide"),
]
