"""`{% page_view document invoice as view %}`: what templates/documents/_page_image.html shows.

A tag rather than view code so that any page holding a document and its invoice (the document
page, the case page) can include the partial with just those two in its context; the page shown
is the request's `?pdf_page=N` (1-based), so the page links work without JavaScript.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.http import HttpRequest, QueryDict
from django.urls import reverse

from procurement.models import Document, Invoice
from procurement.page_images import (
    EvidenceBox,
    NoSuchPage,
    PageImage,
    PageUnavailable,
    evidence_boxes,
    page_image,
)

register = template.Library()
PAGE_PARAM = "pdf_page"


@dataclass(frozen=True)
class PageView:
    number: int
    image: PageImage | None = None
    image_url: str = ""
    boxes: list[EvidenceBox] = field(default_factory=list)
    error: str = ""
    page_links: list[tuple[int, str]] = field(default_factory=list)  # (number, URL) per page

    @property
    def previous_url(self) -> str:
        return dict(self.page_links).get(self.number - 1, "")

    @property
    def next_url(self) -> str:
        return dict(self.page_links).get(self.number + 1, "")


@register.simple_tag(takes_context=True)
def page_view(context, document: Document, invoice: Invoice | None = None) -> PageView:
    request: HttpRequest | None = context.get("request")
    number = _requested_page(request)
    try:
        image = page_image(document=document, number=number)
    except NoSuchPage:
        number = 1  # a stale or hand-made link: show the first page rather than nothing
        try:
            image = page_image(document=document, number=number)
        except PageUnavailable as exc:
            return PageView(number=number, error=exc.reason)
    except PageUnavailable as exc:
        return PageView(number=number, error=exc.reason)
    return PageView(
        number=number,
        image=image,
        image_url=reverse("documents:page_image", args=[document.pk, number]),
        boxes=evidence_boxes(invoice, page_index=number - 1),
        page_links=[(n, _page_link(request, n)) for n in range(1, image.page_count + 1)],
    )


def _requested_page(request: HttpRequest | None) -> int:
    raw = request.GET.get(PAGE_PARAM, "1") if request is not None else "1"
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10_000 else 1


def _page_link(request: HttpRequest | None, number: int) -> str:
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[PAGE_PARAM] = str(number)
    return f"?{query.urlencode()}#page-image"
