"""Pages a clerk needs for documents: upload, the list, one document with its PDF and workflow,
and the queue of workflows that need a person.

Clerks and AP admins upload and retry; approvers may look; anyone without a role gets 403.
Only an AP admin retries a workflow stopped by the LLM budget: that is futile until an admin has
raised the budget.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agents.intake.extraction.ocr import is_image
from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.services import workflow_retry
from agents.orchestrator.states import IllegalTransition, State
from agents.orchestrator.trail import workflow_trail
from procurement.ingestion import (
    IngestResult,
    Outcome,
    document_ingest,
    max_upload_bytes,
    too_large_reason,
)
from procurement.models import Document, Finding, Invoice, InvoiceLine
from procurement.roles import ADMIN, APPROVER, CLERK, has_role, role_required
from procurement.sources.mail import mail_ingest, mail_upload_results
from procurement.uploads import SizeLimitHandler, TooLargeFile, limit_upload_size

PAGE_SIZE = 50
# Workflow states whose `reason` a clerk must read: a person is needed, or it was turned away.
STATES_WITH_REASON = {State.NEEDS_HUMAN, State.BUDGET_EXCEEDED, State.REJECTED, State.CANCELLED,
                      State.TRIAGE}
RETRYABLE = (State.NEEDS_HUMAN, State.BUDGET_EXCEEDED)
# Retrying a spent budget only spends more: an AP admin raises the budget, then retries.
ADMIN_ONLY_RETRY = {State.BUDGET_EXCEEDED}
PDF_MAGIC = b"%PDF-"
# Below this an extracted value is marked for the clerk to check against the PDF. Intake itself
# asks for a second opinion only far lower (agents.intake.step.CONFIDENT); this is for people.
LOW_CONFIDENCE = 0.6
READ_FIELDS = [
    "vendor_name", "vendor_tax_id", "invoice_number", "invoice_date", "due_date", "po_number",
    "currency", "subtotal", "tax", "total", "iban", "bank_account_number",
]


@dataclass(frozen=True)
class NotStored:
    """An upload refused before it was stored (over the size limit): no document, only a reason.
    Shaped like an IngestResult for the page."""

    filename: str
    reason: str
    outcome: Outcome = Outcome.REJECTED
    document: None = None


@dataclass(frozen=True)
class UploadRow:
    """One uploaded file's result, worded for the page."""

    result: IngestResult | NotStored

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


@dataclass(frozen=True)
class ReadField:
    """One header field as intake read it, with how sure it was (None: no score recorded)."""

    label: str
    value: object
    confidence: float | None

    @property
    def percent(self) -> int | None:
        return None if self.confidence is None else round(self.confidence * 100)

    @property
    def is_low(self) -> bool:
        return self.confidence is not None and self.confidence < LOW_CONFIDENCE


def _get_document_for_user(request: HttpRequest, pk: int) -> Document:
    """Every role that may open these pages sees every document; the decorators checked it."""
    return get_object_or_404(Document.objects.select_related("workflow", "uploaded_by"), pk=pk)


def _workflow_of(document: Document) -> Workflow | None:
    # A missing reverse one-to-one raises a subclass of AttributeError.
    return getattr(document, "workflow", None)


@csrf_exempt  # only so the size limit goes in before the body is read; checked just below
@role_required(CLERK)
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest) -> HttpResponse:
    """Several files at once; each gets its own answer: accepted, duplicate or rejected.

    The script on the page sends one file per request (for a progress bar each) and asks for the
    result rows only; without JavaScript the form posts all files and gets the whole page.
    """
    # The CSRF check reads request.POST, which parses the body: the upload handler that cuts off
    # oversized files has to be in place first (Django's documented csrf_exempt + csrf_protect).
    limit = limit_upload_size(request)
    return _document_upload(request, limit)


@csrf_protect
def _document_upload(request: HttpRequest, limit: SizeLimitHandler) -> HttpResponse:
    rows: list[UploadRow] = []
    status = 200
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads and not _refused(limit, "files"):
            messages.error(request, "Choose at least one file to upload.")
            status = 400
        for upload in _in_order(limit, "files", uploads):
            rows.extend(UploadRow(result) for result in _ingest_upload(request, upload))
    context = {"rows": rows, "max_upload_mb": settings.MAX_UPLOAD_MB}
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return render(request, "documents/_upload_rows.html", context, status=status)
    return render(request, "documents/upload.html", context, status=status)


def _refused(limit: SizeLimitHandler, field: str) -> list[TooLargeFile]:
    return [refused for refused in limit.too_large if refused.field_name == field]


def _in_order(limit: SizeLimitHandler, field: str, uploads: list) -> list:
    """The files of `field` as they were sent: the parsed ones and those cut off at the limit."""
    refused = {item.position: item for item in _refused(limit, field)}
    parsed = iter(uploads)
    ordered = []
    for name, position, was_refused in limit.parts:
        if name != field:
            continue
        if was_refused:
            ordered.append(refused[position])
        else:
            ordered.append(next(parsed, None))
    ordered.extend(parsed)  # none expected; never drop a file over a bookkeeping slip
    return [item for item in ordered if item is not None]


