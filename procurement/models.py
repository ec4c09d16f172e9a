"""The procurement domain: vendors, the staff directory, purchase orders, goods receipts, the
documents we receive and the invoices read from them.

Money is always Decimal (DecimalField); quantities on orders and receipts cannot be negative.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum

from procurement.matching import compact_identifier, invoice_number_key, name_key, tax_id_key
from procurement.tolerances import Tolerances, default_tolerances

MONEY = {"max_digits": 14, "decimal_places": 2}
QUANTITY = {"max_digits": 14, "decimal_places": 3}
UNIT_PRICE = {"max_digits": 14, "decimal_places": 4}
PERCENT = {"max_digits": 6, "decimal_places": 3}



class StaffMember(models.Model):
    """An internal employee (stands in for an HR system such as Workday)."""

    name = models.CharField(max_length=200)
    email = models.EmailField(unique=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "staff member"

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Vendor(models.Model):
    legal_name = models.CharField(max_length=300, unique=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names the vendor prints on its invoices."
    )
    tax_id = models.CharField("tax / VAT id", max_length=64, blank=True)
    email_domains = models.JSONField(
        default=list, blank=True, help_text="Domains the vendor writes from, e.g. acme.example."
    )
    iban = models.CharField("IBAN on file", max_length=34, blank=True)
    bank_account_number = models.CharField("bank account number on file", max_length=64, blank=True)
    payment_terms_days = models.PositiveIntegerField(default=30)
    currency = models.CharField(max_length=3, default="EUR")
    is_active = models.BooleanField(default=True)
    account_manager = models.ForeignKey(
        StaffMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vendors",
        help_text="The colleague who owns the relationship and signs off emails to this vendor.",
    )
    tax_rate = models.DecimalField(
        "VAT rate", **PERCENT, null=True, blank=True,
        help_text="Percent this vendor charges; checks the tax of invoices without a PO rate.",
    )
    # Overrides of the global matching tolerances (settings VALIDATION_*); empty means default.
    price_tolerance_pct = models.DecimalField(
        **PERCENT, null=True, blank=True, help_text="Unit price above the PO, percent per line."
    )
    price_tolerance_amount = models.DecimalField(
        **MONEY, null=True, blank=True, help_text="Overcharge per line, absolute."
    )
    quantity_tolerance_pct = models.DecimalField(
        **PERCENT, null=True, blank=True, help_text="Quantity above what may be billed, percent."
    )
    invoice_tolerance_pct = models.DecimalField(
        **PERCENT, null=True, blank=True,
        help_text="Overcharge per invoice, and a PO's billed total over its value, percent.",
    )
    amount_tolerance = models.DecimalField(
        **MONEY, null=True, blank=True,
        help_text="Overcharge per invoice, and a PO's billed total over its value, absolute.",
    )
    # What vendor resolution looks up, normalised on save (procurement.matching) so a lookup is
    # an indexed query instead of a scan of every vendor.
    tax_id_key = models.CharField(max_length=64, blank=True, editable=False)
    iban_key = models.CharField(max_length=34, blank=True, editable=False)
    name_keys = models.TextField(
        blank=True, editable=False, help_text="Legal name and aliases, normalised, one per line."
    )
    domain_keys = models.TextField(blank=True, editable=False)
    # Overrides of the per-workflow LLM budget for this vendor's invoices; empty means the default.
    llm_token_budget = models.PositiveIntegerField(
        "LLM token budget per invoice", null=True, blank=True
    )
    llm_usd_budget = models.DecimalField(
        "LLM USD budget per invoice", max_digits=10, decimal_places=4, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["legal_name"]
        indexes = [
            # vendor_find: the tax id printed on an invoice, compared by its national part
            models.Index(fields=["tax_id_key"], name="vendor_tax_id_key_idx"),
            # vendor_find: the IBAN printed on an invoice
            models.Index(fields=["iban_key"], name="vendor_iban_key_idx"),
            # (name_keys has a trigram index on PostgreSQL, migration 0006, for vendor_find)
        ]

    def __str__(self) -> str:
        return self.legal_name

    def save(self, *args, **kwargs) -> None:
        self.tax_id_key = tax_id_key(self.tax_id)
        self.iban_key = compact_identifier(self.iban)
        self.name_keys = "\n".join(dict.fromkeys(name_key(name) for name in self.names()))
        self.domain_keys = "\n".join(d.strip().lower() for d in self.email_domains)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "tax_id_key", "iban_key",
                                       "name_keys", "domain_keys"}
        super().save(*args, **kwargs)

    def tolerances(self) -> Tolerances:
        """The tolerances that apply to this vendor's invoices: its overrides, else defaults."""
        return default_tolerances(
            price_pct=self.price_tolerance_pct,
            price_amount=self.price_tolerance_amount,
            quantity_pct=self.quantity_tolerance_pct,
            invoice_pct=self.invoice_tolerance_pct,
            invoice_amount=self.amount_tolerance,
        )

    def names(self) -> list[str]:
        return [self.legal_name, *self.aliases]


