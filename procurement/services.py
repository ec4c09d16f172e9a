"""Services that span models or are shared by views, jobs, commands and agent tools."""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from procurement.models import (
    Document,
    Finding,
    Invoice,
    InvoiceLine,
    PurchaseOrder,
    PurchaseOrderLine,
    Vendor,
)
from procurement.storage import sha256_of, store_bytes


@dataclass(frozen=True)
class StoredDocument:
    document: Document
    created: bool  # False: these exact bytes were received before; `document` is the original


def document_store(
    *, content: bytes, filename: str, source: str, source_ref: str = "", uploaded_by=None
) -> StoredDocument:
    """Keep an incoming file. The same bytes twice give back the first Document, not a second."""
    digest = sha256_of(content)
    existing = Document.objects.filter(sha256=digest).first()
    if existing:
        return StoredDocument(existing, created=False)
    relative = store_bytes(content, digest)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                sha256=digest,
                original_filename=filename[:500],
                storage_path=relative,
                source=source,
                source_ref=source_ref[:1000],
                size_bytes=len(content),
                uploaded_by=uploaded_by,
            )
    except IntegrityError:
        # Another process stored the same bytes between our check and our insert.
        return StoredDocument(Document.objects.get(sha256=digest), created=False)
    return StoredDocument(document, created=True)


# --- Used by the agent tools (agents/tools/catalog): vendor matching, extraction, findings. -----


class Refused(Exception):
    """The request contradicts what is on file (an invoice a person already decided, a PO line of
    another order). The message says why, for a person or a model to act on.
    """


@dataclass(frozen=True)
class VendorMatch:
    vendor: Vendor
    score: float  # 0..1; 1.0 is a tax id printed exactly as on file
    matched_on: tuple[str, ...]  # "tax_id", "iban", "legal_name", "alias", "similar_name"


_LEGAL_FORMS = {
    "ab", "ag", "as", "bv", "co", "company", "corp", "corporation", "gmbh", "inc", "incorporated",
    "kg", "limited", "llc", "ltd", "nv", "oy", "plc", "sa", "sarl", "sas", "spa", "srl", "the",
}


def normalize_identifier(value: str) -> str:
    """Tax ids and IBANs are printed with spaces, dots and dashes; compare only what identifies."""
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def _words(value: str) -> str:
    return " ".join(re.findall(r"\w+", value.casefold().replace("&", " and ")))


def normalize_vendor_name(value: str) -> str:
    return " ".join(word for word in _words(value).split() if word not in _LEGAL_FORMS)


def _same_tax_id(printed: str, on_file: str) -> bool:
    if not printed or not on_file:
        return False
    if printed == on_file:
        return True
    # "123456789" printed for "DE123456789" on file (or the reverse): the country prefix is
    # often left out; only a two-letter prefix may differ, and the rest must be long enough.
    shorter, longer = sorted((printed, on_file), key=len)
    return len(shorter) >= 8 and len(longer) == len(shorter) + 2 and longer.endswith(shorter) \
        and longer[:2].isalpha()


def vendor_find(
    *, name: str = "", tax_id: str = "", iban: str = "", limit: int = 5
) -> list[VendorMatch]:
    """Vendors on file that the printed name, tax id or IBAN point to, best first.

    Identifiers are strong evidence (tax id 1.0, IBAN 0.95), an exact name or alias 0.9, a similar
    name at most 0.7; each further signal that agrees adds 0.05. Inactive vendors are included:
    the caller must notice that an invoice comes from one.
    """
    printed_tax = normalize_identifier(tax_id)
    printed_iban = normalize_identifier(iban)
    printed_name = normalize_vendor_name(name)
    matches = []
    for vendor in Vendor.objects.all():
        signals: dict[str, float] = {}
        if _same_tax_id(printed_tax, normalize_identifier(vendor.tax_id)):
            signals["tax_id"] = 1.0
        if printed_iban and printed_iban == normalize_identifier(vendor.iban):
            signals["iban"] = 0.95
        if printed_name:
            if printed_name == normalize_vendor_name(vendor.legal_name):
                signals["legal_name"] = 0.9
            elif any(printed_name == normalize_vendor_name(alias) for alias in vendor.aliases):
                signals["alias"] = 0.9
            else:
                # Compared with and without legal forms: "Globex Corporatoin" is a typo of
                # "Globex Corporation", not a company called "corporatoin".
                similarity = max(
                    SequenceMatcher(None, printed, known).ratio()
                    for original in vendor.names()
                    for printed, known in (
                        (printed_name, normalize_vendor_name(original)),
                        (_words(name), _words(original)),
                    )
                )
                if similarity >= 0.75:
                    signals["similar_name"] = round(0.7 * similarity, 3)
        if signals:
            score = min(1.0, max(signals.values()) + 0.05 * (len(signals) - 1))
            matches.append(VendorMatch(vendor, round(score, 3), tuple(signals)))
    matches.sort(key=lambda match: (-match.score, match.vendor.legal_name))
    return matches[:limit]


