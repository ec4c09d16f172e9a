"""seed_demo: put the demo world in the database and the sample invoices on disk.

Idempotent by construction: every row is looked up by its natural key (vendor legal name, PO
number, receipt number, username, ...) and written only when a value differs; every file is
written only when its bytes differ. A second run reports nothing created and nothing changed.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction

from procurement.demo.data import (
    DOCUMENTS,
    ORDERS,
    RECEIPTS,
    STAFF,
    VENDORS,
    VENDORS_BY_KEY,
    DemoDocument,
)
from procurement.demo.pdfs import render_invoice_pdf
from procurement.models import (
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseOrder,
    PurchaseOrderLine,
    StaffMember,
    Vendor,
    VendorContact,
)
from procurement.roles import ADMIN, APPROVER, CLERK, create_role_groups

MANIFEST_NAME = "manifest.json"

# username -> (role, is_staff). Two approvers, so the demo can show four eyes: whoever last
# edited a draft cannot be its only approver, and with one approver nobody could approve it.
DEMO_USERS: dict[str, tuple[str, bool]] = {
    "clerk": (CLERK, False),
    "approver": (APPROVER, False),
    "approver2": (APPROVER, False),
    "admin": (ADMIN, True),
}


@dataclass
class SeedReport:
    pdf_dir: Path
    created: Counter = field(default_factory=Counter)  # model name -> rows inserted
    updated: Counter = field(default_factory=Counter)  # model name -> rows changed
    files_written: list[str] = field(default_factory=list)
    files_unchanged: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)  # demo usernames present after the run
    users_skipped: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()) or self.files_written)


def seed_demo(*, pdf_dir: Path) -> SeedReport:
    """Create or refresh the demo world and write the sample invoices and manifest to `pdf_dir`.

    The demo logins (clerk, approver, approver2, admin with settings.DEMO_PASSWORD) are only
    created while DEBUG is on: a well-known password on a production system is an open door.
    Outside DEBUG the report carries a warning and the domain data is still seeded.
    """
    report = SeedReport(pdf_dir=Path(pdf_dir))
    with transaction.atomic():
        staff = {spec.email: _seed_staff(report, spec) for spec in STAFF}
        vendors = {
            spec.key: _seed_vendor(report, spec, staff) for spec in VENDORS if spec.on_file
        }
        orders = {spec.number: _seed_order(report, spec, vendors, staff) for spec in ORDERS}
        for spec in RECEIPTS:
            _seed_receipt(report, spec, orders[spec.order])
        if settings.DEBUG:
            _seed_users(report)
        else:
            report.users_skipped = True
            report.warnings.append(
                "DEBUG is off: the demo users (clerk, approvers, admin) were NOT created, because "
                "their password is well known. Domain data was seeded."
            )
    _write_documents(report)
    return report


# --------------------------------------------------------------------------- rows
def _upsert(report: SeedReport, model: type[models.Model], lookup: dict, values: dict):
    """Get the row by its natural key; create it, or save it only if a value differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        report.created[model.__name__] += 1
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        report.updated[model.__name__] += 1
    return obj


def _seed_staff(report: SeedReport, spec) -> StaffMember:
    return _upsert(report, StaffMember, {"email": spec.email}, {
        "name": spec.name, "title": spec.title, "department": spec.department, "is_active": True,
    })


def _seed_vendor(report: SeedReport, spec, staff: dict[str, StaffMember]) -> Vendor:
    vendor = _upsert(report, Vendor, {"legal_name": spec.legal_name}, {
        "aliases": list(spec.aliases),
        "tax_id": spec.tax_id,
        "email_domains": list(spec.email_domains),
        "iban": spec.iban,
        "payment_terms_days": spec.payment_terms_days,
        "currency": spec.currency,
        "tax_rate": spec.tax_rate,
        "is_active": spec.is_active,
        "account_manager": staff[spec.account_manager],
    })
    for contact in spec.contacts:
        _upsert(report, VendorContact, {"vendor": vendor, "email": contact.email}, {
            "name": contact.name, "role": contact.role, "is_primary": contact.is_primary,
        })
    return vendor


def _seed_order(report: SeedReport, spec, vendors, staff) -> PurchaseOrder:
    vendor = vendors[spec.vendor]
    order = _upsert(report, PurchaseOrder, {"number": spec.number}, {
        "vendor": vendor,
        "currency": vendor.currency,
        "status": PurchaseOrder.Status(spec.status),
        "issued_on": spec.issued_on,
        "buyer": staff[spec.buyer],
        "notes": spec.notes,
    })
    tax_rate = VENDORS_BY_KEY[spec.vendor].tax_rate
    for line_no, line in enumerate(spec.lines, start=1):
        _upsert(report, PurchaseOrderLine, {"order": order, "line_no": line_no}, {
            "sku": line.sku,
            "description": line.description,
            "quantity": line.quantity,
            "unit_price": line.unit_price,
            "unit_of_measure": line.unit_of_measure,
            "tax_rate": tax_rate,
        })
    return order


def _seed_receipt(report: SeedReport, spec, order: PurchaseOrder) -> None:
    receipt = _upsert(report, GoodsReceipt, {"number": spec.number}, {
        "order": order, "received_on": spec.received_on, "received_by": spec.received_by,
    })
    lines = {line.line_no: line for line in order.lines.all()}
    for line_no, quantity in enumerate(spec.quantities, start=1):
        _upsert(report, GoodsReceiptLine, {"receipt": receipt, "po_line": lines[line_no]}, {
            "quantity_received": quantity,
        })


def _seed_users(report: SeedReport) -> None:
    create_role_groups()
    user_model = get_user_model()
    for username, (role, is_staff) in DEMO_USERS.items():
        is_new = not user_model.objects.filter(username=username).exists()
        user = _upsert(report, user_model, {"username": username}, {
            "email": f"{username}@halvorsen.example",
            "is_staff": is_staff,
            "is_active": True,
        })
        # A fresh salt on every run would make the second run "change" the user; so only when
        # the password differs (a new user, or DEMO_PASSWORD changed since the last run).
        if not user.check_password(settings.DEMO_PASSWORD):
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if not is_new:
                report.updated[user_model.__name__] += 1
        group = Group.objects.get(name=role)
        if list(user.groups.all()) != [group]:
            user.groups.set([group])
            (report.created if is_new else report.updated)["Group membership"] += 1
        report.users.append(username)


# --------------------------------------------------------------------------- files
def manifest_entry(document: DemoDocument) -> dict:
    spec = document.spec
    return {
        "file": document.file,
        "vendor": spec.vendor_name,
        "vendor_on_file": VENDORS_BY_KEY[document.vendor].on_file,
        "invoice_number": spec.invoice_number,
        "po_number": spec.po_number,
        "expected": document.expected,
        "discrepancies": list(document.discrepancies),
        "layout": spec.layout,
        "currency": spec.currency,
        "total": f"{spec.total:.2f}",
        "note": document.note,
    }


def _write_documents(report: SeedReport) -> None:
    report.pdf_dir.mkdir(parents=True, exist_ok=True)
    for document in DOCUMENTS:
        _write_if_changed(report, document.file, render_invoice_pdf(document.spec))
    manifest = [manifest_entry(document) for document in DOCUMENTS]
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    _write_if_changed(report, MANIFEST_NAME, text.encode())


def _write_if_changed(report: SeedReport, name: str, content: bytes) -> None:
    path = report.pdf_dir / name
    if path.exists() and path.read_bytes() == content:
        report.files_unchanged.append(name)
        return
    tmp = path.with_name(f".{name}.tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    report.files_written.append(name)