class VendorContact(models.Model):
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    role = models.CharField(max_length=100, blank=True, help_text="e.g. billing, sales")
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "email"], name="unique_vendor_contact_email")
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.vendor})"


class PurchaseOrder(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        CANCELLED = "cancelled", "Cancelled"

    number = models.CharField(max_length=64, unique=True)
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="purchase_orders")
    currency = models.CharField(max_length=3, default="EUR")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    issued_on = models.DateField()
    buyer = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = "purchase order"

    def __str__(self) -> str:
        return f"PO {self.number} ({self.vendor})"

    def net_total(self) -> Decimal:
        return sum((line.net_amount() for line in self.lines.all()), Decimal("0.00"))

    def received_quantities(self) -> dict[int, Decimal]:
        """Quantity received so far per PO line id, across all goods receipts."""
        rows = (
            GoodsReceiptLine.objects.filter(po_line__order=self)
            .values("po_line_id")
            .annotate(received=Sum("quantity_received"))
        )
        return {row["po_line_id"]: row["received"] for row in rows}


class PurchaseOrderLine(models.Model):
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveIntegerField()
    sku = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=500)
    quantity = models.DecimalField(**QUANTITY, validators=[MinValueValidator(0)])
    unit_price = models.DecimalField(**UNIT_PRICE, validators=[MinValueValidator(0)])
    unit_of_measure = models.CharField(max_length=16, default="EA")
    tax_rate = models.DecimalField(
        **PERCENT, default=Decimal("0"), validators=[MinValueValidator(0)], help_text="Percent."
    )

    class Meta:
        ordering = ["order", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["order", "line_no"], name="unique_po_line_no"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="po_line_quantity_gte_0"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="po_line_price_gte_0"),
            models.CheckConstraint(condition=Q(tax_rate__gte=0), name="po_line_tax_rate_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number}/{self.line_no} {self.description}"

    def net_amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


class GoodsReceipt(models.Model):
    number = models.CharField(max_length=64, unique=True)
    order = models.ForeignKey(
        PurchaseOrder,
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name="purchase order",
    )
    received_on = models.DateField()
    received_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-received_on", "number"]

    def __str__(self) -> str:
        return f"GR {self.number} for PO {self.order.number}"


class GoodsReceiptLine(models.Model):
    receipt = models.ForeignKey(GoodsReceipt, on_delete=models.CASCADE, related_name="lines")
    po_line = models.ForeignKey(
        PurchaseOrderLine, on_delete=models.PROTECT, related_name="receipt_lines"
    )
    quantity_received = models.DecimalField(**QUANTITY, validators=[MinValueValidator(0)])

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity_received__gte=0), name="gr_line_quantity_gte_0"
            ),
            models.UniqueConstraint(
                fields=["receipt", "po_line"], name="unique_gr_line_per_po_line"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt.number}: {self.quantity_received} x {self.po_line.description}"


