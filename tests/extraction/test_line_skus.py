"""Article numbers in line tables: an SKU column fills ``sku`` and stays out of the description."""

from decimal import Decimal

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf


def _lines(pdf: bytes) -> list[tuple[str | None, str | None, Decimal | None, Decimal | None]]:
    inv = extract_invoice(pdf)
    return [(ln.sku, ln.description, ln.quantity, ln.amount) for ln in inv.lines]


def _english(sku_header: str) -> bytes:
    return make_pdf(
        [
            [(50, "Harbor Tools Ltd"), (360, "Invoice No:"), (450, "HT-5531")],
            [(360, "Invoice Date:"), (450, "12 Jan 2025")],
            [],
            [
                (54, sku_header),
                (134, "Description"),
                (352, "Qty"),
                (436, "Unit Price"),
                (509, "Amount"),
            ],
            [
                (54, "HT-DRL-18V"),
                (134, "Cordless drill 18 V"),
                (357, "2"),
                (450, "99.00"),
                (509, "198.00"),
            ],
            [
                (54, "HT-BIT-SET"),
                (134, "Drill bit set, 19 pcs"),
                (357, "4"),
                (450, "12.50"),
                (509, "50.00"),
            ],
            [],
            [(380, "Subtotal"), (509, "248.00")],
            [(380, "VAT 20%"), (509, "49.60")],
            [(380, "Total GBP"), (509, "297.60")],
        ]
    )


@pytest.mark.parametrize("header", ["SKU", "Item", "Item no.", "Product code", "Part no.", "Code"])
def test_it_reads_an_english_sku_column(header: str) -> None:
    assert _lines(_english(header)) == [
        ("HT-DRL-18V", "Cordless drill 18 V", Decimal("2"), Decimal("198.00")),
        ("HT-BIT-SET", "Drill bit set, 19 pcs", Decimal("4"), Decimal("50.00")),
    ]


@pytest.mark.parametrize("header", ["Art.-Nr.", "Artikelnummer", "Artikel-Nr."])
def test_it_reads_a_german_article_number_after_the_position(header: str) -> None:
    pdf = make_pdf(
        [
            [(50, "Werkzeughandel Kranich GmbH · Lindenweg 3 · 50667 Köln")],
            [(330, "Rechnungsnummer:"), (440, "RE-2025-0042")],
            [(330, "Rechnungsdatum:"), (440, "03.02.2025")],
            [],
            [
                (54, "Pos."),
                (84, header),
                (170, "Bezeichnung"),
                (339, "Menge"),
                (431, "Einzelpreis"),
                (510, "Gesamt"),
            ],
            [
                (54, "1"),
                (84, "WK-SCH-12"),
                (170, "Schraubendreher-Set 12-tlg."),
                (345, "3"),
                (440, "24,90"),
                (510, "74,70"),
            ],
            [
                (54, "2"),
                (84, "WK-ZAN-200"),
                (170, "Kombizange 200 mm"),
                (345, "5"),
                (440, "9,80"),
                (510, "49,00"),
            ],
            [],
            [(360, "Nettobetrag"), (510, "123,70 EUR")],
            [(360, "MwSt 19 %"), (510, "23,50 EUR")],
            [(360, "Gesamtbetrag"), (510, "147,20 EUR")],
        ]
    )
    assert _lines(pdf) == [
        ("WK-SCH-12", "Schraubendreher-Set 12-tlg.", Decimal("3"), Decimal("74.70")),
        ("WK-ZAN-200", "Kombizange 200 mm", Decimal("5"), Decimal("49.00")),
    ]


