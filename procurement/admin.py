"""Django admin for AP admins: vendors, directory, orders, receipts, documents, invoices."""
from django.contrib import admin

from procurement.models import (
    Document,
    Finding,
    GoodsReceipt,
    GoodsReceiptLine,
    Invoice,
    InvoiceLine,
    PurchaseOrder,
    PurchaseOrderLine,
    StaffMember,
    Vendor,
    VendorContact,
)


class VendorContactInline(admin.TabularInline):
    model = VendorContact
    extra = 0


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ("legal_name", "tax_id", "currency", "account_manager", "is_active")
    list_filter = ("is_active", "currency", "account_manager")
    search_fields = ("legal_name", "aliases", "tax_id", "iban", "contacts__email")
    autocomplete_fields = ("account_manager",)
    inlines = [VendorContactInline]
    fieldsets = (
        (None, {"fields": ("legal_name", "aliases", "tax_id", "is_active", "account_manager")}),
        ("Contact and payment", {"fields": ("email_domains", "currency", "payment_terms_days",
                                            "iban", "bank_account_number")}),
        ("Tolerance overrides (empty = use the default)", {
            "fields": ("price_tolerance_pct", "quantity_tolerance_pct", "amount_tolerance"),
        }),
    )


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "title", "department", "is_active")
    list_filter = ("is_active", "department")
    search_fields = ("name", "email")


class PurchaseOrderLineInline(admin.TabularInline):
    model = PurchaseOrderLine
    extra = 0


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(admin.ModelAdmin):
    list_display = ("number", "vendor", "issued_on", "currency", "status")
    list_filter = ("status", "currency", "vendor")
    search_fields = ("number", "vendor__legal_name", "lines__sku", "lines__description")
    date_hierarchy = "issued_on"
    autocomplete_fields = ("vendor", "buyer")
    inlines = [PurchaseOrderLineInline]


class GoodsReceiptLineInline(admin.TabularInline):
    model = GoodsReceiptLine
    extra = 0
    raw_id_fields = ("po_line",)


@admin.register(GoodsReceipt)
class GoodsReceiptAdmin(admin.ModelAdmin):
    list_display = ("number", "order", "received_on", "received_by")
    search_fields = ("number", "order__number")
    date_hierarchy = "received_on"
    autocomplete_fields = ("order",)
    inlines = [GoodsReceiptLineInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("original_filename", "source", "status", "page_count", "size_bytes", "created_at")
    list_filter = ("status", "source")
    search_fields = ("original_filename", "sha256", "source_ref")
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False  # documents arrive through upload, the inbox or S3, never typed in

    def has_delete_permission(self, request, obj=None):
        return False  # originals are evidence and are never deleted


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    raw_id_fields = ("po_line",)


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ("kind", "severity", "message", "expected", "actual")


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ("invoice_number", "vendor_name", "vendor", "invoice_date", "total", "currency",
                    "status")
    list_filter = ("status", "currency", "vendor")
    search_fields = ("invoice_number", "vendor_name", "po_number", "vendor__legal_name")
    date_hierarchy = "invoice_date"
    raw_id_fields = ("document", "duplicate_of", "purchase_order")
    autocomplete_fields = ("vendor",)
    inlines = [InvoiceLineInline, FindingInline]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("invoice", "kind", "severity", "message", "created_at")
    list_filter = ("kind", "severity")
    search_fields = ("invoice__invoice_number", "message")
    raw_id_fields = ("invoice", "invoice_line")
