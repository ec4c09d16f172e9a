"""Django admin for AP admins: vendors, directory, orders, receipts, documents, invoices.

Vendors, purchase orders and goods receipts can also be imported from CSV (procurement.imports):
their changelists carry an "Import from CSV" button for users who may add and change them.
"""
from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from config.admin import ReadOnlyAdmin, ReadOnlyInline
from procurement.cases.tokens import api_token_revoke
from procurement.imports import (
    COLUMNS,
    PURCHASE_ORDERS,
    RECEIPTS,
    VENDORS,
    csv_import,
    csv_template,
)
from procurement.models import (
    ApiToken,
    Case,
    Document,
    EmailMessage,
    Finding,
    GoodsReceipt,
    GoodsReceiptLine,
    Invoice,
    InvoiceLine,
    PaymentPolicy,
    PurchaseOrder,
    PurchaseOrderLine,
    StaffMember,
    Vendor,
    VendorContact,
)

logger = logging.getLogger(__name__)


class CsvUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, comma or semicolon separated, first row naming the columns.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {settings.MAX_UPLOAD_MB} MB.")
        return upload


class CsvImportMixin:
    """"Import from CSV" and "Download template CSV" on a changelist, through the same service
    as `manage.py import_csv`. Importing both creates and updates rows, so it needs both the
    add and the change permission on the model."""

    csv_import_kind: str
    csv_row_meaning: str  # "vendor", "purchase order line", ...
    change_list_template = "admin/procurement/change_list_csv_import.html"

    def get_urls(self):
        info = (self.opts.app_label, self.opts.model_name)
        # Before the model's own URLs, whose "<object_id>/" pattern would swallow these.
        return [
            path("import-csv/", self.admin_site.admin_view(self.csv_import_view),
                 name="{}_{}_import_csv".format(*info)),
            path("import-csv/template.csv", self.admin_site.admin_view(self.csv_template_view),
                 name="{}_{}_csv_template".format(*info)),
            *super().get_urls(),
        ]

    def has_csv_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def _admin_url(self, name: str) -> str:
        opts = self.opts
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = dict(extra_context or {})
        if self.has_csv_import_permission(request):
            extra_context["csv_import_url"] = self._admin_url("import_csv")
            extra_context["csv_template_url"] = self._admin_url("csv_template")
        return super().changelist_view(request, extra_context)

    def csv_import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_csv_import_permission(request):
            raise PermissionDenied("Importing needs permission to add and change these records.")
        report = None
        form = CsvUploadForm(request.POST, request.FILES) if request.method == "POST" else (
            CsvUploadForm())
        if form.is_bound and form.is_valid():
            upload = form.cleaned_data["file"]
            report = csv_import(kind=self.csv_import_kind, content=upload.read())
            logger.info("CSV import of %s by %s from %r: %s", self.csv_import_kind,
                        request.user.get_username(), upload.name, report.summary())
            if report.ok:
                self.message_user(request, report.summary(), messages.SUCCESS)
                return redirect(self._admin_url("changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Import {self.opts.verbose_name_plural} from CSV",
            "form": form,
            "report": report,
            "columns": COLUMNS[self.csv_import_kind],
            "row_meaning": self.csv_row_meaning,
            "template_url": self._admin_url("csv_template"),
        }
        return TemplateResponse(request, "admin/procurement/csv_import.html", context)

    def csv_template_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_csv_import_permission(request):
            raise PermissionDenied("Importing needs permission to add and change these records.")
        # The BOM makes Excel read the file as UTF-8 (accents in vendor names survive).
        response = HttpResponse("\ufeff" + csv_template(kind=self.csv_import_kind),
                                content_type="text/csv; charset=utf-8")
        filename = f"{self.csv_import_kind}-template.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class VendorContactInline(admin.TabularInline):
    model = VendorContact
    extra = 0


@admin.register(Vendor)
class VendorAdmin(CsvImportMixin, admin.ModelAdmin):
    csv_import_kind = VENDORS
    csv_row_meaning = "vendor"
    list_display = ("legal_name", "tax_id", "currency", "payment_terms_days", "account_manager",
                    "is_active")
    list_filter = ("is_active", "currency", "account_manager")
    list_select_related = ("account_manager",)
    search_fields = ("legal_name", "aliases", "tax_id", "iban", "contacts__email")
    autocomplete_fields = ("account_manager",)
    inlines = [VendorContactInline]
    fieldsets = (
        (None, {"fields": ("legal_name", "aliases", "tax_id", "is_active", "account_manager")}),
        ("Contact and payment", {"fields": ("email_domains", "currency", "payment_terms_days",
                                            "iban", "bank_account_number", "tax_rate")}),
        # Within the percentage AND the amount; README "Validation" says what each bounds.
        ("Tolerance overrides (empty = use the default)", {
            "fields": ("price_tolerance_pct", "price_tolerance_amount", "quantity_tolerance_pct",
                       "invoice_tolerance_pct", "amount_tolerance"),
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
class PurchaseOrderAdmin(CsvImportMixin, admin.ModelAdmin):
    csv_import_kind = PURCHASE_ORDERS
    csv_row_meaning = "purchase order line"
    list_display = ("number", "vendor", "issued_on", "currency", "status", "line_count")
    list_filter = ("status", "currency", "vendor")
    list_select_related = ("vendor",)
    search_fields = ("number", "vendor__legal_name", "lines__sku", "lines__description")
    date_hierarchy = "issued_on"
    autocomplete_fields = ("vendor", "buyer")
    inlines = [PurchaseOrderLineInline]

    def get_queryset(self, request):
        # distinct: the changelist search joins lines, which must not inflate the count
        return super().get_queryset(request).annotate(_lines=Count("lines", distinct=True))

    @admin.display(description="lines", ordering="_lines")
    def line_count(self, order: PurchaseOrder) -> int:
        return order._lines


class GoodsReceiptLineInline(admin.TabularInline):
    model = GoodsReceiptLine
    extra = 0
    raw_id_fields = ("po_line",)


@admin.register(GoodsReceipt)
class GoodsReceiptAdmin(CsvImportMixin, admin.ModelAdmin):
    csv_import_kind = RECEIPTS
    csv_row_meaning = "received purchase order line"
    list_display = ("number", "order", "vendor", "received_on", "received_by")
    list_filter = ("order__vendor",)
    list_select_related = ("order", "order__vendor")
    search_fields = ("number", "order__number", "order__vendor__legal_name", "received_by")
    date_hierarchy = "received_on"
    autocomplete_fields = ("order",)
    inlines = [GoodsReceiptLineInline]

    @admin.display(description="vendor", ordering="order__vendor__legal_name")
    def vendor(self, receipt: GoodsReceipt) -> Vendor:
        return receipt.order.vendor


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("original_filename", "source", "status", "page_count", "size_bytes",
                    "created_at")
    list_filter = ("status", "source")
    search_fields = ("original_filename", "sha256", "source_ref")
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False  # documents arrive through upload, the inbox or S3, never typed in

    def has_delete_permission(self, request, obj=None):
        return False  # originals are evidence and are never deleted


# The emails documents came in: evidence, like the documents themselves (the .eml is kept).
@admin.register(EmailMessage)
class EmailMessageAdmin(ReadOnlyAdmin):
    list_display = ("subject", "sender", "sent_at", "source", "received_at")
    list_filter = ("source",)
    search_fields = ("subject", "sender", "message_id", "source_ref")


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine


class FindingInline(ReadOnlyInline):
    model = Finding
    fields = ("kind", "severity", "message", "expected", "actual")


# Invoices and findings are what the agents read and concluded: evidence for the decision trail.
# Corrections go through the review pages (and their audit), not through hand edits here.
@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ("invoice_number", "vendor_name", "vendor", "invoice_date", "total", "currency",
                    "status")
    list_filter = ("status", "currency", "vendor")
    search_fields = ("invoice_number", "vendor_name", "po_number", "vendor__legal_name")
    date_hierarchy = "invoice_date"
    raw_id_fields = ("document", "duplicate_of", "purchase_order")
    autocomplete_fields = ("vendor",)
    inlines = [InvoiceLineInline, FindingInline]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ("invoice", "kind", "severity", "message", "created_at")
    list_filter = ("kind", "severity")
    search_fields = ("invoice__invoice_number", "message")
    raw_id_fields = ("invoice", "invoice_line")


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Cases are computed from the workflow (procurement.cases.case_sync); people act on them on
    the case page, where every action is recorded in the trail.
    """

    list_display = ("pk", "state", "vendor_name", "invoice_number", "total", "currency",
                    "due_date", "assignee", "updated_at")
    list_filter = ("state",)
    search_fields = ("vendor_name", "invoice_number", "po_number")
    raw_id_fields = ("document", "invoice", "vendor", "assignee", "payment_approved_by")


@admin.register(PaymentPolicy)
class PaymentPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "four_eyes_above")

    def has_add_permission(self, request) -> bool:
        # one row: the policy
        return super().has_add_permission(request) and not PaymentPolicy.objects.exists()


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """People's API tokens: made with `manage.py api_token USERNAME`, revoked here."""

    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("user__username", "name", "prefix")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # the raw token is shown once, by the command that makes it

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset) -> None:
        revoked = sum(api_token_revoke(token_id=token.pk) for token in queryset)
        messages.success(request, f"{revoked} token(s) revoked.")
