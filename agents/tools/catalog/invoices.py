"""The invoice tools: intake saves what it read, validation records what it found, everyone
reads the result.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from agents.errors import TransientError
from agents.orchestrator.models import Workflow
from agents.tools.errors import NotFound, ToolFailed
from agents.tools.registry import ToolContext, ToolInput, registry
from procurement.models import Document, Finding, Invoice
from procurement.services import (
    DUPLICATE_REASONS,
    Refused,
    StaleVerdict,
    credit_note_corrected_invoice,
    document_reject,
    invoice_find_duplicates,
    invoice_record_findings,
    invoice_save_extraction,
)

# Same precision as the database columns, so a bad value is an argument error, not a DB error.
Money = Annotated[Decimal, Field(max_digits=14, decimal_places=2)]
Quantity = Annotated[Decimal, Field(max_digits=14, decimal_places=3)]
UnitPrice = Annotated[Decimal, Field(max_digits=14, decimal_places=4)]
Confidence = Annotated[float, Field(ge=0, le=1)]
FindingKind = Literal[tuple(Finding.Kind.values)]  # type: ignore[valid-type]
FindingSeverity = Literal[tuple(Finding.Severity.values)]  # type: ignore[valid-type]


@contextmanager
def _refusals_as_tool_errors() -> Iterator[None]:
    try:
        yield
    except (Document.DoesNotExist, Invoice.DoesNotExist) as exc:
        raise NotFound(str(exc).replace("matching query does not exist.", "not found.")) from None
    except Refused as exc:
        raise ToolFailed(str(exc)) from None
    except StaleVerdict as exc:
        raise TransientError(str(exc)) from None


def require_workflow_document(ctx: ToolContext, document_id: int, what: str) -> None:
    """Inside a workflow, a tool writes only about that workflow's own document: a step (or a
    token naming one) must not reach another workflow's invoice. Outside any workflow (an external
    agent), there is nothing to bind to.
    """
    if ctx.workflow_id is None:
        return
    own = (
        Workflow.objects.filter(pk=ctx.workflow_id).values_list("document_id", flat=True).first()
    )
    if own is None:
        raise ToolFailed(f"There is no workflow {ctx.workflow_id}.")
    if own != document_id:
        raise ToolFailed(
            f"{what} does not belong to workflow {ctx.workflow_id}, which is about document "
            f"{own}: a workflow's steps may only write about that document."
        )


# --- invoices.save_extraction -------------------------------------------------------------------


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    page: StrictInt = Field(ge=0, description="0-based page index.")
    bbox: list[float] = Field(min_length=4, max_length=4, description="x0, top, x1, bottom (pt).")


class ExtractedLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str | None = Field(None, max_length=1000)
    sku: str | None = Field(None, max_length=64)
    quantity: Quantity | None = None
    unit_price: UnitPrice | None = None
    amount: Money | None = None
    confidence: dict[str, Confidence] = Field(default_factory=dict)


class Extraction(BaseModel):
    """What is printed on the invoice; null where nothing could be read. The same shape as the
    intake extractor's result, so it can be passed as it is.
    """

    model_config = ConfigDict(extra="forbid")

    vendor_name: str | None = Field(None, max_length=300)
    vendor_tax_id: str | None = Field(None, max_length=64)
    invoice_number: str | None = Field(None, max_length=100)
    invoice_date: dt.date | None = None
    due_date: dt.date | None = None
    currency: str | None = Field(None, pattern=r"^[A-Za-z]{3}$")
    po_number: str | None = Field(None, max_length=64)
    subtotal: Money | None = None
    tax: Money | None = None
    total: Money | None = None
    iban: str | None = Field(None, max_length=34)
    bank_account_number: str | None = Field(None, max_length=64)
    lines: list[ExtractedLine] = Field(default_factory=list, max_length=500)
    confidence: dict[str, Confidence] = Field(
        default_factory=dict, description="Field name -> 0..1."
    )
    evidence: dict[str, Evidence] = Field(
        default_factory=dict, description="Field name -> where it was read."
    )
    page_count: StrictInt = Field(0, ge=0)
    text_chars: StrictInt = Field(0, ge=0)
    warnings: list[str] = Field(default_factory=list)
    source: str = Field("text", max_length=32, description="text, cii_xml, ubl_xml, ...")


class SaveExtractionIn(ToolInput):
    document_id: StrictInt
    outcome: Literal["parsed", "rejected"] = Field(
        description="parsed: the document is an invoice and `extraction` holds what it says; "
        "rejected: it cannot be read as an invoice, and `reason` says why."
    )
    extraction: Extraction | None = None
    reason: str = Field("", max_length=2000)
    extracted_by: str = Field("", max_length=32, description="'rules' or the LLM model name.")
    kind: Literal["invoice", "credit_note"] = Field(
        "invoice", description="The router's route: an invoice, or a credit note."
    )
    corrects_number: str = Field(
        "", max_length=100,
        description="For a credit note: the number of the invoice it corrects, as printed.",
    )

    @model_validator(mode="after")
    def _outcome_has_what_it_needs(self) -> SaveExtractionIn:
        if self.outcome == "parsed" and self.extraction is None:
            raise ValueError("outcome 'parsed' needs an extraction")
        if self.outcome == "rejected" and not self.reason.strip():
            raise ValueError("outcome 'rejected' needs a reason")
        return self


class SaveExtractionOut(BaseModel):
    document_id: int
    document_status: str
    invoice_id: int | None
    line_count: int


@registry.register(
    name="invoices.save_extraction",
    description=(
        "Save what was read from a document: outcome 'parsed' with the extracted invoice fields, "
        "lines, confidences and evidence (creates the invoice, or replaces an earlier extraction "
        "of the same document), or outcome 'rejected' with a reason when it is not a readable "
        "invoice. Safe to repeat."
    ),
    scope="invoices:write_extraction",
    input_model=SaveExtractionIn,
    output_model=SaveExtractionOut,
    side_effects=True,
)
def save_extraction(args: SaveExtractionIn, ctx: ToolContext) -> SaveExtractionOut:
    require_workflow_document(ctx, args.document_id, f"Document {args.document_id}")
    with _refusals_as_tool_errors():
        if args.outcome == "rejected":
            document = document_reject(document_id=args.document_id, reason=args.reason.strip())
            return SaveExtractionOut(
                document_id=document.pk,
                document_status=document.status,
                invoice_id=None,
                line_count=0,
            )
        extraction = args.extraction
        assert extraction is not None  # the model validator guarantees it
        fields = extraction.model_dump(
            exclude={"lines", "confidence", "evidence", "page_count", "text_chars", "warnings",
                     "source"}
        )
        if fields["currency"]:
            fields["currency"] = fields["currency"].upper()
        invoice = invoice_save_extraction(
            document_id=args.document_id,
            fields=fields,
            lines=[
                {
                    "line_no": number,
                    "description": line.description or "",
                    "sku": line.sku or "",
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                    "amount": line.amount,
                    "confidence": line.confidence,
                }
                for number, line in enumerate(extraction.lines, start=1)
            ],
            confidence=extraction.confidence,
            evidence={name: ev.model_dump() for name, ev in extraction.evidence.items()},
            extracted_by=args.extracted_by or extraction.source,
            page_count=extraction.page_count or None,
            kind=args.kind,
            corrects_number=args.corrects_number.strip() if args.kind == "credit_note" else "",
        )
    return SaveExtractionOut(
        document_id=args.document_id,
        document_status=Document.Status.PARSED,
        invoice_id=invoice.pk,
        line_count=len(extraction.lines),
    )


# --- invoices.get -------------------------------------------------------------------------------


class InvoiceGetIn(ToolInput):
    invoice_id: StrictInt | None = None
    document_id: StrictInt | None = Field(None, description="Or the document it was read from.")

    @model_validator(mode="after")
    def _exactly_one(self) -> InvoiceGetIn:
        if (self.invoice_id is None) == (self.document_id is None):
            raise ValueError("give exactly one of invoice_id or document_id")
        return self


class InvoiceLineOut(BaseModel):
    line_no: int
    sku: str
    description: str
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal | None
    po_line_id: int | None
    confidence: dict[str, float]


class FindingOut(BaseModel):
    kind: str
    label: str = Field(description="The kind in words, e.g. 'Price differs from PO'.")
    severity: str
    message: str
    expected: str
    actual: str
    line_no: int | None


class InvoiceOut(BaseModel):
    id: int
    document_id: int
    kind: str = Field("invoice", description="invoice or credit_note (the router's route).")
    corrects_number: str = Field(
        "", description="For a credit note: the number of the invoice it corrects, as printed."
    )
    status: str = Field(description="extracted, matched, exception, approved or rejected.")
    vendor_id: int | None = Field(description="The vendor on file it was matched to, if any.")
    purchase_order_id: int | None
    duplicate_of_id: int | None
    vendor_name: str = Field(description="As printed.")
    vendor_tax_id: str
    invoice_number: str
    invoice_date: dt.date | None
    due_date: dt.date | None
    currency: str
    po_number: str = Field(description="As printed.")
    subtotal: Decimal | None
    tax: Decimal | None
    total: Decimal | None
    iban: str = Field(description="As printed.")
    bank_account_number: str
    sender_email: str = Field(
        "", description="The From address of the email the invoice came in, if it came by email "
        "(as the mail claims it: the weakest sign of who the vendor is)."
    )
    confidence: dict[str, float]
    evidence: dict[str, dict]
    extracted_by: str
    lines: list[InvoiceLineOut]
    findings: list[FindingOut]
    checks: list[dict] = Field(description="Validation's checks: check, passed, detail.")


@registry.register(
    name="invoices.get",
    description=(
        "Get an extracted invoice (by invoice_id or document_id): the printed header fields, the "
        "lines, per-field confidence, its status, what it is linked to, and validation findings."
    ),
    scope="invoices:read",
    input_model=InvoiceGetIn,
    output_model=InvoiceOut,
)
def invoices_get(args: InvoiceGetIn, ctx: ToolContext) -> InvoiceOut:
    lookup = {"pk": args.invoice_id} if args.invoice_id is not None else {
        "document_id": args.document_id
    }
    invoice = (
        Invoice.objects.filter(**lookup).select_related("document__email")
        .prefetch_related("lines", "findings").first()
    )
    if invoice is None:
        raise NotFound(f"There is no invoice with {lookup}.".replace("pk", "invoice_id"))
    lines = list(invoice.lines.all())
    line_no_by_id = {line.pk: line.line_no for line in lines}
    return InvoiceOut(
        id=invoice.pk,
        document_id=invoice.document_id,
        kind=invoice.kind,
        corrects_number=invoice.corrects_number,
        status=invoice.status,
        vendor_id=invoice.vendor_id,
        purchase_order_id=invoice.purchase_order_id,
        duplicate_of_id=invoice.duplicate_of_id,
        vendor_name=invoice.vendor_name,
        vendor_tax_id=invoice.vendor_tax_id,
        invoice_number=invoice.invoice_number,
        invoice_date=invoice.invoice_date,
        due_date=invoice.due_date,
        currency=invoice.currency,
        po_number=invoice.po_number,
        subtotal=invoice.subtotal,
        tax=invoice.tax,
        total=invoice.total,
        iban=invoice.iban,
        bank_account_number=invoice.bank_account_number,
        sender_email=invoice.document.email.sender if invoice.document.email else "",
        confidence=invoice.confidence,
        evidence=invoice.evidence,
        extracted_by=invoice.extracted_by,
        lines=[
            InvoiceLineOut(
                line_no=line.line_no,
                sku=line.sku,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
                po_line_id=line.po_line_id,
                confidence=line.confidence,
            )
            for line in lines
        ],
        findings=[
            FindingOut(
                kind=finding.kind,
                label=finding.get_kind_display(),
                severity=finding.severity,
                message=finding.message,
                expected=finding.expected,
                actual=finding.actual,
                line_no=line_no_by_id.get(finding.invoice_line_id),
            )
            for finding in invoice.findings.all()
        ],
        checks=invoice.checks,
    )


# --- invoices.find_duplicates -------------------------------------------------------------------


class FindDuplicatesIn(ToolInput):
    invoice_id: StrictInt
    vendor_id: StrictInt | None = Field(
        None, description="The vendor to compare within, if the invoice is not linked to one yet."
    )


class DuplicateOut(BaseModel):
    invoice_id: int
    document_id: int
    invoice_number: str
    invoice_date: dt.date | None
    total: Decimal | None
    status: str
    reason: Literal[DUPLICATE_REASONS] = Field(  # type: ignore[valid-type]
        description="same_number (normalised), same_lines or same_total_nearby (another number)."
    )


class FindDuplicatesOut(BaseModel):
    duplicates: list[DuplicateOut] = Field(description="Oldest first: the first is the original.")


@registry.register(
    name="invoices.find_duplicates",
    description=(
        "Find earlier invoices from the same vendor that this one may duplicate: the same "
        "invoice number (ignoring spaces, dashes, case and leading zeros), the same lines, or the "
        "same total within a few days; also earlier invoices no vendor was attached to that "
        "print this vendor's tax id or name. Oldest first; empty when none."
    ),
    scope="invoices:read",
    input_model=FindDuplicatesIn,
    output_model=FindDuplicatesOut,
)
def find_duplicates(args: FindDuplicatesIn, ctx: ToolContext) -> FindDuplicatesOut:
    with _refusals_as_tool_errors():
        found = invoice_find_duplicates(invoice_id=args.invoice_id, vendor_id=args.vendor_id)
    return FindDuplicatesOut(
        duplicates=[
            DuplicateOut(
                invoice_id=other.pk,
                document_id=other.document_id,
                invoice_number=other.invoice_number,
                invoice_date=other.invoice_date,
                total=other.total,
                status=other.status,
                reason=reason,
            )
            for other, reason in found
        ]
    )


# --- invoices.corrected ------------------------------------------------------------------------


class CorrectedIn(ToolInput):
    invoice_id: StrictInt = Field(description="The credit note.")
    vendor_id: StrictInt = Field(description="Its vendor, as validation resolved it.")


class CorrectedOut(BaseModel):
    found: bool
    invoice_id: int | None = None
    invoice_number: str = ""
    po_number: str = Field(
        "", description="The purchase order it bills: the one it was linked to, else as printed."
    )


@registry.register(
    name="invoices.corrected",
    description=(
        "For a credit note: the vendor's invoice on file that it corrects (under the number it "
        "refers to, compared as for duplicates) and that invoice's purchase order number; "
        "found=false when none is on file, or the document is not a credit note."
    ),
    scope="invoices:read",
    input_model=CorrectedIn,
    output_model=CorrectedOut,
)
def invoices_corrected(args: CorrectedIn, ctx: ToolContext) -> CorrectedOut:
    note = Invoice.objects.filter(pk=args.invoice_id).first()
    if note is None:
        raise NotFound(f"There is no invoice with invoice_id {args.invoice_id}.")
    corrected_id = credit_note_corrected_invoice(invoice=note, vendor_id=args.vendor_id)
    corrected = (Invoice.objects.select_related("purchase_order").filter(pk=corrected_id).first()
                 if corrected_id else None)
    if corrected is None:
        return CorrectedOut(found=False)
    return CorrectedOut(
        found=True,
        invoice_id=corrected.pk,
        invoice_number=corrected.invoice_number,
        po_number=(corrected.purchase_order.number if corrected.purchase_order
                   else corrected.po_number),
    )


# --- invoices.record_findings -------------------------------------------------------------------


class FindingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: FindingKind
    severity: FindingSeverity = "blocking"
    message: str = Field(min_length=1, max_length=2000, description="For the AP clerk.")
    expected: str = Field("", max_length=300, description="What is on file, e.g. the PO price.")
    actual: str = Field("", max_length=300, description="What the invoice says.")
    line_no: StrictInt | None = Field(None, description="The invoice line it is about, if one.")


class LineLink(BaseModel):
    model_config = ConfigDict(extra="forbid")

    line_no: StrictInt = Field(description="Invoice line number.")
    po_line_id: StrictInt = Field(description="Id of the purchase order line it bills.")


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    check: str = Field(max_length=40, description="e.g. vendor, duplicates, tax, quantities.")
    passed: bool | None = Field(description="None: could not run (nothing to compare with).")
    detail: str = Field(max_length=1000, description="What it saw, for the trail.")


class BilledBasis(BaseModel):
    model_config = ConfigDict(extra="forbid")

    excluding_invoice_ids: list[StrictInt] = Field(max_length=100)
    net: Decimal = Field(description="purchase_orders.billed's net when the verdict was reached.")
    invoice_count: StrictInt = Field(ge=0)


class RecordFindingsIn(ToolInput):
    invoice_id: StrictInt
    vendor_id: StrictInt | None = Field(None, description="The vendor on file it comes from.")
    purchase_order_id: StrictInt | None = None
    duplicate_of_id: StrictInt | None = Field(
        None, description="The original, if this is a duplicate."
    )
    line_links: list[LineLink] = Field(default_factory=list, max_length=500)
    findings: list[FindingIn] = Field(
        default_factory=list, max_length=200, description="Empty: the invoice matches."
    )
    checks: list[CheckIn] = Field(
        default_factory=list, max_length=50,
        description="Every check run, passed or not, so the trail shows why it was approved.",
    )
    billed_basis: BilledBasis | None = Field(
        None, description="What purchase_orders.billed answered (and was asked to exclude) for "
        "this verdict: if the order was billed by another invoice since, nothing is recorded "
        "and the call fails transiently, to be checked again.",
    )

    @model_validator(mode="after")
    def _one_link_per_line(self) -> RecordFindingsIn:
        numbers = [link.line_no for link in self.line_links]
        if len(numbers) != len(set(numbers)):
            raise ValueError("each invoice line can be linked once")
        return self


class RecordFindingsOut(BaseModel):
    invoice_id: int
    status: Literal["matched", "exception"]
    finding_count: int


@registry.register(
    name="invoices.record_findings",
    description=(
        "Record the validation verdict on an invoice: its findings (replacing earlier ones), the "
        "vendor, purchase order, PO line and duplicate links. Status becomes 'exception' when a "
        "finding is blocking, else 'matched'. Safe to repeat."
    ),
    scope="invoices:write_findings",
    input_model=RecordFindingsIn,
    output_model=RecordFindingsOut,
    side_effects=True,
)
def record_findings(args: RecordFindingsIn, ctx: ToolContext) -> RecordFindingsOut:
    document_id = (
        Invoice.objects.filter(pk=args.invoice_id).values_list("document_id", flat=True).first()
    )
    if document_id is None:
        raise NotFound(f"There is no invoice {args.invoice_id}.")
    require_workflow_document(ctx, document_id, f"Invoice {args.invoice_id}")
    with _refusals_as_tool_errors():
        invoice = invoice_record_findings(
            invoice_id=args.invoice_id,
            findings=[finding.model_dump() for finding in args.findings],
            vendor_id=args.vendor_id,
            purchase_order_id=args.purchase_order_id,
            duplicate_of_id=args.duplicate_of_id,
            line_links={link.line_no: link.po_line_id for link in args.line_links},
            checks=[check.model_dump() for check in args.checks],
            billed_basis=args.billed_basis.model_dump() if args.billed_basis else None,
        )
    return RecordFindingsOut(
        invoice_id=invoice.pk, status=invoice.status, finding_count=len(args.findings)
    )
