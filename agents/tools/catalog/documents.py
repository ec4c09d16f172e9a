"""documents.get: what intake and the router read."""
from __future__ import annotations

import base64
import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StrictInt

from agents.tools.errors import NotFound
from agents.tools.registry import ToolContext, ToolInput, registry
from procurement.models import Document, DocumentRoute


class DocumentGetIn(ToolInput):
    document_id: StrictInt = Field(description="The document's id, from the step input.")
    include_content: bool = Field(
        False,
        description="Also return the file's bytes, base64-encoded. Large; for code, not reading.",
    )


class DocumentOut(BaseModel):
    id: int
    handle: str = Field(description="Content address 'sha256:<hex>': same bytes, same handle.")
    filename: str
    content_type: str = "application/pdf"
    size_bytes: int
    page_count: int | None
    status: str = Field(description="received, parsed or rejected.")
    error_reason: str
    source: str
    created_at: dt.datetime
    content_base64: str | None = Field(None, description="The bytes, when include_content.")

    def content(self) -> bytes:
        """The document's bytes (asked for with include_content=True)."""
        if self.content_base64 is None:
            raise ValueError("documents.get was called without include_content=True")
        return base64.b64decode(self.content_base64)


@registry.register(
    name="documents.get",
    description=(
        "Get a received document (an incoming PDF) by id: file name, size, page count, status "
        "and, with include_content=true, its bytes base64-encoded."
    ),
    scope="documents:read",
    input_model=DocumentGetIn,
    output_model=DocumentOut,
)
def documents_get(args: DocumentGetIn, ctx: ToolContext) -> DocumentOut:
    document = Document.objects.filter(pk=args.document_id).first()
    if document is None:
        raise NotFound(f"There is no document {args.document_id}.")
    content = None
    if args.include_content:
        try:
            content = base64.b64encode(document.read_bytes()).decode("ascii")
        except FileNotFoundError:
            raise NotFound(
                f"Document {document.pk} is on file but its bytes are missing from storage."
            ) from None
    return DocumentOut(
        id=document.pk,
        handle=f"sha256:{document.sha256}",
        filename=document.original_filename,
        size_bytes=document.size_bytes,
        page_count=document.page_count,
        status=document.status,
        error_reason=document.error_reason,
        source=document.source,
        created_at=document.created_at,
        content_base64=content,
    )


# --- documents.classify / documents.save_route: the router -------------------------------------

RouteName = Literal[tuple(DocumentRoute.Route.values)]  # type: ignore[valid-type]


class ClassifyIn(ToolInput):
    document_id: StrictInt
    text: str = Field(max_length=20_000, description="The document's opening text, as read.")


class ClassifyOut(BaseModel):
    route: str
    scores: dict[str, float]
    triage: bool = Field(description="True: for the clerks' triage list, not for intake.")
    reason: str
    candidates: list[str] = Field(description="The two close routes, when the margin decided.")


@registry.register(
    name="documents.classify",
    description=(
        "Which kind of document a text is (invoice, credit_note, statement, po_confirmation, "
        "vendor_inquiry, other), with a 0..1 score per route and whether it goes to triage. "
        "Uses the shipped examples and those learned from clerks. Writes nothing."
    ),
    scope="documents:read",
    input_model=ClassifyIn,
    output_model=ClassifyOut,
)
def documents_classify(args: ClassifyIn, ctx: ToolContext) -> ClassifyOut:
    from procurement.routing import router_classify

    decision = router_classify(text=args.text)
    return ClassifyOut(route=decision.route, scores=decision.scores, triage=decision.triage,
                       reason=decision.reason, candidates=list(decision.candidates))


class SaveRouteIn(ToolInput):
    document_id: StrictInt
    route: RouteName
    scores: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(default_factory=dict)
    triage: bool
    reason: str = Field("", max_length=2000)
    text: str = Field("", max_length=20_000, description="The text the route was decided on.")


class SaveRouteOut(BaseModel):
    document_id: int
    route: str
    triage: bool


@registry.register(
    name="documents.save_route",
    description="Record the route decided for a document, with its scores. Safe to repeat.",
    scope="documents:route",
    input_model=SaveRouteIn,
    output_model=SaveRouteOut,
    side_effects=True,
)
def documents_save_route(args: SaveRouteIn, ctx: ToolContext) -> SaveRouteOut:
    from agents.tools.catalog.invoices import require_workflow_document
    from procurement.routing import document_route_record

    require_workflow_document(ctx, args.document_id, f"Document {args.document_id}")
    if not Document.objects.filter(pk=args.document_id).exists():
        raise NotFound(f"There is no document {args.document_id}.")
    document_route_record(document_id=args.document_id, route=args.route, scores=args.scores,
                          triage=args.triage, reason=args.reason, decided_by=ctx.agent,
                          text=args.text)
    return SaveRouteOut(document_id=args.document_id, route=args.route, triage=args.triage)
