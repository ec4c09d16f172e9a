"""CSV import of vendors, purchase orders and goods receipts, shared by the admin and
`manage.py import_csv`.

An import is all or nothing: every row is checked first and, if a single cell is wrong, nothing
is written and the report lists every problem by spreadsheet row and column. Only when the whole
file is clean is it written, in one transaction. Rows are matched on natural keys (vendor legal
name, PO number + line number, receipt number + PO line), so importing the same file twice
changes nothing the second time. An import never deletes anything.

Only the columns present in the file are written: a file without an `iban` column leaves every
IBAN on file alone, while an empty `iban` cell clears that vendor's IBAN.

The row parsing is hand-written rather than pydantic because the audience is an AP admin with a
spreadsheet: each message names the row and column and says what is wrong in their words.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction

from procurement.matching import iban_is_valid
from procurement.models import (
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseOrder,
    PurchaseOrderLine,
    StaffMember,
    Vendor,
    VendorContact,
)

VENDORS = "vendors"
PURCHASE_ORDERS = "purchase_orders"
RECEIPTS = "receipts"
KINDS = (VENDORS, PURCHASE_ORDERS, RECEIPTS)

LIST_SEPARATOR = "|"

# Currencies an invoice can be written in (ISO 4217, active codes). Precious metals, fund codes
# and test codes (XAU, XDR, XTS, ...) are left out on purpose: nobody invoices in them.
_ISO_4217_CODES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN
    BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP
    ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK
    JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK
    MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
    PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB
    TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD
    XCG XOF XPF YER ZAR ZMW ZWG ZWL
"""
ISO_4217 = frozenset(_ISO_4217_CODES.split())


# --- Columns ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    help: str
    required: bool = False  # the header must be there and every row must fill it


# Vendor's fields overriding the global tolerances, as named in the model, the admin and the CSV.
VENDOR_TOLERANCE_COLUMNS = (
    "price_tolerance_pct", "price_tolerance_amount", "quantity_tolerance_pct",
    "invoice_tolerance_pct", "amount_tolerance",
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    VENDORS: (
        Column("legal_name", "The vendor's registered name; identifies the vendor (case is "
                             "ignored when matching).", True),
        Column("aliases", "Other names printed on its invoices, separated by |."),
        Column("tax_id", "Tax / VAT id."),
        Column("email_domains", "Domains the vendor writes from, separated by |."),
        Column("iban", "IBAN on file; spaces allowed, the check digits are verified."),
        Column("bank_account_number", "Bank account number on file (non-IBAN countries)."),
        Column("payment_terms_days", "Whole days from 0 to 3650, e.g. 30. Default 30."),
        Column("currency", "Three-letter ISO 4217 code, e.g. EUR. Default EUR."),
        Column("tax_rate", "VAT percent the vendor charges, e.g. 19; checks the tax of invoices "
                           "whose PO has no rate. Empty = none on file."),
        Column("is_active", "yes or no. Default yes."),
        Column("account_manager_email", "Email of the colleague who owns the relationship."),
        Column("account_manager_name", "Their name; needed only if they are not on file yet."),
        # The vendor's overrides of the VALIDATION_* tolerances (procurement.tolerances).
        Column("price_tolerance_pct", "A line's unit price above the PO price, percent; "
                                      "empty = default."),
        Column("price_tolerance_amount", "A line's overcharge (quantity x price difference), "
                                         "in money; empty = default."),
        Column("quantity_tolerance_pct", "A line's quantity above what may still be billed, "
                                         "percent; empty = default."),
        Column("invoice_tolerance_pct", "The invoice's total overcharge, and a PO's billed "
                                        "total over its value, percent; empty = default."),
        Column("amount_tolerance", "The same per invoice and per PO, in money; empty = "
                                   "default."),
        Column("contact_name", "A billing contact at the vendor (with contact_email)."),
        Column("contact_email", "That contact's email address."),
    ),
    PURCHASE_ORDERS: (
        Column("po_number", "The purchase order number; one row per order line.", True),
        Column("vendor", "The vendor's legal name or tax id, as on file.", True),
        Column("issued_on", "Date the order was issued, YYYY-MM-DD.", True),
        Column("currency", "Three-letter ISO 4217 code. Default: the vendor's currency."),
        Column("status", "open, closed or cancelled. Default open."),
        Column("line_no", "Line number within the order: 1, 2, 3...", True),
        Column("sku", "The item code."),
        Column("description", "What was ordered.", True),
        Column("quantity", "Quantity ordered, not negative.", True),
        Column("unit_price", "Net price per unit, not negative, e.g. 12.50.", True),
        Column("unit_of_measure", "e.g. EA, KG, H. Default EA."),
        Column("tax_rate", "Tax rate in percent, e.g. 19. Default 0."),
    ),
    RECEIPTS: (
        Column("receipt_number", "The goods receipt number; one row per received line.", True),
        Column("po_number", "The purchase order the goods were delivered against.", True),
        Column("received_on", "Date received, YYYY-MM-DD.", True),
        Column("received_by", "Who signed for the delivery."),
        Column("line_no", "The PO line number that was delivered.", True),
        Column("quantity_received", "Quantity received on that line, not negative.", True),
    ),
}