def _ingest_upload(request: HttpRequest, upload) -> list[IngestResult | NotStored]:
    """Refuse a file over MAX_UPLOAD_MB without storing it; ingest everything else.

    The upload handler has already cut off every file over the limit while the body was read, so
    what is left is at most MAX_UPLOAD_MB and read once, one file at a time. The size is checked
    again here all the same (it costs nothing, and nothing oversized is ever read into memory).
    """
    if isinstance(upload, TooLargeFile):
        return [NotStored(upload.filename, too_large_reason())]
    with upload:
        if upload.size > max_upload_bytes():
            return [NotStored(upload.name or "unnamed", too_large_reason())]
        content = upload.read()
    filename = upload.name or "unnamed"
    uploaded_by = f"uploaded by {request.user.get_username()}"
    if filename.lower().endswith(".eml"):
        # A saved email: its attachments (or its text) become documents, as from the inbox.
        return mail_upload_results(
            mail_ingest(raw=content, source=Document.Source.UPLOAD, source_ref=uploaded_by,
                        filename=filename),
            filename=filename,
        )
    return [document_ingest(
        content=content,
        filename=filename,
        source=Document.Source.UPLOAD,
        source_ref=uploaded_by,
        uploaded_by=request.user,
    )]


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
    invoice = _invoice_of(document)
    is_pdf = _looks_like_pdf(document)
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "workflow": workflow,
            "reason": DocumentRow(document, workflow).reason,
            "steps": steps,
            "can_retry": _can_retry(request, workflow, steps),
            "is_pdf": is_pdf,
            "is_picture": not is_pdf and _looks_like_picture(document),
            "invoice": invoice,
            "read_fields": _read_fields(invoice) if invoice else [],
            "low_confidence_pct": round(LOW_CONFIDENCE * 100),
            "trail": workflow_trail(workflow_id=workflow.pk) if workflow else [],
            # People decide on the case page: this page is the evidence behind it.
            "case": getattr(document, "case", None),
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
    try:
        handle = document.open()
    except FileNotFoundError:
        raise Http404("The original file is missing from the document store.") from None
    is_pdf = PDF_MAGIC in handle.read(1024)
    handle.seek(0)
    response = FileResponse(
        handle,
        content_type="application/pdf" if is_pdf else "application/octet-stream",
        as_attachment=not is_pdf,
        filename=document.original_filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # The site-wide Content-Security-Policy applies (config.csp: no scripts but our static files,
    # no plugins, framed by our own pages only). Not `sandbox`, though it would be stricter:
    # Chrome's built-in PDF viewer refuses documents served with it, and clerks need the PDF.
    # nosniff + application/pdf (and octet-stream download for non-PDFs) keep it a document.
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
        .select_related("document", "document__case")
        .prefetch_related(failed_steps)
        .order_by("updated_at", "pk")
    )
    return render(
        request,
        "documents/needs_person.html",
        {"workflows": workflows, "retry_states": _retry_states(request)},
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
        with transaction.atomic():
            # Locked, so the state checked is the state retried (workflow_retry locks it again).
            state = Workflow.objects.select_for_update().values_list("state", flat=True).get(
                pk=workflow.pk
            )
            if state in ADMIN_ONLY_RETRY and not has_role(request.user, ADMIN):
                raise PermissionDenied(
                    "Only an AP admin may retry a workflow stopped by the LLM budget, after "
                    "raising the budget."
                )
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


def _retry_states(request: HttpRequest) -> list[str]:
    """The stopped states this user may retry: none for approvers, budget_exceeded for admins."""
    if has_role(request.user, ADMIN):
        return list(RETRYABLE)
    if has_role(request.user, CLERK):
        return [state for state in RETRYABLE if state not in ADMIN_ONLY_RETRY]
    return []


def _can_retry(request: HttpRequest, workflow: Workflow | None, steps: list[Step]) -> bool:
    return (
        workflow is not None
        and workflow.state in _retry_states(request)
        and any(step.state == Step.State.FAILED for step in steps)
    )


def _invoice_of(document: Document) -> Invoice | None:
    """What intake read from the document, with its lines and validation's findings."""
    return (
        Invoice.objects.filter(document=document)
        .prefetch_related(
            Prefetch("lines", queryset=InvoiceLine.objects.select_related("po_line")),
            Prefetch("findings", queryset=Finding.objects.select_related("invoice_line")),
        )
        .first()
    )


def _read_fields(invoice: Invoice) -> list[ReadField]:
    """The header fields, then the line table as a whole (intake scores the lines together)."""
    fields = [
        ReadField(
            # "(printed)" is said once for the whole table
            label=str(Invoice._meta.get_field(name).verbose_name).removesuffix(" (printed)"),
            value=_shown(getattr(invoice, name)),
            confidence=_score(invoice, name),
        )
        for name in READ_FIELDS
    ]
    lines = invoice.lines.all()
    fields.append(ReadField("lines", f"{len(lines)} read", _score(invoice, "lines")))
    return fields


def _shown(value: object) -> object:
    return date_format(value, "j M Y") if isinstance(value, date) else value


def _score(invoice: Invoice, name: str) -> float | None:
    confidence = invoice.confidence if isinstance(invoice.confidence, dict) else {}
    score = confidence.get(name)
    return float(score) if isinstance(score, int | float) else None


def _looks_like_picture(document: Document) -> bool:
    """A PNG, JPEG or TIFF: intake reads it by OCR, and its page is drawn like a PDF's."""
    try:
        with document.open() as handle:
            return is_image(handle.read(16))
    except FileNotFoundError:
        return False


def _looks_like_pdf(document: Document) -> bool:
    try:
        with document.open() as handle:
            return PDF_MAGIC in handle.read(1024)
    except FileNotFoundError:
        return False
