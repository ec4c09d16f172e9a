"""URLs of the document pages, mounted at /documents/ by config/urls.py."""
from django.urls import path

from procurement import documents_views as views
from procurement import page_image_views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("upload/", views.document_upload, name="upload"),
    path("needs-a-person/", views.needs_person, name="needs_person"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/file/", views.document_file, name="file"),
    path("<int:pk>/retry/", views.document_retry, name="retry"),
    path(
        "<int:pk>/pages/<int:number>.png", page_image_views.document_page_image, name="page_image"
    ),
]