@pytest.mark.parametrize("header", ["Réf.", "Référence", "Code article"])
def test_it_reads_a_french_reference_column(header: str) -> None:
    pdf = make_pdf(
        [
            [(50, "Papeterie du Rhône SARL - 3 quai Arloing - 69009 Lyon")],
            [(330, "N° de facture :"), (445, "FR-2025-077")],
            [(330, "Date de facture :"), (445, "14/03/2025")],
            [],
            [
                (54, header),
                (129, "Désignation"),
                (337, "Qté"),
                (436, "P.U. HT"),
                (494, "Montant HT"),
            ],
            [
                (54, "PR-CAH-A5"),
                (129, "Cahier A5 96 pages"),
                (342, "40"),
                (445, "1,90"),
                (500, "76,00"),
            ],
            [
                (54, "PR-FEU-12"),
                (129, "Feutres couleur, étui de 12"),
                (342, "10"),
                (445, "4,50"),
                (500, "45,00"),
            ],
            [],
            [(370, "Total HT"), (500, "121,00 €")],
            [(370, "TVA 20 %"), (500, "24,20 €")],
            [(370, "Total TTC"), (500, "145,20 €")],
        ]
    )
    assert _lines(pdf) == [
        ("PR-CAH-A5", "Cahier A5 96 pages", Decimal("40"), Decimal("76.00")),
        ("PR-FEU-12", "Feutres couleur, étui de 12", Decimal("10"), Decimal("45.00")),
    ]


def test_it_keeps_a_leading_code_in_the_description_without_an_sku_column() -> None:
    pdf = make_pdf(
        [
            [(50, "Harbor Tools Ltd"), (360, "Invoice No:"), (450, "HT-5532")],
            [],
            [(54, "Description"), (352, "Qty"), (436, "Unit Price"), (509, "Amount")],
            [(54, "HT-DRL-18V Cordless drill 18 V"), (357, "2"), (450, "99.00"), (509, "198.00")],
            [(54, "X200-PRO"), (357, "1"), (450, "45.00"), (509, "45.00")],
            [],
            [(380, "Total"), (509, "243.00")],
        ]
    )
    assert _lines(pdf) == [
        (None, "HT-DRL-18V Cordless drill 18 V", Decimal("2"), Decimal("198.00")),
        (None, "X200-PRO", Decimal("1"), Decimal("45.00")),
    ]


def test_an_item_column_alone_is_the_description() -> None:
    pdf = make_pdf(
        [
            [(50, "Harbor Tools Ltd"), (360, "Invoice No:"), (450, "HT-5533")],
            [],
            [(54, "Item"), (352, "Qty"), (436, "Rate"), (509, "Amount")],
            [(54, "Workshop safety training"), (357, "1"), (450, "300.00"), (509, "300.00")],
            [],
            [(380, "Total"), (509, "300.00")],
        ]
    )
    assert _lines(pdf) == [(None, "Workshop safety training", Decimal("1"), Decimal("300.00"))]


def test_a_tariff_code_column_is_neither_sku_nor_description() -> None:
    pdf = make_pdf(
        [
            [(50, "Harbor Tools Ltd"), (360, "Invoice No:"), (450, "HT-5534")],
            [],
            [(54, "Description"), (250, "HSN Code"), (352, "Qty"), (436, "Price"), (509, "Amount")],
            [(54, "Steel hammer 500 g"), (250, "8205"), (357, "2"), (450, "15.00"), (509, "30.00")],
            [],
            [(380, "Total"), (509, "30.00")],
        ]
    )
    assert _lines(pdf) == [(None, "Steel hammer 500 g", Decimal("2"), Decimal("30.00"))]