EXAMPLES: dict[str, tuple[dict[str, str], ...]] = {
    VENDORS: (
        {
            "legal_name": "Acme Industrial Supplies GmbH",
            "aliases": "Acme|ACME Industrial",
            "tax_id": "DE123456789",
            "email_domains": "acme.example",
            "iban": "DE89 3704 0044 0532 0130 00",
            "bank_account_number": "",
            "payment_terms_days": "30",
            "currency": "EUR",
            "tax_rate": "19",
            "is_active": "yes",
            "account_manager_email": "maria.keller@ourcompany.example",
            "account_manager_name": "Maria Keller",
            "price_tolerance_pct": "2.5",
            "price_tolerance_amount": "50.00",
            "quantity_tolerance_pct": "",
            "invoice_tolerance_pct": "",
            "amount_tolerance": "",
            "contact_name": "Jonas Weber",
            "contact_email": "billing@acme.example",
        },
    ),
    PURCHASE_ORDERS: (
        {
            "po_number": "PO-2025-0042", "vendor": "Acme Industrial Supplies GmbH",
            "issued_on": "2025-03-14", "currency": "EUR", "status": "open", "line_no": "1",
            "sku": "BOLT-M8", "description": "Hex bolt M8x40, zinc plated", "quantity": "500",
            "unit_price": "0.12", "unit_of_measure": "EA", "tax_rate": "19",
        },
        {
            "po_number": "PO-2025-0042", "vendor": "Acme Industrial Supplies GmbH",
            "issued_on": "2025-03-14", "currency": "EUR", "status": "open", "line_no": "2",
            "sku": "NUT-M8", "description": "Hex nut M8", "quantity": "500",
            "unit_price": "0.05", "unit_of_measure": "EA", "tax_rate": "19",
        },
    ),
    RECEIPTS: (
        {
            "receipt_number": "GR-2025-0107", "po_number": "PO-2025-0042",
            "received_on": "2025-03-21", "received_by": "Warehouse Nord", "line_no": "1",
            "quantity_received": "500",
        },
        {
            "receipt_number": "GR-2025-0107", "po_number": "PO-2025-0042",
            "received_on": "2025-03-21", "received_by": "Warehouse Nord", "line_no": "2",
            "quantity_received": "480",
        },
    ),
}


def csv_template(*, kind: str) -> str:
    """A CSV file with every column of `kind` and example rows, for AP admins to start from."""
    columns = [column.name for column in COLUMNS[kind]]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(EXAMPLES[kind])
    return out.getvalue()


# --- The report ------------------------------------------------------------------------------

