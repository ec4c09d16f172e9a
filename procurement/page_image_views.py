"""One page of a document as a PNG image (`/documents/<id>/pages/<n>.png`), for the page image
on the document and case pages. Who may open the document page may open its images."""
from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from procurement.models import Document
from procurement.page_images import PageUnavailable, page_image
from procurement.roles import APPROVER, CLERK, role_required


@role_required(CLERK, APPROVER)
@require_GET
def document_page_image(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    document = get_object_or_404(Document, pk=pk)
    try:
        image = page_image(document=document, number=number)
    except PageUnavailable as exc:  # no such page, or a file that cannot be drawn
        return HttpResponseNotFound(exc.reason, content_type="text/plain; charset=utf-8")
    response = FileResponse(image.path.open("rb"), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    # A document never changes, so neither does the drawing of its page; private: access-checked.
    response["Cache-Control"] = "private, max-age=86400"
    return response
