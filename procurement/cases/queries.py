"""Reading cases: the queue (page and API share it) and one case with what its page shows.

The queue is one indexed table (Case) and a constant number of queries whatever the page holds:
the count, and the page's rows with their assignee.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from procurement.models import Case, Finding

ASSIGNEE_CHOICES = ("", "me", "unassigned")
# The queue's state filter also takes "open": waiting for a clerk, an approver or the vendor
# (what the dashboard counts as open).
OPEN = "open"
OPEN_STATES = (Case.State.NEEDS_CLERK, Case.State.WAITING_APPROVAL, Case.State.WAITING_VENDOR)


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; empty means "any"."""

    state: str = Case.State.NEEDS_CLERK  # a case state, OPEN, or "" for any
    kind: str = ""
    vendor: str = ""  # a vendor id, or part of the vendor's name
    assignee: str = ""  # "me", "unassigned", a username, or "" for anyone
    min_age_days: int | None = None  # received at least this many days ago
    max_age_days: int | None = None  # ... and less than this many days ago
    received_on: date | None = None  # received on this day (the site's time zone)
    q: str = ""

    @property
    def is_narrowed(self) -> bool:
        return bool(self.kind or self.vendor or self.assignee or self.min_age_days
                    or self.max_age_days or self.received_on or self.q)


def open_findings():
    return Finding.objects.filter(accepted_at__isnull=True).exclude(
        severity=Finding.Severity.INFO
    )


def case_queue(*, filters: QueueFilters, user=None) -> QuerySet[Case]:
    """Cases matching `filters`, most urgent first: due soonest, then most money at stake."""
    cases = Case.objects.select_related("assignee")
    if filters.state == OPEN:
        cases = cases.filter(state__in=OPEN_STATES)
    elif filters.state:
        cases = cases.filter(state=filters.state)
    if filters.kind:
        cases = cases.filter(
            Exists(open_findings().filter(invoice_id=OuterRef("invoice_id"), kind=filters.kind))
        )
    if filters.vendor:
        if filters.vendor.isdigit():
            cases = cases.filter(vendor_id=int(filters.vendor))
        else:
            cases = cases.filter(vendor_name__icontains=filters.vendor)
    if filters.assignee == "me" and user is not None:
        cases = cases.filter(assignee=user)
    elif filters.assignee == "unassigned":
        cases = cases.filter(assignee__isnull=True)
    elif filters.assignee:
        cases = cases.filter(assignee__username=filters.assignee)
    if filters.min_age_days:
        cases = cases.filter(
            received_at__lte=timezone.now() - timedelta(days=filters.min_age_days)
        )
    if filters.max_age_days:
        cases = cases.filter(
            received_at__gt=timezone.now() - timedelta(days=filters.max_age_days)
        )
    if filters.received_on:
        cases = cases.filter(received_at__date=filters.received_on)
    if filters.q.strip():
        cases = cases.filter(search_text__contains=filters.q.strip().lower())
    return cases.order_by(
        "state", F("due_date").asc(nulls_last=True), "-total", "id"
    )


def kind_label(kind: str) -> str:
    return Finding.label_of(kind)


@dataclass(frozen=True)
class LineRow:
    """One row of "the order beside the invoice": an invoice line, its PO line, or both.

    `differs` names the cells that are outside the tolerance that applied ("price", "quantity").
    """

    invoice_line: object | None
    po_line: object | None
    ordered: object = None
    received: object = None
    invoiced_elsewhere: object = None
    invoiced_now: object = None
    po_price: object = None
    invoiced_price: object = None
    price_diff_pct: object = None
    differs: frozenset = frozenset()

    @property
    def description(self) -> str:
        line = self.invoice_line or self.po_line
        return line.description