@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet counts: the header is row 1; 0 means the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return f"file: {self.message}"
        if not self.column:
            return f"row {self.row}: {self.message}"
        return f"row {self.row}, {self.column}: {self.message}"


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    # (what, outcome) -> how many, e.g. ("vendors", "created") -> 3
    counts: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if not self.ok:
            problems = "problem" if len(self.errors) == 1 else "problems"
            return f"Nothing was imported: {len(self.errors)} {problems} in the file."
        parts = []
        for what in _ENTITIES[self.kind]:
            if not any(self.counts[what, outcome] for outcome in _OUTCOMES) and parts:
                continue  # "contacts: 0 created, ..." says nothing when the file had none
            outcomes = ", ".join(f"{self.counts[what, outcome]} {outcome}"
                                 for outcome in _OUTCOMES)
            parts.append(f"{what}: {outcomes}")
        rows = "row" if self.rows == 1 else "rows"
        kind = self.kind.replace("_", " ")
        return f"Imported {self.rows} {rows} of {kind}. " + "; ".join(parts) + "."


_OUTCOMES = ("created", "updated", "unchanged")
# What an import of each kind writes, the main thing first.
_ENTITIES = {
    VENDORS: ("vendors", "staff members", "contacts"),
    PURCHASE_ORDERS: ("purchase orders", "order lines"),
    RECEIPTS: ("receipts", "receipt lines"),
}