INVOICE_HEADER_FIELDS = (
    "vendor_name", "vendor_tax_id", "invoice_number", "invoice_date", "due_date", "currency",
    "po_number", "subtotal", "tax", "total", "iban", "bank_account_number",
)


def invoice_save_extraction(
    *,
    document_id: int,
    fields: dict,
    lines: list[dict],
    confidence: dict | None = None,
    evidence: dict | None = None,
    extracted_by: str = "",
    page_count: int | None = None,
) -> Invoice:
    """Create, or replace, the invoice read from a document and mark the document parsed.

    Saving the same extraction twice leaves one invoice with the same lines. Replacing is refused
    once validation has moved the invoice on: what was validated must not change underneath.
    `fields` holds INVOICE_HEADER_FIELDS (missing ones are blank); `lines` hold line_no, sku,
    description, quantity, unit_price, amount, confidence.
    """
    header = {name: fields.get(name) for name in INVOICE_HEADER_FIELDS}
    for name, value in header.items():
        if value is None and Invoice._meta.get_field(name).get_internal_type() == "CharField":
            header[name] = ""
    with transaction.atomic():
        # The document row lock makes two concurrent saves for one document take turns.
        document = Document.objects.select_for_update().get(pk=document_id)
        invoice = Invoice.objects.filter(document=document).first()
        if invoice and invoice.status != Invoice.Status.EXTRACTED:
            raise Refused(
                f"The invoice of document {document_id} is already {invoice.status}; "
                "its extraction can no longer be replaced."
            )
        values = {
            **header,
            "confidence": confidence or {},
            "evidence": evidence or {},
            "extracted_by": extracted_by[:32],
        }
        if invoice:
            Invoice.objects.filter(pk=invoice.pk).update(**values, updated_at=timezone.now())
            invoice.lines.all().delete()
        else:
            invoice = Invoice.objects.create(document=document, **values)
        InvoiceLine.objects.bulk_create(
            InvoiceLine(invoice=invoice, **line) for line in lines
        )
        changes = {"status": Document.Status.PARSED, "error_reason": ""}
        if page_count:
            changes["page_count"] = page_count
        Document.objects.filter(pk=document.pk).update(**changes)
    invoice.refresh_from_db()
    return invoice


def document_reject(*, document_id: int, reason: str) -> Document:
    """Mark a document as not readable as an invoice, with the reason a clerk will see.

    An invoice extracted earlier from it (and not yet validated) is removed with its lines.
    """
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        invoice = Invoice.objects.filter(document=document).first()
        if invoice:
            if invoice.status != Invoice.Status.EXTRACTED:
                raise Refused(
                    f"The invoice of document {document_id} is already {invoice.status}; "
                    "the document can no longer be rejected by intake."
                )
            invoice.delete()
        Document.objects.filter(pk=document.pk).update(
            status=Document.Status.REJECTED, error_reason=reason
        )
    document.refresh_from_db()
    return document


