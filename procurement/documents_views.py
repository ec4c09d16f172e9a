"""Pages a clerk needs for documents: upload, the list, one document with its PDF and workflow,
and the queue of workflows that need a person.

Clerks and AP admins upload and retry; approvers may look; anyone without a role gets 403.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.services import workflow_retry
from agents.orchestrator.states import IllegalTransition, State
from procurement.ingestion import IngestResult, document_ingest
from procurement.models import Document
from procurement.roles import ADMIN, APPROVER, CLERK, has_role, role_required

PAGE_SIZE = 50
# Workflow states whose `reason` a clerk must read: a person is needed, or it was turned away.
STATES_WITH_REASON = {State.NEEDS_HUMAN, State.BUDGET_EXCEEDED, State.REJECTED, State.CANCELLED}
RETRYABLE = (State.NEEDS_HUMAN, State.BUDGET_EXCEEDED)
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class UploadRow:
    """One uploaded file's result, worded for the page."""

    result: IngestResult

    @property
    def because(self) -> str:
        """The reason as the end of "Rejected because ...": lower-case first letter, no period."""
        reason = self.result.reason.rstrip(".")
        return reason[:1].lower() + reason[1:]


@dataclass(frozen=True)
class DocumentRow:
    document: Document
    workflow: Workflow | None

    @property
    def reason(self) -> str:
        """What a clerk must read about this document, if anything."""
        if self.document.status == Document.Status.REJECTED and self.document.error_reason:
            return self.document.error_reason
        if self.workflow and self.workflow.state in STATES_WITH_REASON:
            return self.workflow.reason
        return ""


def _get_document_for_user(request: HttpRequest, pk: int) -> Document:
    """Every role that may open these pages sees every document; the decorators checked it."""
    return get_object_or_404(Document.objects.select_related("workflow", "uploaded_by"), pk=pk)


def _workflow_of(document: Document) -> Workflow | None:
    # A missing reverse one-to-one raises a subclass of AttributeError.
    return getattr(document, "workflow", None)


@role_required(CLERK)
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest) -> HttpResponse:
    """Several files at once; each gets its own answer: accepted, duplicate or rejected.

    The script on the page sends one file per request (for a progress bar each) and asks for the
    result rows only; without JavaScript the form posts all files and gets the whole page.
    """
    rows: list[UploadRow] = []
    status = 200
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            messages.error(request, "Choose at least one file to upload.")
            status = 400
        for upload in uploads:
            # The size limit is enforced by the intake pre-flight on the bytes themselves; an
            # oversized file is kept as a rejected document so nothing a clerk sent is lost.
            result = document_ingest(
                content=upload.read(),
                filename=upload.name or "unnamed",
                source=Document.Source.UPLOAD,
                source_ref=f"uploaded by {request.user.get_username()}",
                uploaded_by=request.user,
            )
            rows.append(UploadRow(result))
    context = {"rows": rows, "max_upload_mb": settings.MAX_UPLOAD_MB}
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return render(request, "documents/_upload_rows.html", context, status=status)
    return render(request, "documents/upload.html", context, status=status)


@role_required(CLERK, APPROVER)
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """Newest first, filtered by status and source through plain links."""
    status = request.GET.get("status", "")
    source = request.GET.get("source", "")
    status = status if status in Document.Status.values else ""
    source = source if source in Document.Source.values else ""
    documents = Document.objects.select_related("workflow").order_by("-created_at", "-pk")
    if status:
        documents = documents.filter(status=status)
    if source:
        documents = documents.filter(source=source)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [DocumentRow(document, _workflow_of(document)) for document in page]

    def link(**changes: str) -> str:
        query = {"status": status, "source": source, **changes}
        return "?" + urlencode({key: value for key, value in query.items() if value})

    status_filters = [("All statuses", "", link(status=""))] + [
        (label, value, link(status=value)) for value, label in Document.Status.choices
    ]
    source_filters = [("All sources", "", link(source=""))] + [
        (label, value, link(source=value)) for value, label in Document.Source.choices
    ]
    return render(
        request,
        "documents/list.html",
        {
            "rows": rows,
            "page": page,
            "status": status,
            "source": source,
            "status_filters": status_filters,
            "source_filters": source_filters,
            "page_link_prefix": link() + ("&" if status or source else ""),
            "filtered": bool(status or source),
        },
    )


@role_required(CLERK, APPROVER)
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _get_document_for_user(request, pk)
    workflow = _workflow_of(document)
    steps = list(workflow.steps.order_by("created_at", "pk")) if workflow else []
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "workflow": workflow,
            "reason": DocumentRow(document, workflow).reason,
            "steps": steps,
            "can_retry": _can_retry(request, workflow, steps),
            "is_pdf": _looks_like_pdf(document),
        },
    )


@role_required(CLERK, APPROVER)
@require_GET
@xframe_options_sameorigin
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The original bytes. Shown inline (and framed by the detail page) only when they are a PDF;
    anything else was rejected and is offered as a download, never rendered by the browser.
    """
    document = _get_document_for_user(request, pk)
    if not document.path.is_file():
        raise Http404("The original file is missing from the document store.")
    is_pdf = _looks_like_pdf(document)
    response = FileResponse(
        document.path.open("rb"),
        content_type="application/pdf" if is_pdf else "application/octet-stream",
        as_attachment=not is_pdf,
        filename=document.original_filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(CLERK, APPROVER)
@require_GET
def needs_person(request: HttpRequest) -> HttpResponse:
    """Workflows an agent could not finish, oldest first: the clerk's to-do list."""
    failed_steps = Prefetch(
        "steps",
        queryset=Step.objects.filter(state=Step.State.FAILED).order_by("-created_at", "-pk"),
        to_attr="failed_steps",
    )
    workflows = (
        Workflow.objects.filter(state__in=RETRYABLE)
        .select_related("document")
        .prefetch_related(failed_steps)
        .order_by("updated_at", "pk")
    )
    return render(
        request,
        "documents/needs_person.html",
        {"workflows": workflows, "may_retry": has_role(request.user, CLERK, ADMIN)},
    )


@role_required(CLERK)
@require_POST
def document_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Resume the workflow at the step that failed (the orchestrator's retry)."""
    document = _get_document_for_user(request, pk)
    workflow = _workflow_of(document)
    if workflow is None:
        raise Http404("This document has no workflow to retry.")
    try:
        step = workflow_retry(workflow_id=workflow.pk, by=request.user.get_username())
    except IllegalTransition as exc:
        messages.error(request, f"Not retried: {exc}.")
    else:
        messages.success(
            request, f"Retrying {document.original_filename}: the {step.agent} step runs again."
        )
    if request.POST.get("back") == "queue":
        return redirect("documents:needs_person")
    return redirect("documents:detail", pk=document.pk)


def _can_retry(request: HttpRequest, workflow: Workflow | None, steps: list[Step]) -> bool:
    return (
        workflow is not None
        and workflow.state in RETRYABLE
        and any(step.state == Step.State.FAILED for step in steps)
        and has_role(request.user, CLERK, ADMIN)
    )


def _looks_like_pdf(document: Document) -> bool:
    try:
        with document.path.open("rb") as handle:
            return PDF_MAGIC in handle.read(1024)
    except FileNotFoundError:
        return False
