"""The intake agent: a PDF or a picture (a scan, a photo) in, a structured invoice with evidence
out.

It reads the document through the `documents.get` tool, parses it in the sandbox (a hostile PDF
cannot take the worker down), asks the LLM (when one is configured) only about the header fields
the rules were unsure of, and saves what it read through `invoices.save_extraction`.

Emits DocumentParsed; DocumentRejected when the file cannot be read as an invoice; NeedsHuman when
it was read but a required field is missing or unsure: a clerk checks it rather than a guess.
"""
from __future__ import annotations

from agents.errors import TransientError
from agents.intake.extraction import ExtractionError, InvoiceExtraction
from agents.intake.hints import consult as consult_hints
from agents.intake.sandbox import (
    DEFAULT_OCR_CPU_S,
    DEFAULT_OCR_MEMORY_MB,
    DEFAULT_OCR_TIMEOUT_S,
    SandboxError,
    parse_pdf_safely,
    run_sandboxed,
)
from agents.intake.second_opinion import merge_readings, page_text
from agents.orchestrator.registry import StepContext, StepResult

# Without these an invoice cannot be matched or paid.
REQUIRED_FIELDS = {
    "vendor_name": "vendor name",
    "invoice_number": "invoice number",
    "invoice_date": "invoice date",
    "total": "total",
}
# Header fields the LLM may be asked about when the rules are unsure.
SECOND_OPINION_FIELDS = (*REQUIRED_FIELDS, "currency", "po_number", "subtotal", "tax")
# Below this a value is a guess. The extractor caps totals that do not add up at 0.4: those go on
# to validation, which holds the invoice with a tax_arithmetic finding naming expected and
# actual, a clearer message for the clerk (and the vendor) than "unsure".
CONFIDENT = 0.35


def unsure_fields(extraction: InvoiceExtraction, fields=REQUIRED_FIELDS) -> list[str]:
    return [
        name
        for name in fields
        if getattr(extraction, name) in (None, "")
        or extraction.confidence.get(name, 0.0) < CONFIDENT
    ]


def run(ctx: StepContext) -> StepResult:
    document = ctx.tools.call("documents.get", document_id=ctx.document_id, include_content=True)
    pdf_bytes = document.content()
    try:
        extraction = parse_pdf_safely(pdf_bytes)
    except (ExtractionError, SandboxError) as exc:
        if not exc.permanent:
            raise TransientError(exc.reason) from exc
        ctx.tools.call(
            "invoices.save_extraction",
            document_id=ctx.document_id,
            outcome="rejected",
            reason=exc.reason,
        )
        ctx.emit("DocumentRejected", {"reason": exc.reason})
        return StepResult(output={"outcome": "rejected", "reason": exc.reason})

    # What clerks taught about this vendor's layout (agents/intake/hints.py), before anyone asks
    # the LLM: a field a hint reads is no longer unsure.
    extraction, memory_used = consult_hints(ctx, pdf_bytes, extraction)
    extracted_by = f"rules/{extraction.source}"
    asked = unsure_fields(extraction, SECOND_OPINION_FIELDS)
    if asked and ctx.llm is not None:
        extraction, taken = _second_opinion(ctx, pdf_bytes, extraction, asked)
        if taken:
            extracted_by = f"rules+llm/{extraction.source}"

    saved = ctx.tools.call(
        "invoices.save_extraction",
        document_id=ctx.document_id,
        outcome="parsed",
        extraction=extraction.model_dump(mode="json"),
        extracted_by=extracted_by,
    )
    output = {
        "invoice_id": saved.invoice_id,
        "lines": saved.line_count,
        "extracted_by": extracted_by,
        "warnings": extraction.warnings,
    }
    remembered = {"memory_used": memory_used} if memory_used else {}
    missing = unsure_fields(extraction)
    if missing:
        reason = (
            "The invoice was read, but these fields are missing or unsure: "
            + ", ".join(REQUIRED_FIELDS[name] for name in missing)
            + ". Check them against the PDF."
        )
        ctx.emit("NeedsHuman", {"reason": reason, "invoice_id": saved.invoice_id, **remembered})
        return StepResult(output={**output, "outcome": "needs_human", "unsure": missing})
    ctx.emit("DocumentParsed", {"invoice_id": saved.invoice_id, **remembered})
    return StepResult(output={**output, "outcome": "parsed"})


def _second_opinion(ctx: StepContext, pdf_bytes: bytes, extraction, asked: list[str]):
    from agents.llm.tasks import READ_FIELDS

    # Reading the text again is milliseconds for a text layer, seconds for OCR (the warm child
    # still has Tesseract loaded): each gets the limits its first reading had.
    if extraction.source == "ocr":
        limits = {"timeout_s": DEFAULT_OCR_TIMEOUT_S, "cpu_s": DEFAULT_OCR_CPU_S,
                  "memory_mb": DEFAULT_OCR_MEMORY_MB}
    else:
        limits = {"timeout_s": 10}
    text = run_sandboxed(page_text, pdf_bytes, reuse=True, **limits)
    readings = ctx.llm.structured(READ_FIELDS, {"page_text": text, "unsure_fields": asked})
    return merge_readings(extraction, readings)