def _two_line_header_table(sidebar: bool) -> bytes:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rows: list[list[tuple[float, str]]] = [
        [(40, "Feinkost Brandt GmbH · Marktplatz 1 · 37073 Göttingen")],
        [(366, "Rechnungsnummer"), (457, ": R-2024-5566")],
        [(366, "Rechnungsdatum"), (457, ": 08.05.2024")],
        [],
        [
            (40, "GTIN"),
            (112, "Art-Nr-Lieferant"),
            (242, "Menge"),
            (290, "VKE/Geb"),
            (347, "Nettopreis"),
            (491, "MwSt-%"),
            (530, "Nettowert"),
        ],
        [(40, "Art-Nr-Kunde"), (112, "Artikelbezeichnung")],
        [(40, "4012345000017"), (112, "FB-100"), (237, "12 Stk."), (314, "6"), (362, "2,50")]
        + [(496, "7,0"), (539, "30,00")],
        [(112, "Feigenbrot 200g")],
        [
            (112, "Artikelrabatt 1:"),
            (199, "2,00%"),
            (237, "Basis: 30,00 €"),
            (319, "Rabatt: 0,05 €"),
        ],
        [(40, "4012345000024"), (112, "HK-250"), (237, "4 Stk."), (314, "1"), (362, "7,90")]
        + [(496, "7,0"), (539, "31,60")],
        [(112, "Honigkuchen 250g")],
        [],
        [(338, "Nettobetrag"), (525, "Endbetrag")],
        [(362, "61,60"), (544, "65,91")],
    ]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 8)
    y = A4[1] - 60
    for row in rows:
        for x, text in row:
            c.drawString(x, y, text)
        y -= 16
    if sidebar:
        c.saveState()
        c.translate(20, 300)
        c.rotate(90)
        c.drawString(0, 0, "ZUGFeRD Beispielrechnung, erstellt mit Software 1.0")
        c.restoreState()
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("sidebar", [False, True])
def test_it_reads_a_table_with_a_two_line_header_and_detail_rows(sidebar: bool) -> None:
    inv = extract_invoice(_two_line_header_table(sidebar))
    assert [(ln.sku, ln.quantity, ln.unit_price, ln.amount) for ln in inv.lines] == [
        ("FB-100", Decimal("12"), Decimal("2.50"), Decimal("30.00")),
        ("HK-250", Decimal("4"), Decimal("7.90"), Decimal("31.60")),
    ]
    assert inv.lines[0].description.startswith("Feigenbrot 200g")
    assert inv.lines[1].description == "Honigkuchen 250g"


def test_section_subtotals_do_not_end_the_table_but_tax_rows_are_not_items() -> None:
    pdf = make_pdf(
        [
            [(50, "Harbor Tools Ltd"), (360, "Invoice No:"), (450, "HT-5540")],
            [],
            [(50, "Description"), (300, "Quantity"), (380, "Unit Price"), (500, "Amount")],
            [(50, "--- Hand tools ---")],
            [(50, "Claw hammer"), (310, "2.00"), (390, "15.00"), (500, "30.00")],
            [(450, "Subtotal 30.00")],
            [(50, "--- Power tools ---")],
            [(50, "Angle grinder"), (310, "1.00"), (390, "80.00"), (500, "80.00")],
            [(450, "Subtotal 80.00")],
            [(320, "Subtotal"), (500, "110.00")],
            [(320, "VAT 20% on 110.00"), (500, "22.00")],
            [(320, "Total"), (500, "132.00")],
        ]
    )
    inv = extract_invoice(pdf)
    assert [(ln.description, ln.quantity, ln.amount) for ln in inv.lines] == [
        ("Claw hammer", Decimal("2.00"), Decimal("30.00")),
        ("Angle grinder", Decimal("1.00"), Decimal("80.00")),
    ]
    assert (inv.subtotal, inv.tax, inv.total) == (
        Decimal("110.00"),
        Decimal("22.00"),
        Decimal("132.00"),
    )


def test_it_reads_a_header_stacked_over_two_lines() -> None:
    from .pdfs import make_pdf_at

    pdf = make_pdf_at(
        [
            (40, 53, "Bürohaus Kern GmbH · Lindenallee 3 · 80331 München"),
            (60, 364, "Rechnungsnummer"),
            (60, 520, "471188"),
            (120, 60, "Unsere"),
            (120, 306, "Menge"),
            (120, 424, "Preis/"),
            (130, 46, "Pos Art.Nr."),
            (130, 187, "Artikelbeschreibung"),
            (130, 421, "Einheit"),
            (130, 522, "Betrag"),
            (150, 52, "1 KB-2040"),
            (150, 187, "Klemmbrett A4"),
            (150, 306, "12"),
            (150, 423, "3,40"),
            (150, 512, "40,80"),
            (170, 60, "Rechnungssumme Netto (excl. USt.)"),
            (170, 512, "40,80"),
        ]
    )
    assert _lines(pdf) == [("KB-2040", "Klemmbrett A4", Decimal("12"), Decimal("40.80"))]
    assert extract_invoice(pdf).lines[0].unit_price == Decimal("3.40")
