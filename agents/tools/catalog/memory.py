"""memory.search and memory.write: the long-term memory; only the librarian writes."""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field, StrictInt, model_validator

from agents.tools.errors import NotFound
from agents.tools.registry import ToolContext, ToolInput, registry
from agents.tools.services import memory_note_search, memory_note_write
from procurement.models import Vendor


class MemorySearchIn(ToolInput):
    query: str = Field("", max_length=500, description="Words to look for.")
    vendor_id: StrictInt | None = Field(
        None, description="Only this vendor's notes and general ones."
    )
    limit: StrictInt = Field(5, ge=1, le=20)

    @model_validator(mode="after")
    def _something_to_look_for(self) -> MemorySearchIn:
        if not self.query.strip() and self.vendor_id is None:
            raise ValueError("give a query, a vendor_id, or both")
        return self


class NoteOut(BaseModel):
    id: int
    vendor_id: int | None
    subject: str
    text: str
    source: str
    created_at: dt.datetime
    score: int = Field(description="How many query words it contains (+1 for the vendor's own).")


class MemorySearchOut(BaseModel):
    notes: list[NoteOut]


@registry.register(
    name="memory.search",
    description=(
        "Search notes kept from earlier cases (e.g. 'this vendor bills freight on a separate "
        "line'), by words and/or vendor. Best matches first."
    ),
    scope="memory:search",
    input_model=MemorySearchIn,
    output_model=MemorySearchOut,
)
def memory_search(args: MemorySearchIn, ctx: ToolContext) -> MemorySearchOut:
    found = memory_note_search(query=args.query, vendor_id=args.vendor_id, limit=args.limit)
    return MemorySearchOut(
        notes=[
            NoteOut(
                id=note.pk,
                vendor_id=note.vendor_id,
                subject=note.subject,
                text=note.text,
                source=note.source,
                created_at=note.created_at,
                score=score,
            )
            for note, score in found
        ]
    )


class MemoryWriteIn(ToolInput):
    subject: str = Field(min_length=3, max_length=200)
    text: str = Field(min_length=3, max_length=5000)
    vendor_id: StrictInt | None = Field(None, description="The vendor the note is about, if any.")
    source: str = Field("", max_length=200, description="Where it was learnt; default: the step.")


class MemoryWriteOut(BaseModel):
    note_id: int
    created: bool = Field(description="False: the same note was already kept.")


@registry.register(
    name="memory.write",
    description=(
        "Keep a short note for future cases: a lesson from this case that will help next time. "
        "Writing the same note twice keeps it once."
    ),
    scope="memory:write",
    input_model=MemoryWriteIn,
    output_model=MemoryWriteOut,
    side_effects=True,
)
def memory_write(args: MemoryWriteIn, ctx: ToolContext) -> MemoryWriteOut:
    if args.vendor_id is not None and not Vendor.objects.filter(pk=args.vendor_id).exists():
        raise NotFound(f"There is no vendor {args.vendor_id}.")
    default_source = f"{ctx.agent}, workflow {ctx.workflow_id}" if ctx.workflow_id else ctx.agent
    note, created = memory_note_write(
        subject=args.subject,
        text=args.text,
        vendor_id=args.vendor_id,
        source=args.source or default_source,
        workflow_id=ctx.workflow_id,
    )
    return MemoryWriteOut(note_id=note.pk, created=created)
