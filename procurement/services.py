"""Services that span models or are shared by views, jobs, commands and agent tools."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.utils import timezone

from procurement.matching import (
    compact_identifier,
    invoice_number_key,
    lines_fingerprint,
    name_key,
    name_similarity,
    tax_id_key,
)
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
    *, content: bytes, filename: str, source: str, source_ref: str = "", uploaded_by=None,
    email=None,
) -> StoredDocument:
    """Keep an incoming file. The same bytes twice give back the first Document, not a second
    (which keeps the email it first came in, if any)."""
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
                email=email,
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


class StaleVerdict(Exception):
    """The facts a verdict was based on changed before it was recorded (another invoice on the
    same order was recorded meanwhile): check again, and the verdict will see it.
    """


@dataclass(frozen=True)
class VendorMatch:
    vendor: Vendor
    score: float  # 0..1; 1.0 is the printed tax id
    matched_on: tuple[str, ...]  # "tax_id", "iban", "legal_name", "alias", "similar_name", ...
    similarity: float = 0.0  # 0..1, the best fuzzy name similarity (1.0 for an exact name)


# Signal strengths: identifiers are strong evidence, an exact name or alias good, a similar name
# or the sender's email domain weaker; each further signal that agrees adds 0.05.
_SIGNAL_SCORES = {"tax_id": 1.0, "iban": 0.95, "legal_name": 0.9, "alias": 0.9,
                  "email_domain": 0.8}
# A name this similar (rapidfuzz ratio, 0..100) makes a vendor a candidate at all.
SIMILAR_NAME_MIN = 80
# Vendors fetched for the name comparison at most: the SQL prefilter narrows, this bounds it.
NAME_CANDIDATES_MAX = 50


def vendor_find(
    *, name: str = "", tax_id: str = "", iban: str = "", email: str = "", limit: int = 5
) -> list[VendorMatch]:
    """Vendors on file that the printed tax id, IBAN, name or the sender's email point to, best
    first, with what matched. Inactive vendors are included: the caller must notice them.

    Two indexed queries, never every vendor loaded into Python: tax id, IBAN and email domain by
    their keys; names by a prefilter in SQL (the name's words; on PostgreSQL also pg_trgm
    similarity, so typos are found, closest first), at most NAME_CANDIDATES_MAX rows, then
    compared with rapidfuzz (procurement.matching.name_similarity).
    """
    printed_tax = tax_id_key(tax_id) if tax_id.strip() else ""
    printed_iban = compact_identifier(iban)
    printed_name = name_key(name)
    domain = email.rpartition("@")[2].strip().lower()
    by_identifier = Q(pk__in=[])
    if printed_tax:
        by_identifier |= Q(tax_id_key=printed_tax)
    if printed_iban:
        by_identifier |= Q(iban_key=printed_iban)
    if domain:
        by_identifier |= Q(domain_keys__regex=rf"(^|\n){re.escape(domain)}($|\n)")
    candidates = {v.pk: v for v in Vendor.objects.filter(by_identifier)} if (
        printed_tax or printed_iban or domain) else {}
    if printed_name:
        by_name = Q(pk__in=[])
        for word in {w for w in printed_name.split() if len(w) >= 3} or {printed_name}:
            by_name |= Q(name_keys__icontains=word)
        named = Vendor.objects.all()
        if connection.vendor == "postgresql" and _has_trigram_index():
            # typos too ("Globex Corporatoin"); the closest names first, so the bound cuts the
            # least likely
            by_name |= Q(TrigramWordSimilar(F("name_keys"), Value(printed_name)))
            named = named.annotate(
                closeness=TrigramWordSimilarity(Value(printed_name), "name_keys")
            ).order_by("-closeness", "pk")
        for vendor in named.filter(by_name)[:NAME_CANDIDATES_MAX]:
            candidates.setdefault(vendor.pk, vendor)
    matches = []
    for vendor in candidates.values():
        signals: dict[str, float] = {}
        if printed_tax and printed_tax == vendor.tax_id_key:
            signals["tax_id"] = _SIGNAL_SCORES["tax_id"]
        if printed_iban and printed_iban == vendor.iban_key:
            signals["iban"] = _SIGNAL_SCORES["iban"]
        if domain and domain in vendor.domain_keys.split("\n"):
            signals["email_domain"] = _SIGNAL_SCORES["email_domain"]
        similarity = 0.0
        if printed_name:
            if printed_name == name_key(vendor.legal_name):
                signals["legal_name"], similarity = _SIGNAL_SCORES["legal_name"], 1.0
            elif printed_name in vendor.name_keys.split("\n"):
                signals["alias"], similarity = _SIGNAL_SCORES["alias"], 1.0
            else:
                best = max(name_similarity(name, known) for known in vendor.names())
                if best >= SIMILAR_NAME_MIN:
                    similarity = best / 100
                    signals["similar_name"] = round(0.85 * similarity, 3)
        if signals:
            score = min(1.0, max(signals.values()) + 0.05 * (len(signals) - 1))
            matches.append(VendorMatch(vendor, round(score, 3), tuple(signals), similarity))
    matches.sort(key=lambda match: (-match.score, match.vendor.legal_name))
    return matches[:limit]


def _has_trigram_index() -> bool:
    """pg_trgm may be missing (no privilege to create the extension): then words alone filter."""
    global _TRIGRAM
    if _TRIGRAM is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _TRIGRAM = cursor.fetchone() is not None
    return _TRIGRAM


_TRIGRAM: bool | None = None


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
            # .update() below skips Invoice.save(), which keeps this key in step otherwise
            "invoice_number_key": invoice_number_key(header["invoice_number"] or ""),
            "lines_fingerprint": lines_fingerprint(lines),
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


DUPLICATE_REASONS = ("same_number", "same_lines", "same_total_nearby")


def invoice_find_duplicates(*, invoice_id: int, vendor_id: int | None = None) -> list[tuple]:
    """Earlier invoices this one may duplicate, as (invoice, reason), oldest first.

    Reasons, strongest first: "same_number" (the normalised number: spaces, dashes, case and
    leading zeros aside), "same_lines" (the same lines under another number), "same_total_nearby"
    (the same total within VALIDATION_DUPLICATE_WINDOW_DAYS days, under another number).

    Compared within the vendor (the invoice's own, or `vendor_id`: validation knows the vendor
    before it records it), and also with earlier invoices no vendor was attached to yet that
    print this vendor's tax id or one of its names: a copy sent again after the vendor was added
    is still a copy. Rejected invoices do not count. Three queries whatever the history.
    """
    invoice = Invoice.objects.get(pk=invoice_id)
    vendor_id = vendor_id or invoice.vendor_id
    if vendor_id is None:
        return []
    vendor = Vendor.objects.only("tax_id_key", "name_keys").get(pk=vendor_id)
    number = invoice_number_key(invoice.invoice_number)
    # From the lines as they are now: a clerk may have corrected them since they were saved.
    fingerprint = lines_fingerprint(list(invoice.lines.values(
        "sku", "description", "quantity", "unit_price", "amount"
    )))
    alike = Q(pk__in=[])
    if number:
        alike |= Q(invoice_number_key=number)
    if fingerprint:
        alike |= Q(lines_fingerprint=fingerprint)
    if invoice.total and invoice.invoice_date:
        window = timedelta(days=settings.VALIDATION_DUPLICATE_WINDOW_DAYS)
        alike |= Q(total=invoice.total,
                   invoice_date__range=(invoice.invoice_date - window,
                                        invoice.invoice_date + window))
    others = (
        Invoice.objects.filter(alike)
        .filter(Q(vendor_id=vendor_id) | Q(vendor__isnull=True))
        .filter(pk__lt=invoice.pk)  # ids grow with arrival: only what came before
        .exclude(status=Invoice.Status.REJECTED)
        .order_by("pk")
    )
    vendor_names = set(vendor.name_keys.split("\n"))
    found = []
    for other in others:
        if other.vendor_id is None and not (
            (vendor.tax_id_key and tax_id_key(other.vendor_tax_id) == vendor.tax_id_key)
            or name_key(other.vendor_name) in vendor_names
        ):
            continue  # no vendor attached, and it does not print this one's tax id or name
        if number and other.invoice_number_key == number:
            found.append((other, "same_number"))
        elif fingerprint and other.lines_fingerprint == fingerprint:
            found.append((other, "same_lines"))
        else:
            found.append((other, "same_total_nearby"))
    return found


@dataclass(frozen=True)
class OrderBilling:
    quantities: dict[int, Decimal]  # PO line id -> quantity billed on it
    net: Decimal  # net (subtotal) billed on the order
    invoice_count: int


def purchase_order_billed(
    *, purchase_order_id: int, excluding_invoice_ids: list[int] = ()
) -> OrderBilling:
    """What the live invoices of an order already bill (not rejected, not a recorded duplicate
    of another, not one of `excluding_invoice_ids`: the invoice being checked and those it may
    duplicate, which are held for that reason already): the cumulative side of the three-way
    match. Two aggregate queries however many invoices and lines.

    Another vendor's invoice quoting the order (held as po_vendor_mismatch) bills nothing on it;
    one whose vendor is not resolved yet counts, as its lines were paired with the order's.
    """
    live = (
        Invoice.objects.filter(purchase_order_id=purchase_order_id, duplicate_of__isnull=True)
        .filter(Q(vendor__isnull=True) | Q(vendor_id=F("purchase_order__vendor_id")))
        .exclude(status=Invoice.Status.REJECTED)
        .exclude(pk__in=list(excluding_invoice_ids))
    )
    rows = (
        InvoiceLine.objects.filter(invoice__in=live, po_line__isnull=False)
        .values("po_line_id")
        .annotate(billed=Sum("quantity"))
    )
    totals = live.aggregate(net=Sum("subtotal"), count=Count("pk"))
    return OrderBilling(
        quantities={row["po_line_id"]: row["billed"] or Decimal("0") for row in rows},
        net=totals["net"] or Decimal("0"),
        invoice_count=totals["count"],
    )


def invoice_record_findings(
    *,
    invoice_id: int,
    findings: list[dict],
    vendor_id: int | None = None,
    purchase_order_id: int | None = None,
    duplicate_of_id: int | None = None,
    line_links: dict[int, int] | None = None,
    checks: list[dict] | None = None,
    billed_basis: dict | None = None,
) -> Invoice:
    """Write validation's verdict: the findings (replacing any earlier ones, so recording the same
    verdict twice changes nothing), the links to vendor, purchase order, PO lines and original,
    and the status: "exception" when a finding is blocking, else "matched".

    `findings` hold kind, severity, message, expected, actual and line_no (an invoice line) or
    None; `line_links` maps invoice line_no -> purchase order line id; `checks` are every check
    run ({check, passed, detail}), kept so the trail shows why an invoice passed.

    `billed_basis` ({excluding_invoice_ids, net, invoice_count}) is what the order's other
    invoices billed when the verdict was reached (purchase_order_billed). Verdicts on one order
    are recorded one at a time (the order's row is locked), and one reached before another was
    recorded raises StaleVerdict instead of being written: two invoices validated at once that
    together over-bill the order cannot both pass.
    """
    line_links = line_links or {}
    with transaction.atomic():
        if purchase_order_id is not None and billed_basis is not None:
            list(PurchaseOrder.objects.select_for_update().filter(pk=purchase_order_id)
                 .values_list("pk", flat=True))
            now = purchase_order_billed(
                purchase_order_id=purchase_order_id,
                excluding_invoice_ids=billed_basis["excluding_invoice_ids"],
            )
            if (now.net, now.invoice_count) != (
                Decimal(billed_basis["net"]), billed_basis["invoice_count"]
            ):
                raise StaleVerdict(
                    f"Purchase order {purchase_order_id} was billed by another invoice while "
                    f"invoice {invoice_id} was being checked; check it again."
                )
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
                    checks=checks or [],
                    # Kept fresh here too: a correction written with .update() skips save().
                    invoice_number_key=invoice_number_key(invoice.invoice_number),
                    lines_fingerprint=lines_fingerprint([
                        {"sku": line.sku, "description": line.description,
                         "quantity": line.quantity, "unit_price": line.unit_price,
                         "amount": line.amount}
                        for line in lines.values()
                    ]),
                    updated_at=timezone.now(),
                )
        except IntegrityError:
            raise Refused(
                f"Another live invoice from vendor {vendor_id} has number "
                f"{invoice.invoice_number!r}: record this one with duplicate_of_id."
            ) from None
        # One UPDATE for all lines, however many: validation's queries must not grow with them.
        for line in lines.values():
            line.po_line_id = line_links.get(line.line_no)
        InvoiceLine.objects.bulk_update(lines.values(), ["po_line"])
        # A person's acceptance holds for the same finding found again (a re-run after a
        # correction), not for anything that changed.
        accepted = {
            _finding_key(old.kind, old.invoice_line_id, old.expected, old.actual): old
            for old in invoice.findings.filter(accepted_at__isnull=False)
        }
        invoice.findings.all().delete()
        new = []
        for f in findings:
            line = lines[f["line_no"]] if f.get("line_no") is not None else None
            expected, actual = (f.get("expected") or "")[:300], (f.get("actual") or "")[:300]
            before = accepted.get(_finding_key(f["kind"], line.pk if line else None, expected,
                                               actual))
            new.append(Finding(
                invoice=invoice,
                kind=f["kind"],
                severity=f["severity"],
                message=f["message"],
                expected=expected,
                actual=actual,
                invoice_line=line,
                accepted_by_id=before.accepted_by_id if before else None,
                accepted_at=before.accepted_at if before else None,
                accepted_reason=before.accepted_reason if before else "",
            ))
        Finding.objects.bulk_create(new)
    invoice.refresh_from_db()
    return invoice


def _finding_key(kind: str, line_id: int | None, expected: str, actual: str) -> tuple:
    return (kind, line_id, expected, actual)


# The vendor's tolerance overrides a person may set (memory: an approved tolerance proposal).
VENDOR_TOLERANCE_FIELDS = ("price_tolerance_pct", "price_tolerance_amount",
                           "quantity_tolerance_pct", "invoice_tolerance_pct", "amount_tolerance")


def vendor_set_tolerance(*, vendor_id: int, setting: str, value: Decimal | None) -> Vendor:
    """Set one of the vendor's tolerance overrides (None: back to the default)."""
    if setting not in VENDOR_TOLERANCE_FIELDS:
        raise ValueError(f"{setting!r} is not a vendor tolerance")
    vendor = Vendor.objects.select_for_update().get(pk=vendor_id)
    setattr(vendor, setting, value)
    vendor.save(update_fields=[setting, "updated_at"])
    return vendor