def case_lines(*, invoice) -> tuple[list[LineRow], dict]:
    """The invoice's lines beside its purchase order's, with the vendor's tolerances (as a dict
    of procurement.tolerances.Tolerances).

    Four queries whatever the size: invoice lines, PO lines, received and already-invoiced sums.
    """
    from decimal import Decimal

    from django.db.models import Q, Sum

    from procurement.models import GoodsReceiptLine, Invoice, InvoiceLine
    from procurement.tolerances import default_tolerances

    tolerances = invoice.vendor.tolerances() if invoice.vendor else default_tolerances()
    invoice_lines = list(invoice.lines.all())
    po_lines = list(invoice.purchase_order.lines.all()) if invoice.purchase_order_id else []
    po_ids = [line.pk for line in po_lines]
    received = dict(
        GoodsReceiptLine.objects.filter(po_line_id__in=po_ids)
        .values("po_line_id")
        .annotate(total=Sum("quantity_received"))
        .values_list("po_line_id", "total")
    )
    elsewhere = dict(
        InvoiceLine.objects.filter(po_line_id__in=po_ids)
        .exclude(invoice=invoice)
        .exclude(invoice__status=Invoice.Status.REJECTED)
        .exclude(~Q(invoice__duplicate_of=None))
        .values("po_line_id")
        .annotate(total=Sum("quantity"))
        .values_list("po_line_id", "total")
    )
    by_id = {line.pk: line for line in po_lines}
    rows, shown = [], set()
    for line in invoice_lines:
        po_line = by_id.get(line.po_line_id)
        if po_line is None:
            rows.append(LineRow(line, None, invoiced_now=line.quantity,
                                invoiced_price=line.unit_price, differs=frozenset({"unmatched"})))
            continue
        shown.add(po_line.pk)
        got = received.get(po_line.pk, Decimal("0"))
        before = elsewhere.get(po_line.pk) or Decimal("0")
        differs = set()
        diff_pct = None
        if line.unit_price is not None and po_line.unit_price:
            diff_pct = (line.unit_price - po_line.unit_price) / po_line.unit_price * 100
            overcharge = (line.unit_price - po_line.unit_price) * (line.quantity or 0)
            # Tolerated only within the percentage AND the amount (procurement.tolerances).
            if diff_pct > tolerances.price_pct or overcharge > tolerances.price_amount:
                differs.add("price")
        if line.quantity is not None:
            # Billed beyond what arrived (or was ordered) by more than the quantity tolerance.
            limit = min(got, po_line.quantity) * (1 + tolerances.quantity_pct / 100)
            if before + line.quantity > limit:
                differs.add("quantity")
        rows.append(LineRow(
            line, po_line, ordered=po_line.quantity, received=got, invoiced_elsewhere=before,
            invoiced_now=line.quantity, po_price=po_line.unit_price,
            invoiced_price=line.unit_price,
            price_diff_pct=round(diff_pct, 2) if diff_pct is not None else None,
            differs=frozenset(differs),
        ))
    for po_line in po_lines:
        if po_line.pk not in shown:
            rows.append(LineRow(
                None, po_line, ordered=po_line.quantity,
                received=received.get(po_line.pk, Decimal("0")),
                invoiced_elsewhere=elsewhere.get(po_line.pk) or Decimal("0"),
                po_price=po_line.unit_price,
            ))
    return rows, tolerances.as_dict()


@dataclass(frozen=True)
class StoryEntry:
    """One line of the case's story, worded for a clerk; `payload` is the recorded detail."""

    at: object
    who: str
    text: str
    payload: dict
    is_person: bool


def _said(payload: dict, key: str, default: str = "") -> str:
    value = payload.get(key)
    return str(value) if value not in (None, "") else default


