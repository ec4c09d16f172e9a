"""documents.get: what intake and the router read."""
from __future__ import annotations

import base64
import datetime as dt

from pydantic import BaseModel, Field, StrictInt

from agents.tools.errors import NotFound
from agents.tools.registry import ToolContext, ToolInput, registry
from procurement.models import Document


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
