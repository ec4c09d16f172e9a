"""The intake agent: a PDF or a picture (a scan, a photo) in, a structured invoice with evidence
out.

It reads the document through the `documents.get` tool, parses it in the sandbox (a hostile PDF
cannot take the worker down), asks the LLM (when one is configured) only about the header fields
the rules were unsure of, and saves what it read through `invoices.save_extraction`.

Right after the parse, the router (agents/router) decides on the text just read what kind of
document this is: only an invoice or a credit note goes on; anything else, or a document the
router is unsure of, goes to the clerks' triage list (DocumentTriaged). A plain-text document
(an email without attachments) is routed on its text. A clerk's re-routing (DocumentRerouted)
carries the route in the step input, and is not routed again.

Emits DocumentParsed; DocumentRejected when the file cannot be read as an invoice; NeedsHuman when
it was read but a required field is missing or unsure: a clerk checks it rather than a guess;
DocumentTriaged when it is not for intake.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings

from agents.errors import TransientError
from agents.intake.extraction import ExtractionError, InvoiceExtraction
from agents.intake.extraction.extract import CREDITED_WARNING
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
from agents.router import AP_ROUTES
from agents.router.classifier import TEXT_LIMIT
from agents.router.reading import is_plain_text
from agents.router.references import referenced_invoice_number

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


@dataclass(frozen=True)
class Route:
    route: str
    scores: dict[str, float]
    triage: bool
    reason: str = ""
    chosen_by_clerk: bool = False
    text: str = ""


def run(ctx: StepContext) -> StepResult:
    document = ctx.tools.call("documents.get", document_id=ctx.document_id, include_content=True)
    pdf_bytes = document.content()
    chosen = ctx.input.get("route") if ctx.input.get("event") == "DocumentRerouted" else None
    if is_plain_text(pdf_bytes):
        return _plain_text(ctx, pdf_bytes.decode("utf-8"), chosen)
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

    route = _route(ctx, extraction.routing_text, chosen)
    if route.triage and extraction.source.endswith("_xml"):
        # An embedded e-invoice (ZUGFeRD, Factur-X, UBL) is an invoice whatever its page says.
        route = replace(route, route="invoice", triage=False, reason="it carries an e-invoice")
    if route.triage:
        return _triage(ctx, route)
    negative = extraction.total is not None and extraction.total < 0
    if route.route == "invoice" and not route.chosen_by_clerk and (
        negative or CREDITED_WARNING in extraction.warnings
    ):
        # A negative total, or a credit-note title the extractor read its signs by, is a credit
        # note whatever its words score; a clerk who re-routed it as an invoice has the last word.
        route = replace(route, route="credit_note", reason="it is a credit note by its figures")
    if route.route == "credit_note":
        extraction = signed_as_credit(extraction)

    # What clerks taught about this vendor's layout (agents/intake/hints.py), before anyone asks
    # the LLM: a field a hint reads is no longer unsure.
    extraction, memory_used = consult_hints(ctx, pdf_bytes, extraction)
    extracted_by = f"rules/{extraction.source}"
    asked = unsure_fields(extraction, SECOND_OPINION_FIELDS)
    if asked and ctx.llm is not None:
        extraction, taken = _second_opinion(ctx, pdf_bytes, extraction, asked)
        if taken:
            extracted_by = f"rules+llm/{extraction.source}"

    _save_route(ctx, route)
    corrects = (
        referenced_invoice_number(extraction.routing_text) if route.route == "credit_note" else ""
    )
    saved = ctx.tools.call(
        "invoices.save_extraction",
        document_id=ctx.document_id,
        outcome="parsed",
        extraction=extraction.model_dump(mode="json"),
        extracted_by=extracted_by,
        kind=route.route,
        corrects_number=corrects,
    )
    output = {
        "route": route.route,
        "route_scores": route.scores,
        **({"corrects_number": corrects} if corrects else {}),
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


def signed_as_credit(extraction: InvoiceExtraction) -> InvoiceExtraction:
    """A credit note's figures stored with the sign of a credit (negative quantities, amounts,
    subtotal, tax and total; unit prices positive), so validation checks them by the same rules
    and a purchase order's billed quantities go down by what it credits. The extractor reads a
    credit note's amounts as credited (positive); one with mixed signs is left as printed."""
    money = [extraction.subtotal, extraction.tax, extraction.total,
             *(line.amount for line in extraction.lines)]
    if not any(value for value in money if value is not None) or any(
        value < 0 for value in money if value is not None
    ):
        return extraction
    signed = extraction.model_copy(deep=True)
    for name in ("subtotal", "tax", "total"):
        if getattr(signed, name) is not None:
            setattr(signed, name, -getattr(signed, name))
    for line in signed.lines:
        line.amount = -line.amount if line.amount is not None else None
        line.quantity = -abs(line.quantity) if line.quantity is not None else None
        line.unit_price = abs(line.unit_price) if line.unit_price is not None else None
    signed.warnings.append("credit note: stored with negative amounts, as a credit")
    return signed


