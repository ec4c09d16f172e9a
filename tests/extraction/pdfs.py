"""Small invoice PDFs built with reportlab for the tests (no fixtures on disk)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

Row = tuple[float, str]  # (x, text) on one baseline


def make_pdf(lines: list[list[Row]], *, encrypt: str | None = None, size: int = 10) -> bytes:
    """One page; each entry of ``lines`` is a row of (x, text) cells, top to bottom."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    y = A4[1] - 60
    for row in lines:
        for x, text in row:
            c.setFont("Helvetica-Bold" if size > 12 else "Helvetica", size)
            c.drawString(x, y, text)
        y -= size * 1.8
    c.showPage()
    c.save()
    return buf.getvalue()


def german_invoice() -> bytes:
    return make_pdf(
        [
            [(50, "Musterbau Schmidt GmbH · Hauptstraße 5 · 10115 Berlin")],
            [],
            [(50, "Kunde Beispiel AG"), (350, "Rechnungsnummer:"), (450, "RE-2024-0815")],
            [(50, "Kundenweg 1"), (350, "Rechnungsdatum:"), (450, "15. März 2024")],
            [(50, "80331 München"), (350, "Fällig am:"), (450, "29.03.2024")],
            [(350, "Bestellnummer:"), (450, "PO-77812")],
            [],
            [(50, "Rechnung")],
            [
                (50, "Pos."),
                (90, "Beschreibung"),
                (300, "Menge"),
                (370, "Einzelpreis"),
                (480, "Gesamt"),
            ],
            [
                (50, "1"),
                (90, "Montagearbeiten Halle 3"),
                (300, "10"),
                (370, "100,00 €"),
                (480, "1.000,00 €"),
            ],
            [(50, "2"), (90, "Kleinmaterial"), (300, "1"), (370, "37,00 €"), (480, "37,00 €")],
            [],
            [(300, "Nettobetrag"), (480, "1.037,00 €")],
            [(300, "zzgl. 19 % MwSt."), (480, "197,03 €")],
            [(300, "Gesamtbetrag"), (480, "1.234,03 €")],
            [],
            [(50, "Bankverbindung: IBAN DE89 3704 0044 0532 0130 00 · USt-IdNr. DE123456789")],
        ]
    )


def french_invoice() -> bytes:
    return make_pdf(
        [
            [(50, "Atelier Dupont SARL - 12 rue des Lilas - 69001 Lyon")],
            [],
            [(50, "Facture n° FA-2024-117 du 5 février 2024")],
            [(50, "Client : Boulangerie Martin"), (330, "Date d'échéance :"), (440, "05/03/2024")],
            [],
            [(50, "Désignation"), (280, "Quantité"), (360, "Prix unitaire"), (470, "Montant HT")],
            [(50, "Réparation four"), (280, "2"), (360, "1 250,00 €"), (470, "2 500,00 €")],
            [],
            [(330, "Total HT"), (470, "2 500,00 €")],
            [(330, "TVA 20 %"), (470, "500,00 €")],
            [(330, "Total TTC"), (470, "3 000,00 €")],
            [],
            [(50, "N° TVA intracommunautaire : FR40303265045")],
        ]
    )


def english_invoice(total: str = "$1,650.00") -> bytes:
    return make_pdf(
        [
            [(50, "Northwind Traders Inc.")],
            [(50, "100 Harbor Blvd, Seattle, WA 98101")],
            [],
            [(50, "Bill To:"), (350, "Invoice Number:"), (450, "INV-10042")],
            [(50, "Contoso Ltd."), (350, "Invoice Date:"), (450, "03/14/2024")],
            [(50, "1 Main St"), (350, "Due Date:"), (450, "April 13, 2024")],
            [(350, "PO Number:"), (450, "4500012345")],
            [],
            [(50, "Description"), (280, "Qty"), (360, "Unit Price"), (470, "Amount")],
            [(50, "Widget A"), (280, "10"), (360, "$100.00"), (470, "$1,000.00")],
            [(50, "Widget B"), (280, "5"), (360, "$50.00"), (470, "$250.00")],
            [(50, "Installation"), (280, "1"), (360, "$250.00"), (470, "$250.00")],
            [],
            [(360, "Subtotal"), (470, "$1,500.00")],
            [(360, "Sales Tax 10%"), (470, "$150.00")],
            [(360, "Total"), (470, total)],
        ]
    )


def make_pdf_at(cells: list[tuple[float, float, str]], *, size: float = 9) -> bytes:
    """One page of (top, x, text) cells: ``top`` in points from the page top, for layouts
    whose rows are not evenly spaced (wrapped values, notes between table rows)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", size)
    for top, x, text in cells:
        c.drawString(x, A4[1] - top - size, text)
    c.showPage()
    c.save()
    return buf.getvalue()