class Document(models.Model):
    """An incoming file, kept forever. Identified by the sha256 of its bytes."""

    class Source(models.TextChoices):
        UPLOAD = "upload", "Browser upload"
        INBOX = "inbox", "Inbox folder"
        S3 = "s3", "S3 bucket"
        CLI = "cli", "Command line"
        IMAP = "imap", "IMAP mailbox"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PARSED = "parsed", "Parsed"
        REJECTED = "rejected", "Rejected"

    sha256 = models.CharField(max_length=64, unique=True)
    original_filename = models.CharField(max_length=500)
    storage_path = models.CharField(
        max_length=500, help_text="Path under MEDIA_ROOT; the file is never deleted."
    )
    source = models.CharField(max_length=16, choices=Source.choices)
    source_ref = models.CharField(
        max_length=1000, blank=True, help_text="Where it came from: inbox path, S3 key, uploader."
    )
    size_bytes = models.PositiveBigIntegerField()
    page_count = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    error_reason = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.ForeignKey(
        "EmailMessage", null=True, blank=True, on_delete=models.PROTECT, related_name="documents",
        help_text="The email it arrived in (the first one, when the same bytes came again).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # the document list filters by status, newest first
            models.Index(fields=["status", "-created_at"], name="document_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.sha256[:12]})"

    def open(self):
        """The original file, opened for reading from the document store (FileNotFoundError if
        it is missing); local disk or S3, see procurement.storage."""
        from procurement.storage import open_document

        return open_document(self.storage_path)

    def read_bytes(self) -> bytes:
        from procurement.storage import read_document

        return read_document(self.storage_path)


class Invoice(models.Model):
    """An invoice as read from its document. Values are what was printed, not what we expect."""

    class Status(models.TextChoices):
        EXTRACTED = "extracted", "Extracted"
        MATCHED = "matched", "Matched"
        EXCEPTION = "exception", "Exception"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    class Kind(models.TextChoices):
        # The router's two accounts-payable routes (agents/router); both are validated alike.
        INVOICE = "invoice", "Invoice"
        CREDIT_NOTE = "credit_note", "Credit note"

    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="invoice")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.INVOICE)
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices",
        help_text="The vendor on file this invoice was matched to.",
    )
    purchase_order = models.ForeignKey(
        PurchaseOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes",
        help_text="For a credit note: the vendor's invoice it corrects (linked at validation).",
    )
    corrects_number = models.CharField(
        "corrects invoice number (printed)", max_length=100, blank=True,
        help_text="For a credit note: the number of the invoice it refers to, as printed.",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.EXTRACTED)
    vendor_name = models.CharField("vendor name (printed)", max_length=300, blank=True)
    vendor_tax_id = models.CharField("vendor tax id (printed)", max_length=64, blank=True)
    invoice_number = models.CharField(max_length=100, blank=True)
    invoice_number_key = models.CharField(
        max_length=100, blank=True, editable=False,
        help_text="The number as duplicates are compared: no spaces, dashes, case, leading zeros.",
    )
    invoice_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    po_number = models.CharField("PO number (printed)", max_length=64, blank=True)
    subtotal = models.DecimalField(**MONEY, null=True, blank=True)
    tax = models.DecimalField(**MONEY, null=True, blank=True)
    total = models.DecimalField(**MONEY, null=True, blank=True)
    iban = models.CharField("IBAN (printed)", max_length=34, blank=True)
    bank_account_number = models.CharField("bank account (printed)", max_length=64, blank=True)
    confidence = models.JSONField(default=dict, blank=True, help_text="Field name -> 0..1.")
    evidence = models.JSONField(
        default=dict, blank=True, help_text="Field name -> {page, bbox} where it was read."
    )
    extracted_by = models.CharField(max_length=32, blank=True, help_text="rules, or the LLM model")
    lines_fingerprint = models.CharField(
        max_length=64, blank=True, editable=False,
        help_text="Digest of the lines (procurement.matching.lines_fingerprint), for duplicates.",
    )
    checks = models.JSONField(
        default=list, blank=True,
        help_text="Validation's checks, passed or not: [{check, passed, detail}], in order.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live invoice per vendor and number; a re-sent copy is kept, marked duplicate_of.
            models.UniqueConstraint(
                fields=["vendor", "invoice_number"],
                condition=Q(duplicate_of__isnull=True) & Q(vendor__isnull=False),
                name="unique_vendor_invoice_number",
            ),
        ]
        indexes = [
            # the reviewer queue lists invoices by status, newest first
            models.Index(fields=["status", "-created_at"], name="invoice_status_idx"),
            # invoice_find_duplicates: same normalised number (from the vendor, or none yet)
            models.Index(fields=["invoice_number_key", "vendor"], name="invoice_number_key_idx"),
            # invoice_find_duplicates: the same lines under another number
            models.Index(fields=["lines_fingerprint"], name="invoice_lines_fingerprint_idx"),
            # invoice_find_duplicates: same vendor and total within a few days
            models.Index(
                fields=["vendor", "total", "invoice_date"], name="invoice_vendor_total_idx"
            ),
        ]

    def __str__(self) -> str:
        who = self.vendor or self.vendor_name or "unknown vendor"
        return f"Invoice {self.invoice_number or '?'} from {who}"

    def save(self, *args, **kwargs) -> None:
        self.invoice_number_key = invoice_number_key(self.invoice_number)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "invoice_number_key"}
        super().save(*args, **kwargs)

    def tax_arithmetic_error(self) -> Decimal | None:
        """How far subtotal + tax is from the printed total, or None when a figure is missing."""
        if self.subtotal is None or self.tax is None or self.total is None:
            return None
        return self.subtotal + self.tax - self.total


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveIntegerField()
    sku = models.CharField(max_length=64, blank=True)
    description = models.CharField(max_length=1000, blank=True)
    # Printed values: credit notes and discount lines can be negative, so no sign constraint here.
    quantity = models.DecimalField(**QUANTITY, null=True, blank=True)
    unit_price = models.DecimalField(**UNIT_PRICE, null=True, blank=True)
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    po_line = models.ForeignKey(
        PurchaseOrderLine, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confidence = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["invoice", "line_no"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "line_no"], name="unique_invoice_line_no")
        ]

    def __str__(self) -> str:
        return f"{self.line_no}. {self.description[:60]}"


