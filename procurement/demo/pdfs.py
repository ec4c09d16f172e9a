"""Render an InvoiceSpec as a PDF in one of four conventional layouts.

The layouts are deliberately ordinary (clearly labelled fields, one table of lines, totals under
it, bank details at the foot) so that a general, template-free extractor can read them; they
differ in language, number and date formats, and where things sit on the page.

Output is byte-identical for the same spec: reportlab's `invariant` mode fixes the creation date
and document id, and nothing here reads the clock.
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from procurement.demo.specs import InvoiceSpec, format_iban

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 50
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"

_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


def render_invoice_pdf(spec: InvoiceSpec) -> bytes:
    """The PDF bytes of one invoice; the same spec always gives the same bytes."""
    try:
        draw = LAYOUTS[spec.layout]
    except KeyError:
        raise ValueError(f"unknown layout {spec.layout!r}; choose from {sorted(LAYOUTS)}") from None
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(f"Invoice {spec.invoice_number}")
    canvas.setAuthor(spec.vendor_name)
    canvas.setCreator("Procurement Triage demo data")
    canvas.setSubject(f"Invoice {spec.invoice_number} from {spec.vendor_name}")
    page = _Page(canvas)
    draw(page, spec)
    if spec.stamp:
        _stamp(page, spec.stamp, *_STAMP_AT.get(spec.layout, (PAGE_WIDTH / 2, 20)))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --------------------------------------------------------------------------- formatting
def en_amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def de_amount(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def fr_amount(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def _quantity(value: Decimal, decimal_comma: bool = False) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",") if decimal_comma else text


def _rate(value: Decimal, decimal_comma: bool = False) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",") if decimal_comma else text


# --------------------------------------------------------------------------- drawing helpers
class _Page:
    """A canvas addressed from the top-left corner, which is how one reads a page."""

    def __init__(self, canvas: Canvas):
        self.c = canvas

    def text(self, x: float, top: float, value: str, *, size: float = 9, font: str = REGULAR,
             align: str = "left", color=colors.black) -> None:
        self.c.setFont(font, size)
        self.c.setFillColor(color)
        y = PAGE_HEIGHT - top
        if align == "right":
            self.c.drawRightString(x, y, value)
        elif align == "center":
            self.c.drawCentredString(x, y, value)
        else:
            self.c.drawString(x, y, value)

    def line(self, x1: float, top1: float, x2: float, top2: float, *, width: float = 0.5,
             color=colors.black) -> None:
        self.c.setStrokeColor(color)
        self.c.setLineWidth(width)
        self.c.line(x1, PAGE_HEIGHT - top1, x2, PAGE_HEIGHT - top2)

    def rect(self, x: float, top: float, width: float, height: float, *, fill=None,
             stroke=None, line_width: float = 0.5) -> None:
        self.c.setLineWidth(line_width)
        if fill is not None:
            self.c.setFillColor(fill)
        if stroke is not None:
            self.c.setStrokeColor(stroke)
        self.c.rect(x, PAGE_HEIGHT - top - height, width, height,
                    fill=int(fill is not None), stroke=int(stroke is not None))

    def labelled(self, x: float, value_x: float, top: float, rows: list[tuple[str, str]], *,
                 size: float = 9, leading: float = 13, bold_values: bool = False) -> float:
        for label, value in rows:
            if not value:
                continue  # a field this invoice does not print (an invoice without a PO number)
            self.text(x, top, label, size=size, font=BOLD)
            self.text(value_x, top, value, size=size, font=BOLD if bold_values else REGULAR)
            top += leading
        return top


# A table column: header, width, alignment, and how to print a line's value.
Column = tuple[str, float, str, Callable]


def _table(page: _Page, top: float, columns: list[Column], spec: InvoiceSpec, *, size: float = 8.5,
           header_fill=None, header_color=colors.black, grid: bool = False,
           rule_color=colors.black) -> float:
    """Draw the line-item table; returns the top of the space below it."""
    left = MARGIN
    width = sum(col[1] for col in columns)
    header_height, pad = 16, 4
    if header_fill is not None:
        page.rect(left, top, width, header_height, fill=header_fill)
    x = left
    for title, col_width, align, _ in columns:
        _cell(page, x, col_width, top + 11, title, align, size=size, font=BOLD, color=header_color)
        x += col_width
    page.line(left, top + header_height, left + width, top + header_height, color=rule_color)
    row_top = top + header_height
    for index, line in enumerate(spec.lines, start=1):
        cells = [render(index, line) for _, _, _, render in columns]
        wrapped = [
            simpleSplit(value, REGULAR, size, col[1] - 2 * pad) if col[2] == "wrap" else [value]
            for value, col in zip(cells, columns, strict=True)
        ]
        height = 6 + 11 * max(len(parts) for parts in wrapped)
        x = left
        for parts, (_, col_width, align, _) in zip(wrapped, columns, strict=True):
            for n, part in enumerate(parts):
                _cell(page, x, col_width, row_top + 12 + 11 * n, part, align, size=size)
            x += col_width
        row_top += height
        page.line(left, row_top, left + width, row_top, width=0.3, color=colors.grey)
    if grid:
        x = left
        for _, col_width, _, _ in columns:
            page.line(x, top, x, row_top, width=0.3, color=colors.grey)
            x += col_width
        page.line(x, top, x, row_top, width=0.3, color=colors.grey)
        page.line(left, top, left + width, top, width=0.3, color=colors.grey)
    return row_top


def _cell(page: _Page, x: float, width: float, top: float, value: str, align: str, **style):
    pad = 4
    if align == "right":
        page.text(x + width - pad, top, value, align="right", **style)
    else:
        page.text(x + pad, top, value, **style)


def _note(page: _Page, top: float, text: str) -> None:
    """A free-text remark from the vendor (e.g. "our bank details have changed")."""
    for n, part in enumerate(simpleSplit(text, BOLD, 9, PAGE_WIDTH - 2 * MARGIN) if text else []):
        page.text(MARGIN, top + 12 * n, part, font=BOLD, color=colors.HexColor("#333333"))


def _stamp(page: _Page, text: str, center: float, top: float) -> None:
    """A red rubber-stamp box, upright and over blank paper so it hides no field."""
    width = 150
    page.rect(center - width / 2, top, width, 26, stroke=colors.red, line_width=2)
    page.text(center, top + 18, text, size=14, font=BOLD, align="center", color=colors.red)


# Where each layout has blank paper for a stamp: (horizontal centre, top).
_STAMP_AT = {"german": (200, 20), "letterhead": (180, 96)}


# --------------------------------------------------------------------------- classic (English)
def _classic(page: _Page, spec: InvoiceSpec) -> None:
    right = PAGE_WIDTH - MARGIN
    page.text(MARGIN, 70, spec.vendor_name, size=15, font=BOLD)
    top = 86
    for row in spec.vendor_address:
        page.text(MARGIN, top, row)
        top += 12
    page.text(MARGIN, top, f"VAT No: {spec.vendor_tax_id}")
    page.text(right, 72, "INVOICE", size=24, font=BOLD, align="right")

    def date(value: dt.date) -> str:
        return f"{value.day:02d} {_EN_MONTHS[value.month - 1][:3]} {value.year}"

    page.labelled(360, 450, 110, [
        ("Invoice No:", spec.invoice_number),
        ("Invoice Date:", date(spec.invoice_date)),
        ("Due Date:", date(spec.due_date)),
        ("PO Number:", spec.po_number),
        ("Currency:", spec.currency),
    ])
    page.text(MARGIN, 180, "Bill To:", font=BOLD)
    top = 193
    for row in spec.bill_to:
        page.text(MARGIN, top, row)
        top += 12

    columns: list[Column] = [
        ("SKU", 80, "left", lambda i, ln: ln.sku),
        ("Description", 195, "wrap", lambda i, ln: ln.description),
        ("Qty", 45, "right", lambda i, ln: _quantity(ln.quantity)),
        ("Unit", 40, "left", lambda i, ln: ln.unit_of_measure),
        ("Unit Price", 70, "right", lambda i, ln: en_amount(ln.unit_price)),
        ("Amount", 65, "right", lambda i, ln: en_amount(ln.amount)),
    ]
    top = _table(page, 260, columns, spec, header_fill=colors.HexColor("#dddddd"), grid=True)
    top += 20
    top = _totals_box(page, 380, right, top, [
        ("Subtotal", en_amount(spec.subtotal)),
        (f"VAT {_rate(spec.tax_rate)}%", en_amount(spec.tax)),
        (f"Total {spec.currency}", en_amount(spec.total)),
    ])

    top = max(top + 30, 560)
    page.text(MARGIN, top, "Bank Details", font=BOLD)
    top = page.labelled(MARGIN, 130, top + 14, [
        ("Bank:", spec.bank_name),
        ("IBAN:", format_iban(spec.iban)),
        ("BIC:", spec.bic),
    ])
    _note(page, top + 4, spec.note)
    page.text(MARGIN, PAGE_HEIGHT - 60,
              f"Payment terms: due by {date(spec.due_date)}. "
              "Please quote the invoice number with your payment.", size=8)
    page.text(MARGIN, PAGE_HEIGHT - 48,
              f"{spec.vendor_name} · VAT No {spec.vendor_tax_id}", size=8, color=colors.grey)


def _totals_box(page: _Page, left: float, right: float, top: float,
                rows: list[tuple[str, str]]) -> float:
    """Subtotal, tax and total, labels at `left` and amounts right-aligned; the last row (the
    total) bold under a rule. Returns the baseline below the box."""
    for number, (label, value) in enumerate(rows, start=1):
        bold = number == len(rows)
        font, size = (BOLD, 10) if bold else (REGULAR, 9)
        page.text(left, top, label, font=font, size=size)
        page.text(right - 4, top, value, font=font, size=size, align="right")
        top += 15
    page.line(left, top - 27, right, top - 27)
    return top


# --------------------------------------------------------------------------- modern letterhead
def _letterhead(page: _Page, spec: InvoiceSpec) -> None:
    accent = colors.HexColor("#1f4e79")
    right = PAGE_WIDTH - MARGIN
    page.rect(0, 0, PAGE_WIDTH, 90, fill=accent)
    page.text(MARGIN, 48, spec.vendor_name, size=18, font=BOLD, color=colors.white)
    page.text(MARGIN, 66, " · ".join(spec.vendor_address), size=8.5, color=colors.white)
    page.text(right, 48, "Invoice", size=22, font=BOLD, color=colors.white, align="right")

    def date(value: dt.date) -> str:
        return f"{_EN_MONTHS[value.month - 1]} {value.day}, {value.year}"

    page.text(MARGIN, 125, "BILLED TO", size=8, font=BOLD, color=accent)
    top = 140
    for row in spec.bill_to:
        page.text(MARGIN, top, row)
        top += 12
    page.labelled(330, 440, 125, [
        ("Invoice Number", spec.invoice_number),
        ("Invoice Date", date(spec.invoice_date)),
        ("Due Date", date(spec.due_date)),
        ("Purchase Order No.", spec.po_number),
        ("Currency", spec.currency),
        ("VAT ID", spec.vendor_tax_id),
    ])

    columns: list[Column] = [
        ("Item", 85, "left", lambda i, ln: ln.sku),
        ("Description", 200, "wrap", lambda i, ln: ln.description),
        ("Qty", 50, "right", lambda i, ln: _quantity(ln.quantity)),
        ("Unit Price", 80, "right", lambda i, ln: en_amount(ln.unit_price)),
        ("Amount", 80, "right", lambda i, ln: en_amount(ln.amount)),
    ]
    top = _table(page, 230, columns, spec, header_color=accent, rule_color=accent)

    # Totals box on the right.
    box_left, box_top, box_width = right - 200, top + 20, 200
    page.rect(box_left, box_top, box_width, 66, fill=colors.HexColor("#eef3f8"))
    rows = (
        ("Subtotal", en_amount(spec.subtotal)),
        (f"Tax ({_rate(spec.tax_rate)}% VAT)", en_amount(spec.tax)),
    )
    row_top = box_top + 16
    for label, value in rows:
        page.text(box_left + 10, row_top, label)
        page.text(right - 10, row_top, value, align="right")
        row_top += 14
    page.line(box_left + 10, row_top - 6, right - 10, row_top - 6, color=accent)
    page.text(box_left + 10, row_top + 8, f"Total Due ({spec.currency})", font=BOLD, size=10)
    page.text(right - 10, row_top + 8, en_amount(spec.total), font=BOLD, size=10, align="right")

    top = box_top + 100
    page.text(MARGIN, top, "PAYMENT DETAILS", size=8, font=BOLD, color=accent)
    top = page.labelled(MARGIN, 130, top + 15, [
        ("Bank", spec.bank_name),
        ("IBAN", format_iban(spec.iban)),
        ("SWIFT/BIC", spec.bic),
    ])
    page.text(MARGIN, top + 6, f"Please pay by {date(spec.due_date)} quoting "
              f"{spec.invoice_number}.", size=8.5)
    _note(page, top + 24, spec.note)
    page.line(MARGIN, PAGE_HEIGHT - 62, right, PAGE_HEIGHT - 62, color=accent)
    page.text(MARGIN, PAGE_HEIGHT - 48,
              f"{spec.vendor_name} · VAT ID {spec.vendor_tax_id} · Thank you for your business.",
              size=7.5, color=colors.grey)


# --------------------------------------------------------------------------- German (DIN-like)
def _german(page: _Page, spec: InvoiceSpec) -> None:
    right = PAGE_WIDTH - MARGIN

    def date(value: dt.date) -> str:
        return value.strftime("%d.%m.%Y")

    page.text(right, 60, spec.vendor_name, size=14, font=BOLD, align="right")
    top = 75
    for row in spec.vendor_address:
        page.text(right, top, row, size=8.5, align="right")
        top += 11
    # The sender line above the address window, as on a letter.
    page.text(MARGIN, 130, f"{spec.vendor_name} · " + " · ".join(spec.vendor_address[:2]),
              size=6.5, color=colors.grey)
    page.line(MARGIN, 133, 280, 133, width=0.3, color=colors.grey)
    top = 148
    for row in spec.bill_to:
        page.text(MARGIN, top, row, size=9.5)
        top += 12
    page.labelled(330, 440, 148, [
        ("Rechnungsnummer:", spec.invoice_number),
        ("Rechnungsdatum:", date(spec.invoice_date)),
        ("Fälligkeitsdatum:", date(spec.due_date)),
        ("Bestellnummer:", spec.po_number),
        ("Währung:", spec.currency),
        ("USt-IdNr.:", spec.vendor_tax_id),
    ], size=8.5, leading=12)
    page.text(MARGIN, 250, "Rechnung", size=16, font=BOLD)
    page.text(MARGIN, 266, "Wir berechnen Ihnen für die Lieferung gemäß Ihrer Bestellung:",
              size=9)

    columns: list[Column] = [
        ("Pos.", 30, "left", lambda i, ln: str(i)),
        ("Art.-Nr.", 75, "left", lambda i, ln: ln.sku),
        ("Bezeichnung", 170, "wrap", lambda i, ln: ln.description),
        ("Menge", 45, "right", lambda i, ln: _quantity(ln.quantity, decimal_comma=True)),
        ("Einheit", 40, "left", lambda i, ln: ln.unit_of_measure),
        ("Einzelpreis", 70, "right", lambda i, ln: de_amount(ln.unit_price)),
        ("Gesamt", 65, "right", lambda i, ln: de_amount(ln.amount)),
    ]
    top = _table(page, 280, columns, spec, header_fill=colors.HexColor("#e8e8e8"))
    top += 20
    top = _totals_box(page, 360, right, top, [
        ("Nettobetrag", f"{de_amount(spec.subtotal)} {spec.currency}"),
        (f"MwSt {_rate(spec.tax_rate, True)} %", f"{de_amount(spec.tax)} {spec.currency}"),
        ("Gesamtbetrag", f"{de_amount(spec.total)} {spec.currency}"),
    ])
    page.text(MARGIN, top + 20,
              f"Zahlbar ohne Abzug bis zum {date(spec.due_date)}. "
              f"Bitte geben Sie bei Zahlung die Rechnungsnummer {spec.invoice_number} an.",
              size=8.5)
    _note(page, top + 38, spec.note)

    # Footer in three columns: address, tax, bank.
    foot = PAGE_HEIGHT - 90
    page.line(MARGIN, foot - 12, right, foot - 12, width=0.3, color=colors.grey)
    col = [MARGIN, 215, 370]
    page.text(col[0], foot, spec.vendor_name, size=7.5, font=BOLD)
    for n, row in enumerate(spec.vendor_address):
        page.text(col[0], foot + 10 * (n + 1), row, size=7.5)
    page.text(col[1], foot, "Steuerangaben", size=7.5, font=BOLD)
    page.text(col[1], foot + 10, f"USt-IdNr.: {spec.vendor_tax_id}", size=7.5)
    page.text(col[2], foot, "Bankverbindung", size=7.5, font=BOLD)
    page.text(col[2], foot + 10, spec.bank_name, size=7.5)
    page.text(col[2], foot + 20, f"IBAN: {format_iban(spec.iban)}", size=7.5)
    page.text(col[2], foot + 30, f"BIC: {spec.bic}", size=7.5)


# --------------------------------------------------------------------------- French
def _french(page: _Page, spec: InvoiceSpec) -> None:
    right = PAGE_WIDTH - MARGIN
    accent = colors.HexColor("#7a3e00")

    def date(value: dt.date) -> str:
        return value.strftime("%d/%m/%Y")

    page.text(MARGIN, 65, spec.vendor_name, size=16, font=BOLD, color=accent)
    top = 82
    for row in spec.vendor_address:
        page.text(MARGIN, top, row, size=9)
        top += 12
    page.text(MARGIN, top, f"N° TVA intracommunautaire : {spec.vendor_tax_id}", size=9)

    page.rect(330, 55, right - 330, 28, fill=accent)
    page.text(340, 74, "FACTURE", size=16, font=BOLD, color=colors.white)
    page.labelled(330, 445, 100, [
        ("N° de facture :", spec.invoice_number),
        ("Date de facture :", date(spec.invoice_date)),
        ("Date d'échéance :", date(spec.due_date)),
        ("Bon de commande :", spec.po_number),
        ("Devise :", spec.currency),
    ], size=9)

    page.text(330, 185, "Facturé à :", font=BOLD)
    top = 198
    for row in spec.bill_to:
        page.text(330, top, row)
        top += 12

    columns: list[Column] = [
        ("Réf.", 75, "left", lambda i, ln: ln.sku),
        ("Désignation", 190, "wrap", lambda i, ln: ln.description),
        ("Qté", 40, "right", lambda i, ln: _quantity(ln.quantity, decimal_comma=True)),
        ("Unité", 40, "left", lambda i, ln: ln.unit_of_measure),
        ("P.U. HT", 75, "right", lambda i, ln: fr_amount(ln.unit_price)),
        ("Montant HT", 75, "right", lambda i, ln: fr_amount(ln.amount)),
    ]
    top = _table(page, 270, columns, spec, header_fill=accent, header_color=colors.white,
                 grid=True)
    top += 20
    symbol = "€" if spec.currency == "EUR" else spec.currency
    top = _totals_box(page, 370, right, top, [
        ("Total HT", f"{fr_amount(spec.subtotal)} {symbol}"),
        (f"TVA {_rate(spec.tax_rate, True)} %", f"{fr_amount(spec.tax)} {symbol}"),
        ("Total TTC", f"{fr_amount(spec.total)} {symbol}"),
    ])

    top += 25
    page.text(MARGIN, top, "Règlement par virement bancaire", font=BOLD)
    top = page.labelled(MARGIN, 120, top + 14, [
        ("Banque :", spec.bank_name),
        ("IBAN :", format_iban(spec.iban)),
        ("BIC :", spec.bic),
    ])
    _note(page, top + 4, spec.note)
    page.text(MARGIN, PAGE_HEIGHT - 70,
              f"Conditions de paiement : à régler au plus tard le {date(spec.due_date)}. "
              "Pas d'escompte pour paiement anticipé.", size=7.5)
    page.text(MARGIN, PAGE_HEIGHT - 58,
              "En cas de retard de paiement, indemnité forfaitaire pour frais de recouvrement : "
              "40 €.", size=7.5)
    page.text(MARGIN, PAGE_HEIGHT - 46,
              f"{spec.vendor_name} · TVA {spec.vendor_tax_id}", size=7.5, color=colors.grey)


LAYOUTS: dict[str, Callable[[_Page, InvoiceSpec], None]] = {
    "classic": _classic,
    "letterhead": _letterhead,
    "german": _german,
    "french": _french,
}


def printed_amount(layout: str, value: Decimal) -> str:
    """How `layout` prints an amount: 1,234.56 / 1.234,56 / 1 234,56."""
    return {"german": de_amount, "french": fr_amount}.get(layout, en_amount)(value)
