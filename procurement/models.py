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

MONEY = {"max_digits": 14, "decimal_places": 2}
QUANTITY = {"max_digits": 14, "decimal_places": 3}
UNIT_PRICE = {"max_digits": 14, "decimal_places": 4}
PERCENT = {"max_digits": 6, "decimal_places": 3}

DEFAULT_PRICE_TOLERANCE_PCT = Decimal("2.000")
DEFAULT_QUANTITY_TOLERANCE_PCT = Decimal("0.000")
DEFAULT_AMOUNT_TOLERANCE = Decimal("1.00")


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
    # Overrides of the global matching tolerances; empty means "use the default".
    price_tolerance_pct = models.DecimalField(**PERCENT, null=True, blank=True)
    quantity_tolerance_pct = models.DecimalField(**PERCENT, null=True, blank=True)
    amount_tolerance = models.DecimalField(**MONEY, null=True, blank=True)
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
            # validation looks vendors up by the tax id printed on an invoice
            models.Index(fields=["tax_id"], name="vendor_tax_id_idx"),
        ]

    def __str__(self) -> str:
        return self.legal_name

    def tolerances(self) -> dict[str, Decimal]:
        """The tolerances that apply to this vendor's invoices: its overrides, else defaults."""
        return {
            "price_pct": _first_set(self.price_tolerance_pct, DEFAULT_PRICE_TOLERANCE_PCT),
            "quantity_pct": _first_set(self.quantity_tolerance_pct, DEFAULT_QUANTITY_TOLERANCE_PCT),
            "amount": _first_set(self.amount_tolerance, DEFAULT_AMOUNT_TOLERANCE),
        }

    def names(self) -> list[str]:
        return [self.legal_name, *self.aliases]


def _first_set(value: Decimal | None, default: Decimal) -> Decimal:
    return default if value is None else value


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

    document = models.OneToOneField(Document, on_delete=models.PROTECT, related_name="invoice")
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
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.EXTRACTED)
    vendor_name = models.CharField("vendor name (printed)", max_length=300, blank=True)
    vendor_tax_id = models.CharField("vendor tax id (printed)", max_length=64, blank=True)
    invoice_number = models.CharField(max_length=100, blank=True)
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
        ]

    def __str__(self) -> str:
        who = self.vendor or self.vendor_name or "unknown vendor"
        return f"Invoice {self.invoice_number or '?'} from {who}"

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
        UNKNOWN_VENDOR = "unknown_vendor", "Unknown vendor"
        INACTIVE_VENDOR = "inactive_vendor", "Inactive vendor"
        DUPLICATE = "duplicate", "Duplicate invoice"
        MISSING_PO = "missing_po", "No matching purchase order"
        PRICE = "price", "Price differs from PO"
        QUANTITY = "quantity", "Quantity differs from PO / receipt"
        TAX_ARITHMETIC = "tax_arithmetic", "Totals do not add up"
        BANK_ACCOUNT = "bank_account", "Bank account differs from the one on file"
        CURRENCY = "currency", "Currency differs from PO"
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

    class Meta:
        ordering = ["invoice", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.message}"


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


__all__ = [
    "Document",
    "Finding",
    "GoodsReceipt",
    "GoodsReceiptLine",
    "Invoice",
    "InvoiceLine",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "S3SeenObject",
    "StaffMember",
    "Vendor",
    "VendorContact",
]