class Finding(models.Model):
    """A discrepancy (or a note) the validation agent found on an invoice, with its evidence."""

    class Kind(models.TextChoices):
        """The finding taxonomy: one name per thing a clerk must decide about. These names are a
        contract (ingest output, API, filters, README); add a kind, never rename one.
        """

        # vendor
        UNKNOWN_VENDOR = "unknown_vendor", "Unknown vendor"
        AMBIGUOUS_VENDOR = "ambiguous_vendor", "Ambiguous vendor"
        INACTIVE_VENDOR = "inactive_vendor", "Inactive vendor"
        # duplicates
        DUPLICATE_INVOICE = "duplicate_invoice", "Duplicate invoice"
        SUSPECTED_DUPLICATE = "suspected_duplicate", "Suspected duplicate"
        # the invoice's own figures
        ARITHMETIC_ERROR = "arithmetic_error", "Figures do not add up"
        TAX_MISMATCH = "tax_mismatch", "Tax differs from the rate on file"
        # the purchase order
        MISSING_PO = "missing_po", "No PO quoted"
        UNKNOWN_PO = "unknown_po", "Unknown PO"
        CLOSED_PO = "closed_po", "PO not open"
        PO_VENDOR_MISMATCH = "po_vendor_mismatch", "PO of another vendor"
        CURRENCY_MISMATCH = "currency_mismatch", "Currency differs from PO"
        # the lines against the PO and the goods receipts
        PRICE_VARIANCE = "price_variance", "Price differs from PO"
        QUANTITY_VARIANCE = "quantity_variance", "More than ordered"
        UNMATCHED_LINE = "unmatched_line", "Line not on the PO"
        BILLED_NOT_RECEIVED = "billed_not_received", "Billed but not received"
        OVER_BILLING = "over_billing", "PO billed beyond its value"
        # a credit note
        CREDIT_NOTE_UNLINKED = "credit_note_unlinked", "Credited invoice not on file"
        # payment
        BANK_ACCOUNT_CHANGED = "bank_account_changed", "Bank account changed"
        # the document itself
        UNREADABLE = "unreadable", "Required fields could not be read"

    class Severity(models.TextChoices):
        INFO = "info", "Info"
        WARNING = "warning", "Warning"
        BLOCKING = "blocking", "Blocking"

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    severity = models.CharField(max_length=16, choices=Severity.choices, default=Severity.BLOCKING)
    message = models.TextField()
    expected = models.CharField(max_length=300, blank=True)
    actual = models.CharField(max_length=300, blank=True)
    invoice_line = models.ForeignKey(
        InvoiceLine, null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A person's decision that the finding does not stop payment (procurement.cases).
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["invoice", "created_at"]
        indexes = [
            # the queue's "finding kind" filter: EXISTS(open finding of this kind on the invoice)
            models.Index(fields=["invoice", "kind"], name="finding_invoice_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.message}"

    @classmethod
    def label_of(cls, kind: str) -> str:
        """A kind in people's words; a kind no longer in the taxonomy, readable anyway."""
        return dict(cls.Kind.choices).get(kind, kind.replace("_", " "))

    @property
    def is_open(self) -> bool:
        """Still stands in the way: not accepted by a person, and more than a note."""
        return self.accepted_at is None and self.severity != self.Severity.INFO


class Case(models.Model):
    """What people see of a received document: one state that says who must act, and why.

    The state is recomputed from the machinery underneath (workflow, invoice, findings) by
    `procurement.cases.case_sync`, the only writer of `state` and `reason`; README "Cases" has the
    mapping. Queue columns are copied here so the queue is one indexed table. `version` grows on
    every change: a form carries the version it was rendered from, and a stale one is refused.
    """

    class State(models.TextChoices):
        PROCESSING = "processing", "Agents at work"
        NEEDS_CLERK = "needs_clerk", "Needs a clerk"
        WAITING_APPROVAL = "waiting_approval", "Waiting for an approver"
        WAITING_VENDOR = "waiting_vendor", "Waiting for the vendor"
        READY_TO_PAY = "ready_to_pay", "Ready to pay"
        REJECTED = "rejected", "Rejected"
        CLOSED = "closed", "Closed"

    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="case")
    invoice = models.OneToOneField(
        Invoice, null=True, blank=True, on_delete=models.SET_NULL, related_name="case"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PROCESSING)
    reason = models.TextField(blank=True, help_text="Who must act, and why.")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    version = models.PositiveIntegerField(default=1)
    # Copies of the invoice, for the queue (kept by case_sync).
    vendor = models.ForeignKey(
        Vendor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vendor_name = models.CharField(max_length=300, blank=True)
    invoice_number = models.CharField(max_length=100, blank=True)
    po_number = models.CharField(max_length=64, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    total = models.DecimalField(**MONEY, null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    finding_kinds = models.JSONField(
        default=list, blank=True, help_text="Kinds of the findings still open."
    )
    search_text = models.TextField(
        blank=True, editable=False, help_text="Vendor, invoice and PO number, lower case."
    )
    # Four eyes: the first person who approved paying an invoice above the limit.
    payment_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [
            # the queue: WHERE state = ... ORDER BY due_date, total DESC, id (plain columns:
            # SQLite, the embedded default, refuses NULLS LAST in an index)
            models.Index(fields=["state", "due_date", "-total", "id"], name="case_queue_idx"),
            # the queue filtered by assignee ("mine") and by vendor, in the same order
            models.Index(fields=["assignee", "state"], name="case_assignee_idx"),
            models.Index(fields=["vendor", "state"], name="case_vendor_idx"),
            # the live update: "has any case changed since T?"
            models.Index(fields=["updated_at"], name="case_updated_idx"),
            # the dashboard: cases received in the last 30 days, per day and per vendor
            # (procurement/dashboard.py: _received_per_day, _top_vendors)
            models.Index(fields=["received_at"], name="case_received_idx"),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state not in (self.State.REJECTED, self.State.CLOSED)

    @property
    def finding_labels(self) -> list[str]:
        """The finding kinds in people's words ("Billed but not received"), for pages."""
        return [Finding.label_of(kind) for kind in self.finding_kinds]


class PaymentPolicy(models.Model):
    """Settings an AP admin keeps for approving payments (one row; the admin edits it)."""

    four_eyes_above = models.DecimalField(
        "four-eyes limit", **MONEY, default=Decimal("10000.00"),
        help_text="A held invoice whose total is above this needs a second person to approve "
        "its payment (compared in the invoice's own currency).",
    )

    class Meta:
        verbose_name = verbose_name_plural = "payment policy"

    def __str__(self) -> str:
        return f"Four eyes above {self.four_eyes_above}"

    @classmethod
    def current(cls) -> PaymentPolicy:
        return cls.objects.order_by("pk").first() or cls()


class ApiToken(models.Model):
    """A person's bearer token for the JSON API under /api/. Only its sha256 is stored.

    Separate from agents' AgentToken: a person's token acts with that person's roles.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=200, blank=True, help_text="Where it is used.")
    prefix = models.CharField(
        max_length=16, editable=False, help_text="The first characters, to recognise a token."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user", "-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class S3SeenObject(models.Model):
    """An object version the S3 poll has already ingested, so it is taken once across restarts.

    A key that reappears with a new ETag is offered again; sha256 dedupe then decides whether its
    bytes are new. The row is written in the transaction that stores the document.
    """

    bucket = models.CharField(max_length=63)
    key = models.CharField(max_length=1024)
    etag = models.CharField(max_length=128)
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="s3_objects",
        help_text="The document the object's bytes are (the original, for a duplicate).",
    )
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "S3 object seen"
        verbose_name_plural = "S3 objects seen"
        constraints = [
            # the poll looks up the (key, etag) pairs of each listed page in this index
            models.UniqueConstraint(fields=["bucket", "key", "etag"], name="unique_s3_object_seen"),
        ]

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.key} ({self.etag})"


class EmailMessage(models.Model):
    """An email that brought documents in (procurement.sources.mail): who sent it, about what,
    and the original message, kept forever in the document store like every original.

    `fingerprint` is what makes a message arrive once: the Message-ID with the sender, subject,
    date and body, so the same mail fetched again, or delivered to both the inbox folder and the
    mailbox, is recognised, while a buggy mailer's reused Message-ID on another mail is not.
    """

    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    sha256 = models.CharField(max_length=64, help_text="Of the message as received.")
    storage_path = models.CharField(
        max_length=500, help_text="The original .eml in the document store; never deleted."
    )
    source = models.CharField(max_length=16, choices=Document.Source.choices)
    source_ref = models.CharField(max_length=1000, blank=True)
    size_bytes = models.PositiveBigIntegerField()
    message_id = models.CharField("Message-ID", max_length=998, blank=True)
    sender = models.CharField(
        max_length=320, blank=True, help_text="The From address, as the mail claims it."
    )
    sender_name = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=1000, blank=True)
    sent_at = models.DateTimeField("date", null=True, blank=True, help_text="Its Date header.")
    not_taken = models.JSONField(
        default=list, blank=True,
        help_text="Attachments that did not become documents: [{filename, reason}].",
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "email"

    def __str__(self) -> str:
        return f"{self.subject or '(no subject)'} from {self.sender or 'an unknown sender'}"


class DocumentRoute(models.Model):
    """What kind of document this is, as the router decided (or a clerk re-routed it), with the
    scores, so the triage list can show why (agents/router; README "Router")."""

    class Route(models.TextChoices):
        INVOICE = "invoice", "Invoice"
        CREDIT_NOTE = "credit_note", "Credit note"
        STATEMENT = "statement", "Statement of account"
        PO_CONFIRMATION = "po_confirmation", "Order confirmation"
        VENDOR_INQUIRY = "vendor_inquiry", "Vendor inquiry"
        OTHER = "other", "Other (not accounts payable)"

    document = models.OneToOneField(Document, on_delete=models.CASCADE, related_name="routing")
    route = models.CharField(max_length=20, choices=Route.choices)
    scores = models.JSONField(default=dict, blank=True, help_text="Route -> cosine score 0..1.")
    triage = models.BooleanField(
        default=False, help_text="Sent to the clerks' triage list instead of intake."
    )
    reason = models.TextField(blank=True)
    text = models.TextField(
        blank=True, help_text="The opening text the router read: what a re-routing teaches it."
    )
    decided_by = models.CharField(
        max_length=150, default="router", help_text="'router', or the clerk who re-routed it."
    )
    decided_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.document} -> {self.route}"

    @property
    def ranked_scores(self) -> list[tuple[str, float]]:
        return sorted(self.scores.items(), key=lambda item: -item[1])


class RouteExample(models.Model):
    """A labelled example the router learns from on top of the shipped ones: a clerk's
    re-routing, recorded through the Librarian (procurement.routing.router_example_add)."""

    route = models.CharField(max_length=20, choices=DocumentRoute.Route.choices)
    text = models.TextField(help_text="The document's opening text, as the router read it.")
    source = models.CharField(max_length=300, blank=True, help_text="Where it was learnt.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.route}: {self.text[:60]}"


__all__ = [
    "ApiToken",
    "Case",
    "Document",
    "DocumentRoute",
    "EmailMessage",
    "Finding",
    "GoodsReceipt",
    "GoodsReceiptLine",
    "Invoice",
    "InvoiceLine",
    "PaymentPolicy",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "RouteExample",
    "S3SeenObject",
    "StaffMember",
    "Vendor",
    "VendorContact",
]