def invoice_find_duplicates(*, invoice_id: int, vendor_id: int | None = None) -> list[tuple]:
    """Other invoices of the same vendor that look like this one, as (invoice, reason), oldest
    first; reason is "same_number" or "same_date_and_total". The vendor is the invoice's own or
    `vendor_id` (validation knows the vendor before it records it).
    """
    invoice = Invoice.objects.get(pk=invoice_id)
    vendor_id = vendor_id or invoice.vendor_id
    if vendor_id is None:
        return []
    same_number = Q(invoice_number__iexact=invoice.invoice_number) if invoice.invoice_number \
        else Q(pk__in=[])
    same_date_total = (
        Q(invoice_date=invoice.invoice_date, total=invoice.total)
        if invoice.invoice_date and invoice.total is not None
        else Q(pk__in=[])
    )
    others = (
        Invoice.objects.filter(vendor_id=vendor_id)
        .filter(same_number | same_date_total)
        .exclude(pk=invoice.pk)
        .order_by("created_at", "pk")
    )
    number = invoice.invoice_number.lower()
    return [
        (other, "same_number" if number and other.invoice_number.lower() == number
         else "same_date_and_total")
        for other in others
    ]


def invoice_record_findings(
    *,
    invoice_id: int,
    findings: list[dict],
    vendor_id: int | None = None,
    purchase_order_id: int | None = None,
    duplicate_of_id: int | None = None,
    line_links: dict[int, int] | None = None,
) -> Invoice:
    """Write validation's verdict: the findings (replacing any earlier ones, so recording the same
    verdict twice changes nothing), the links to vendor, purchase order, PO lines and original,
    and the status: "exception" when a finding is blocking, else "matched".

    `findings` hold kind, severity, message, expected, actual and line_no (an invoice line) or
    None; `line_links` maps invoice line_no -> purchase order line id.
    """
    line_links = line_links or {}
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice_id)
        if invoice.status not in (
            Invoice.Status.EXTRACTED, Invoice.Status.MATCHED, Invoice.Status.EXCEPTION
        ):
            raise Refused(f"Invoice {invoice_id} is already {invoice.status} by a person.")
        for model, pk, label in (
            (Vendor, vendor_id, "vendor"),
            (PurchaseOrder, purchase_order_id, "purchase order"),
            (Invoice, duplicate_of_id, "invoice"),
        ):
            # Checked here because PostgreSQL defers foreign keys to commit, too late to explain.
            if pk is not None and not model.objects.filter(pk=pk).exists():
                raise Refused(f"There is no {label} {pk}.")
        if duplicate_of_id == invoice.pk:
            raise Refused("An invoice cannot be a duplicate of itself.")
        lines = {line.line_no: line for line in invoice.lines.all()}
        named = {f["line_no"] for f in findings if f.get("line_no") is not None} | set(line_links)
        if unknown := sorted(named - set(lines)):
            raise Refused(f"Invoice {invoice_id} has no line(s) {unknown}.")
        if line_links:
            if purchase_order_id is None:
                raise Refused("Lines can only be linked to the lines of a purchase order.")
            po_line_ids = set(
                PurchaseOrderLine.objects.filter(order_id=purchase_order_id).values_list(
                    "pk", flat=True
                )
            )
            if foreign := sorted(set(line_links.values()) - po_line_ids):
                raise Refused(
                    f"Purchase order line(s) {foreign} do not belong to order {purchase_order_id}."
                )
        blocking = any(f["severity"] == Finding.Severity.BLOCKING for f in findings)
        status = Invoice.Status.EXCEPTION if blocking else Invoice.Status.MATCHED
        try:
            with transaction.atomic():
                Invoice.objects.filter(pk=invoice.pk).update(
                    vendor_id=vendor_id,
                    purchase_order_id=purchase_order_id,
                    duplicate_of_id=duplicate_of_id,
                    status=status,
                    updated_at=timezone.now(),
                )
        except IntegrityError:
            raise Refused(
                f"Another live invoice from vendor {vendor_id} has number "
                f"{invoice.invoice_number!r}: record this one with duplicate_of_id."
            ) from None
        InvoiceLine.objects.filter(invoice=invoice).update(po_line=None)
        for line_no, po_line_id in line_links.items():
            InvoiceLine.objects.filter(pk=lines[line_no].pk).update(po_line_id=po_line_id)
        invoice.findings.all().delete()
        Finding.objects.bulk_create(
            Finding(
                invoice=invoice,
                kind=f["kind"],
                severity=f["severity"],
                message=f["message"],
                expected=(f.get("expected") or "")[:300],
                actual=(f.get("actual") or "")[:300],
                invoice_line=lines[f["line_no"]] if f.get("line_no") is not None else None,
            )
            for f in findings
        )
    invoice.refresh_from_db()
    return invoice