def _route(ctx: StepContext, text: str, chosen: str | None) -> Route:
    if chosen in AP_ROUTES:
        return Route(chosen, {}, False, f"re-routed by {ctx.input.get('by', 'a clerk')}",
                     chosen_by_clerk=True)
    text = text[:TEXT_LIMIT]
    decided = ctx.tools.call("documents.classify", document_id=ctx.document_id, text=text)
    route = Route(decided.route, decided.scores, decided.triage, decided.reason, text=text)
    if decided.candidates and ctx.llm is not None and settings.LLM_PROVIDER != "rules":
        route = _tie_break(ctx, route, decided.candidates)
    return route


def _tie_break(ctx: StepContext, route: Route, candidates: list[str]) -> Route:
    """Too close to call between an invoice (or credit note) and another route: a configured
    model picks one of the two; its answer must be one of them (the gateway re-asks once, then
    the step fails). The rules provider never guesses: the document stays on the triage list."""
    from agents.llm.tasks import PICK_ROUTE

    pick = ctx.llm.structured(PICK_ROUTE, {"candidates": candidates, "text": route.text[:4000]})
    reason = f"The router could not tell {' from '.join(candidates)}; the LLM picked {pick.route}"
    reason += f": {pick.reason.strip()}" if pick.reason.strip() else "."
    return replace(route, route=pick.route, triage=pick.route not in AP_ROUTES, reason=reason)


def _save_route(ctx: StepContext, route: Route) -> None:
    if route.chosen_by_clerk:
        return  # the clerk's re-routing recorded it, with who
    ctx.tools.call("documents.save_route", document_id=ctx.document_id, route=route.route,
                   scores=route.scores, triage=route.triage, reason=route.reason, text=route.text)


def _triage(ctx: StepContext, route: Route) -> StepResult:
    _save_route(ctx, route)
    reason = f"{route.reason} A clerk re-routes it or files it (triage list)."
    ctx.emit("DocumentTriaged", {"reason": reason, "route": route.route, "scores": route.scores})
    return StepResult(output={"outcome": "triaged", "route": route.route,
                              "route_scores": route.scores, "reason": route.reason})


def _plain_text(ctx: StepContext, text: str, chosen: str | None) -> StepResult:
    """A document that is text (an email without attachments): routed on its text. As an
    invoice or credit note it has no page to read figures from, so a clerk keys it in."""
    route = _route(ctx, text, chosen)
    if route.triage:
        return _triage(ctx, route)
    _save_route(ctx, route)
    reason = (
        f"The text reads as {'a credit note' if route.route == 'credit_note' else 'an invoice'}, "
        "but there is no PDF or picture to read its figures from"
    )
    ctx.tools.call("invoices.save_extraction", document_id=ctx.document_id,
                   outcome="rejected", reason=reason)
    ctx.emit("DocumentRejected", {"reason": reason})
    return StepResult(output={"outcome": "rejected", "reason": reason, "route": route.route,
                              "route_scores": route.scores})


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