def _story_text(event_type: str, p: dict) -> str:
    by = _said(p, "by", "someone")
    texts = {
        "DocumentReceived": "The document arrived.",
        "DocumentParsed": "The intake agent read the invoice"
        + (" using what clerks taught it: " + " ".join(
            _said(used, "text") for used in p["memory_used"]) if p.get("memory_used") else "."),
        "DocumentRejected": f"The intake agent could not read the PDF: {_said(p, 'reason')}",
        "NeedsHuman": f"An agent asked for a person: {_said(p, 'reason')}",
        "InvoiceValidated": "The validation agent found nothing wrong: it matches its order.",
        "DiscrepancyFound": "The validation agent found: "
        + ", ".join(kind_label(k) for k in p.get("kinds", []) or [p.get("kind", "")]) + ".",
        "EmailRequested": f"{by} asked the exception agent for a vendor email.",
        "EmailDrafted": "The exception agent drafted an email to the vendor for an approver.",
        "EmailRejected": f"An approver rejected the drafted email. {_said(p, 'reason')}",
        "EmailSent": "The email was sent to the vendor.",
        "FindingAccepted": f"{by} accepted \u201c{kind_label(_said(p, 'kind'))}\u201d: "
        f"{_said(p, 'reason')}",
        "FieldCorrected": f"{by} corrected the {_said(p, 'field').replace('_', ' ')}: "
        f"{_said(p, 'old', '(empty)')} \u2192 {_said(p, 'new', '(empty)')}.",
        "FieldsKeyedIn": f"{by} keyed the invoice in ({_said(p, 'lines', '0')} lines).",
        "VendorResolved": f"{by} {'added' if p.get('created') else 'picked'} the vendor "
        f"{_said(p, 'vendor')}.",
        "ValidationRequested": "Validation runs again.",
        "PaymentFirstApproval": f"{by} approved the payment; a second person must approve too.",
        "CaseAssigned": f"{by} assigned the case to {_said(p, 'to', 'nobody')}.",
        "WorkflowRetried": f"{by} retried the failed step.",
        "WorkflowCancelled": f"The work was cancelled: {_said(p, 'reason')}",
        "MemoryRecorded": f"The librarian kept {len(p.get('facts') or [])} fact(s) from this "
        "case" + (f" and proposed {len(p['tolerance_proposals'])} tolerance change(s) to an AP "
                  "admin" if p.get("tolerance_proposals") else "") + ".",
    }
    return texts.get(event_type) or _said(p, "reason") or event_type


def case_story(*, workflow_id: int) -> list[StoryEntry]:
    """The case's events as sentences, oldest first (one query)."""
    from agents.orchestrator.models import Event

    return [
        StoryEntry(
            at=event.created_at,
            who=_said(event.payload, "by") or (event.step.agent if event.step_id else "system"),
            text=_story_text(event.type, event.payload),
            payload={"event": event.type, **event.payload},
            is_person=bool(event.payload.get("by")),
        )
        for event in Event.objects.filter(workflow_id=workflow_id)
        .select_related("step")
        .exclude(type="TestEffect")
        .order_by("created_at", "pk")
    ]


# How much of a text document (an email's body kept as a document) the case page shows.
DOCUMENT_TEXT_CHARS = 20_000


def document_text(*, document) -> str | None:
    """The words of a document that has no page to draw (an email without attachments is kept
    as its text): what a clerk reads to decide what it is. None for a PDF or a picture, whose
    page the case page draws instead. Shown escaped; the bytes are the sender's, not ours."""
    from agents.intake.extraction.ocr import is_image

    try:
        with document.open() as handle:
            head = handle.read(DOCUMENT_TEXT_CHARS * 4)
    except FileNotFoundError:
        return None
    if b"%PDF-" in head[:1024] or is_image(head[:16]):
        return None
    return head.decode("utf-8", "replace")[:DOCUMENT_TEXT_CHARS]


def case_assignees():
    """The people a case can be assigned to (case_assign's rule: AP clerks and AP admins), for
    an AP admin's reassign menu."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from procurement.roles import ADMIN, CLERK

    return get_user_model().objects.filter(
        Q(groups__name__in=[CLERK, ADMIN]) | Q(is_superuser=True), is_active=True
    ).distinct().order_by("username").only("username", "first_name", "last_name")


@dataclass(frozen=True)
class LinkedInvoice:
    """The other side of a credit note's link: what a clerk or a payer must see beside it."""

    case_id: int | None
    kind: str
    invoice_number: str
    total: object
    currency: str
    state: str  # the linked document's case state ("" when it has no case yet)

    @property
    def state_label(self) -> str:
        return dict(Case.State.choices).get(self.state, self.state)


def invoice_links(*, invoice) -> tuple[LinkedInvoice | None, list[LinkedInvoice]]:
    """(the invoice a credit note corrects, the credit notes that correct this invoice)."""
    def linked(other) -> LinkedInvoice:
        case = getattr(other, "case", None)
        return LinkedInvoice(case_id=case.pk if case else None, kind=other.kind,
                             invoice_number=other.invoice_number, total=other.total,
                             currency=other.currency, state=case.state if case else "")

    corrects = linked(invoice.corrects) if invoice.corrects_id else None
    credits = [linked(note) for note in
               invoice.credit_notes.select_related("case").order_by("invoice_date", "pk")]
    return corrects, credits