def csv_import(*, kind: str, content: bytes) -> ImportReport:
    """Import a CSV file of `kind` (vendors, purchase_orders, receipts): all rows or none."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {', '.join(KINDS)}")
    report = ImportReport(kind=kind)
    table = _read_table(content, kind, report)
    if table is None:
        return report
    reader = _READERS[kind]()
    for row in table.rows:
        reader.read(row)
    reader.check_together()
    report.rows = len(table.rows)
    # Problems in the order a person reads the sheet: down the rows, then left to right.
    position = {name: index for index, name in enumerate(table.header)}
    report.errors.extend(sorted(table.errors, key=lambda e: (e.row, position.get(e.column, -1))))
    if report.errors:
        return report
    try:
        with transaction.atomic():
            reader.write(report.counts)
    except IntegrityError:
        # Someone created the same records between our checks and our writes; the transaction
        # rolled back, so trying again is safe (and will update them instead).
        report.counts.clear()
        report.errors.append(RowError(0, "", "someone changed the same records while this file "
                                             "was imported; nothing was imported, please try "
                                             "again"))
    return report


# --- Reading the file ------------------------------------------------------------------------

@dataclass
class _Table:
    header: list[str]
    rows: list[_Row]
    errors: list[RowError]


def _normalise_header(name: str) -> str:
    # Spreadsheet users write "Legal name" as often as "legal_name".
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _read_table(content: bytes, kind: str, report: ImportReport) -> _Table | None:
    try:
        text = content.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError:
        report.errors.append(RowError(0, "", "the file is not UTF-8 text; in Excel, save it as "
                                             "\"CSV UTF-8 (Comma delimited)\""))
        return None
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        report.errors.append(RowError(0, "", "the file is empty; the first row must name the "
                                             "columns"))
        return None
    # Excel writes `;` where the decimal separator is a comma; such files may write 12,50.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = [_normalise_header(name) for name in records[0]]

    errors: list[RowError] = []
    known = {column.name for column in COLUMNS[kind]}
    expected = ", ".join(column.name for column in COLUMNS[kind])
    for name, raw in zip(header, records[0], strict=True):
        if name and name not in known:
            errors.append(RowError(1, raw.strip(), f"unknown column; the columns for "
                                                   f"{kind.replace('_', ' ')} are: {expected}"))
    for name in dict.fromkeys(n for n in header if n and header.count(n) > 1):
        errors.append(RowError(1, name, "this column appears more than once"))
    for column in COLUMNS[kind]:
        if column.required and column.name not in header:
            errors.append(RowError(1, column.name, "required column is missing from the first "
                                                   "row"))
    if errors:
        report.errors.extend(errors)
        return None

    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines at the end of a spreadsheet export
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            errors.append(RowError(number, "", f"has {len(cells)} cells but the first row names "
                                               f"{len(header)} columns"))
            continue
        # Some tools drop trailing empty cells; a missing cell is an empty one, not a missing
        # column (which would mean "leave this field alone").
        values = {name: (cells[i].strip() if i < len(cells) else "")
                  for i, name in enumerate(header) if name}
        rows.append(_Row(number, values, decimal_comma=delimiter == ";", errors=errors))
    if not rows and not errors:
        errors.append(RowError(0, "", "the file has a header row but no data rows"))
    return _Table(header, rows, errors)


class _Row:
    """One spreadsheet row. Each accessor parses a cell, records a problem in words, and
    returns None when the cell is wrong (so a row can be checked completely in one go)."""

    def __init__(self, number: int, values: dict[str, str], *, decimal_comma: bool,
                 errors: list[RowError]):
        self.number = number
        self.values = values
        self.decimal_comma = decimal_comma
        self.errors = errors
        self.error_count = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def has(self, column: str) -> bool:
        """Whether the file has this column at all (absent columns are left alone on update)."""
        return column in self.values

    def raw(self, column: str) -> str:
        return self.values.get(column, "")

    def error(self, column: str, message: str) -> None:
        self.error_count += 1
        self.errors.append(RowError(self.number, column, message))

    def _cell(self, column: str, required: bool) -> str | None:
        raw = self.raw(column)
        if not raw and required:
            self.error(column, "is empty, but it is required")
        return raw or None

    def text(self, column: str, *, field: models.Field, required: bool = False) -> str | None:
        raw = self._cell(column, required)
        if raw is not None and field.max_length and len(raw) > field.max_length:
            self.error(column, f"is {len(raw)} characters long; at most {field.max_length} fit")
            return None
        return raw

    def decimal(self, column: str, *, field: models.DecimalField, required: bool = False,
                what: str = "value") -> Decimal | None:
        raw = self._cell(column, required)
        if raw is None:
            return None
        candidate = raw
        if self.decimal_comma and "," in raw and "." not in raw:
            candidate = raw.replace(",", ".")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", candidate):
            self.error(column, f'"{raw}" is not a number')
            return None
        try:
            value = Decimal(candidate)
        except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
            self.error(column, f'"{raw}" is not a number')
            return None
        if value < 0:
            self.error(column, f'"{raw}" is negative; a {what} cannot be below zero')
            return None
        places = max(0, -value.normalize().as_tuple().exponent)  # 2.500 has one place
        if places > field.decimal_places:
            self.error(column, f'"{raw}" has {places} decimal places; at most '
                               f"{field.decimal_places} are kept")
            return None
        whole_digits = field.max_digits - field.decimal_places
        if abs(value) >= Decimal(10) ** whole_digits:
            self.error(column, f'"{raw}" is too large; at most {whole_digits} digits before the '
                               f"decimal point")
            return None
        return value

    def whole_number(self, column: str, *, required: bool = False, minimum: int = 0,
                     maximum: int = 2_147_483_647) -> int | None:
        raw = self._cell(column, required)
        if raw is None:
            return None
        if not re.fullmatch(r"[+-]?\d+", raw):
            self.error(column, f'"{raw}" is not a whole number')
            return None
        value = int(raw)
        if not minimum <= value <= maximum:
            self.error(column, f'"{raw}" must be between {minimum} and {maximum}')
            return None
        return value

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        raw = self._cell(column, required)
        if raw is None:
            return None
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                raise ValueError(raw)
            return dt.date.fromisoformat(raw)
        except ValueError:
            self.error(column, f'"{raw}" is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14')
            return None

    def boolean(self, column: str) -> bool | None:
        raw = self._cell(column, False)
        if raw is None:
            return None
        value = raw.lower()
        if value in {"yes", "y", "true", "1"}:
            return True
        if value in {"no", "n", "false", "0"}:
            return False
        self.error(column, f'"{raw}" is not yes or no')
        return None

    def email(self, column: str) -> str | None:
        raw = self._cell(column, False)
        if raw is None:
            return None
        try:
            validate_email(raw)
        except ValidationError:
            self.error(column, f'"{raw}" is not an email address')
            return None
        return raw.lower()

    def currency(self, column: str) -> str | None:
        raw = self._cell(column, False)
        if raw is None:
            return None
        if raw.upper() not in ISO_4217:
            self.error(column, f'"{raw}" is not a currency code; use the three-letter ISO 4217 '
                               f"code, e.g. EUR, USD, GBP")
            return None
        return raw.upper()

    def iban(self, column: str) -> str | None:
        raw = self._cell(column, False)
        if raw is None:
            return None
        compact = re.sub(r"\s+", "", raw).upper()
        if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
            self.error(column, f'"{raw}" is not an IBAN; it starts with a country code and two '
                               f"check digits, e.g. DE89 3704 0044 0532 0130 00")
            return None
        if not iban_is_valid(compact):
            self.error(column, f'"{raw}" is not a valid IBAN: its check digits do not match; '
                               f"look for a mistyped character")
            return None
        return compact

    def choice(self, column: str, choices: type[models.TextChoices]) -> str | None:
        raw = self._cell(column, False)
        if raw is None:
            return None
        for value, label in choices.choices:
            if raw.lower() in {value.lower(), label.lower()}:
                return value
        allowed = ", ".join(value for value in choices.values)
        self.error(column, f'"{raw}" is not one of: {allowed}')
        return None

    def split(self, column: str) -> list[str]:
        items = (item.strip() for item in self.raw(column).split(LIST_SEPARATOR))
        return list(dict.fromkeys(item for item in items if item))


_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


def _field(model: type[models.Model], name: str) -> Any:
    return model._meta.get_field(name)


# --- Writing ---------------------------------------------------------------------------------

def _upsert(counts: Counter, what: str, model: type[models.Model], lookup: dict[str, Any],
            values: dict[str, Any], create_defaults: dict[str, Any] | None = None) -> Any:
    """Create or update one row by its natural key, counting created / updated / unchanged."""
    obj = model.objects.select_for_update().filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **(create_defaults or {}), **values)
        counts[what, "created"] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        counts[what, "updated"] += 1
    else:
        counts[what, "unchanged"] += 1
    return obj


class _Reader:
    """Reads rows of one kind, then checks them together, then writes them."""

    def read(self, row: _Row) -> None:
        raise NotImplementedError

    def check_together(self) -> None:
        """Checks across rows (the same key twice, order headers that disagree)."""

    def write(self, counts: Counter) -> None:
        raise NotImplementedError


def _first_rows(rows: Iterable[_Row], key: Callable[[_Row], Any], column: str,
                what: str) -> None:
    """Report every row whose key was already used by an earlier row."""
    seen: dict[Any, int] = {}
    for row in rows:
        k = key(row)
        if k in seen:
            row.error(column, f"{what} appears twice: also on row {seen[k]}")
        else:
            seen[k] = row.number


# vendors ---------------------------------------------------------------------------------------

@dataclass
class _VendorRow:
    row: _Row
    legal_name: str
    values: dict[str, Any]
    manager_email: str | None  # None: column absent or empty (see values["account_manager"])
    contact: tuple[str, str] | None


class _VendorReader(_Reader):
    def __init__(self) -> None:
        self.parsed: list[_VendorRow] = []
        self.staff_to_create: dict[str, str] = {}  # email -> name
        self.staff_on_file: dict[str, bool] = {}  # email -> known

    def read(self, row: _Row) -> None:
        legal_name = row.text("legal_name", field=_field(Vendor, "legal_name"), required=True)
        values: dict[str, Any] = {}
        if row.has("aliases"):
            values["aliases"] = row.split("aliases")
        if row.has("tax_id"):
            values["tax_id"] = row.text("tax_id", field=_field(Vendor, "tax_id")) or ""
        if row.has("email_domains"):
            domains = [d.lower().lstrip("@") for d in row.split("email_domains")]
            bad = [d for d in domains if not _DOMAIN.fullmatch(d)]
            for domain in bad:
                row.error("email_domains", f'"{domain}" is not a domain name, e.g. acme.example')
            values["email_domains"] = domains
        if row.has("iban"):
            values["iban"] = row.iban("iban") or ""
        if row.has("bank_account_number"):
            values["bank_account_number"] = row.text(
                "bank_account_number", field=_field(Vendor, "bank_account_number")) or ""
        if row.raw("payment_terms_days"):
            values["payment_terms_days"] = row.whole_number("payment_terms_days", maximum=3650)
        if row.raw("currency"):
            values["currency"] = row.currency("currency")
        if row.raw("is_active"):
            values["is_active"] = row.boolean("is_active")
        for column, what in (("tax_rate", "tax rate"),
                             *((name, "tolerance") for name in VENDOR_TOLERANCE_COLUMNS)):
            if row.has(column):
                values[column] = row.decimal(column, field=_field(Vendor, column), what=what)

        manager_email = row.email("account_manager_email")
        manager_name = row.text("account_manager_name", field=_field(StaffMember, "name")) or ""
        if manager_email and not self._staff_known(manager_email):
            if manager_name:
                self.staff_to_create.setdefault(manager_email, manager_name)
            else:
                row.error("account_manager_name", f"{manager_email} is not on file as a staff "
                                                  "member; give their name so they can be added")
        elif manager_name and not row.raw("account_manager_email"):
            row.error("account_manager_email", "is empty, but account_manager_name is given")
        elif row.has("account_manager_email") and not row.raw("account_manager_email"):
            values["account_manager"] = None

        contact = None
        contact_name = row.text("contact_name", field=_field(VendorContact, "name"))
        contact_email = row.email("contact_email")
        if row.raw("contact_name") and not row.raw("contact_email"):
            row.error("contact_email", "is empty, but contact_name is given")
        elif row.raw("contact_email") and not row.raw("contact_name"):
            row.error("contact_name", "is empty, but contact_email is given")
        elif contact_name and contact_email:
            contact = (contact_name, contact_email)

        if row.ok and legal_name:
            self.parsed.append(_VendorRow(row, legal_name, values, manager_email, contact))

    def _staff_known(self, email: str) -> bool:
        if email not in self.staff_on_file:
            self.staff_on_file[email] = StaffMember.objects.filter(email__iexact=email).exists()
        return self.staff_on_file[email] or email in self.staff_to_create

    def check_together(self) -> None:
        _first_rows((p.row for p in self.parsed),
                    key=lambda r: r.raw("legal_name").casefold(), column="legal_name",
                    what="this vendor")

    def write(self, counts: Counter) -> None:
        for email, name in self.staff_to_create.items():
            _upsert(counts, "staff members", StaffMember, {"email": email}, {},
                    create_defaults={"name": name})
        for parsed in self.parsed:
            values = dict(parsed.values)
            if parsed.manager_email:
                values["account_manager"] = StaffMember.objects.get(
                    email__iexact=parsed.manager_email)
            # "ACME GmbH" is the vendor on file as "Acme GmbH", not a second vendor: a duplicate
            # vendor master record is how invoices get paid twice.
            on_file = Vendor.objects.filter(legal_name__iexact=parsed.legal_name).first()
            if on_file:
                vendor = _upsert(counts, "vendors", Vendor, {"pk": on_file.pk},
                                 {"legal_name": parsed.legal_name, **values})
            else:
                vendor = _upsert(counts, "vendors", Vendor, {"legal_name": parsed.legal_name},
                                 values)
            if parsed.contact:
                name, email = parsed.contact
                existing = vendor.contacts.filter(email__iexact=email).first()
                lookup = {"vendor": vendor, "email": existing.email if existing else email}
                has_primary = vendor.contacts.filter(is_primary=True).exists()
                _upsert(counts, "contacts", VendorContact, lookup, {"name": name},
                        create_defaults={"is_primary": not has_primary, "role": "billing"})


# purchase orders -------------------------------------------------------------------------------

@dataclass
class _OrderRow:
    row: _Row
    po_number: str
    vendor: Vendor
    header: dict[str, Any]  # issued_on, and currency / status when given
    line_no: int
    line: dict[str, Any]


class _OrderReader(_Reader):
    HEADER_COLUMNS = ("vendor", "issued_on", "currency", "status")

    def __init__(self) -> None:
        self.parsed: list[_OrderRow] = []
        self.vendors: dict[str, Vendor | str] = {}  # cell -> vendor, or why it is not one

    def _vendor(self, row: _Row) -> Vendor | None:
        raw = row.text("vendor", field=_field(Vendor, "legal_name"), required=True)
        if raw is None:
            return None
        if raw not in self.vendors:
            self.vendors[raw] = _find_vendor(raw)
        found = self.vendors[raw]
        if isinstance(found, str):
            row.error("vendor", found)
            return None
        return found

    def read(self, row: _Row) -> None:
        po_number = row.text("po_number", field=_field(PurchaseOrder, "number"), required=True)
        vendor = self._vendor(row)
        header: dict[str, Any] = {"issued_on": row.date("issued_on", required=True)}
        if row.raw("currency"):
            header["currency"] = row.currency("currency")
        if row.raw("status"):
            header["status"] = row.choice("status", PurchaseOrder.Status)
        line_no = row.whole_number("line_no", required=True, minimum=1)
        line: dict[str, Any] = {
            "description": row.text("description", field=_field(PurchaseOrderLine, "description"),
                                    required=True),
            "quantity": row.decimal("quantity", field=_field(PurchaseOrderLine, "quantity"),
                                    required=True, what="quantity"),
            "unit_price": row.decimal("unit_price", field=_field(PurchaseOrderLine, "unit_price"),
                                      required=True, what="price"),
        }
        if row.has("sku"):
            line["sku"] = row.text("sku", field=_field(PurchaseOrderLine, "sku")) or ""
        if row.raw("unit_of_measure"):
            line["unit_of_measure"] = row.text(
                "unit_of_measure", field=_field(PurchaseOrderLine, "unit_of_measure"))
        if row.raw("tax_rate"):
            line["tax_rate"] = row.decimal("tax_rate", field=_field(PurchaseOrderLine, "tax_rate"),
                                           what="tax rate")
        if vendor is not None and po_number:
            on_file = (PurchaseOrder.objects.filter(number=po_number)
                       .select_related("vendor").first())
            if on_file and on_file.vendor_id != vendor.pk:
                # Moving an order to another vendor would redirect payments; do it by hand.
                row.error("vendor", f'PO {po_number} is on file for "{on_file.vendor}"; an '
                                    f'import cannot move it to "{vendor}"')
        if row.ok and po_number and vendor is not None and line_no is not None:
            self.parsed.append(_OrderRow(row, po_number, vendor, header, line_no, line))

    def check_together(self) -> None:
        _first_rows((p.row for p in self.parsed), key=lambda r: (r.raw("po_number"),
                    int(r.raw("line_no"))), column="line_no", what="this PO line")
        first: dict[str, _OrderRow] = {}
        for parsed in self.parsed:
            earlier = first.setdefault(parsed.po_number, parsed)
            if earlier is parsed:
                continue
            if parsed.vendor != earlier.vendor:
                parsed.row.error("vendor", f'"{parsed.row.raw("vendor")}" differs from row '
                                           f"{earlier.row.number} for the same PO "
                                           f"{parsed.po_number}")
            for column, value in parsed.header.items():
                if column in earlier.header and earlier.header[column] != value:
                    parsed.row.error(column, f'"{parsed.row.raw(column)}" differs from row '
                                             f"{earlier.row.number} "
                                             f'("{earlier.row.raw(column)}") for the same PO '
                                             f"{parsed.po_number}")
                earlier.header.setdefault(column, value)

    def write(self, counts: Counter) -> None:
        orders: dict[str, PurchaseOrder] = {}
        for parsed in self.parsed:
            order = orders.get(parsed.po_number)
            if order is None:
                order = _upsert(counts, "purchase orders", PurchaseOrder,
                                {"number": parsed.po_number},
                                {"vendor": parsed.vendor, **parsed.header},
                                create_defaults={} if "currency" in parsed.header
                                else {"currency": parsed.vendor.currency})
                orders[parsed.po_number] = order
            _upsert(counts, "order lines", PurchaseOrderLine,
                    {"order": order, "line_no": parsed.line_no}, parsed.line)


def _find_vendor(cell: str) -> Vendor | str:
    """The vendor a PO row names, by legal name, else tax id; or a message saying why not."""
    by_name = list(Vendor.objects.filter(legal_name__iexact=cell)[:2])
    if len(by_name) == 1:
        return by_name[0]
    by_tax_id = list(Vendor.objects.filter(tax_id__iexact=cell)[:2])
    if len(by_tax_id) == 1:
        return by_tax_id[0]
    if len(by_name) + len(by_tax_id) > 1:
        return f'"{cell}" matches more than one vendor on file; use the exact legal name'
    return f'no vendor on file has the legal name or tax id "{cell}"; import the vendor first'


# goods receipts --------------------------------------------------------------------------------

@dataclass
class _ReceiptRow:
    row: _Row
    number: str
    order: PurchaseOrder
    header: dict[str, Any]
    po_line: PurchaseOrderLine
    quantity_received: Decimal


class _ReceiptReader(_Reader):
    def __init__(self) -> None:
        self.parsed: list[_ReceiptRow] = []
        self.orders: dict[str, PurchaseOrder | None] = {}

    def _order(self, row: _Row) -> PurchaseOrder | None:
        raw = row.text("po_number", field=_field(PurchaseOrder, "number"), required=True)
        if raw is None:
            return None
        if raw not in self.orders:
            self.orders[raw] = PurchaseOrder.objects.filter(number=raw).first()
        if self.orders[raw] is None:
            row.error("po_number", f'no purchase order "{raw}" is on file; import it first')
        return self.orders[raw]

    def read(self, row: _Row) -> None:
        number = row.text("receipt_number", field=_field(GoodsReceipt, "number"), required=True)
        order = self._order(row)
        header: dict[str, Any] = {"received_on": row.date("received_on", required=True)}
        if row.has("received_by"):
            header["received_by"] = row.text("received_by",
                                             field=_field(GoodsReceipt, "received_by")) or ""
        line_no = row.whole_number("line_no", required=True, minimum=1)
        quantity = row.decimal("quantity_received",
                               field=_field(GoodsReceiptLine, "quantity_received"),
                               required=True, what="quantity")
        po_line = None
        if order is not None and line_no is not None:
            po_line = order.lines.filter(line_no=line_no).first()
            if po_line is None:
                row.error("line_no", f"PO {order.number} has no line {line_no}")
        if order is not None and number:
            on_file = GoodsReceipt.objects.filter(number=number).select_related("order").first()
            if on_file and on_file.order_id != order.pk:
                row.error("po_number", f"receipt {number} is on file for PO "
                                       f"{on_file.order.number}; an import cannot move it to "
                                       f"PO {order.number}")
        if row.ok and number and order is not None and po_line is not None:
            self.parsed.append(_ReceiptRow(row, number, order, header, po_line, quantity))

    def check_together(self) -> None:
        _first_rows((p.row for p in self.parsed), key=lambda r: (r.raw("receipt_number"),
                    int(r.raw("line_no"))), column="line_no", what="this receipt line")
        first: dict[str, _ReceiptRow] = {}
        for parsed in self.parsed:
            earlier = first.setdefault(parsed.number, parsed)
            if earlier is parsed:
                continue
            checks = {"po_number": (parsed.order, earlier.order), **{
                column: (value, earlier.header.get(column)) for column, value in
                parsed.header.items()}}
            for column, (mine, theirs) in checks.items():
                if mine != theirs:
                    parsed.row.error(column, f'"{parsed.row.raw(column)}" differs from row '
                                             f"{earlier.row.number} "
                                             f'("{earlier.row.raw(column)}") for the same '
                                             f"receipt {parsed.number}")

    def write(self, counts: Counter) -> None:
        receipts: dict[str, GoodsReceipt] = {}
        for parsed in self.parsed:
            receipt = receipts.get(parsed.number)
            if receipt is None:
                receipt = _upsert(counts, "receipts", GoodsReceipt, {"number": parsed.number},
                                  {"order": parsed.order, **parsed.header})
                receipts[parsed.number] = receipt
            _upsert(counts, "receipt lines", GoodsReceiptLine,
                    {"receipt": receipt, "po_line": parsed.po_line},
                    {"quantity_received": parsed.quantity_received})


_READERS: dict[str, type[_Reader]] = {
    VENDORS: _VendorReader,
    PURCHASE_ORDERS: _OrderReader,
    RECEIPTS: _ReceiptReader,
}
