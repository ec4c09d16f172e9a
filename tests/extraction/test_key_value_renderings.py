"""Text-only reading of generic e-invoice renderings: key/value rows, titled numbers, notes."""

import datetime as dt
from decimal import Decimal

import pytest

from agents.intake.extraction import extract_invoice

from .pdfs import make_pdf_at


def _rendering(title: str, seller_label: str = "Verkäufer") -> bytes:
    return make_pdf_at(
        [
            (40, 57, "Musterausgabe des Rechnungsformulars, Version 2.1 vom 24.03.2020"),
            (70, 65, title),
            (90, 70, "Währung:"),
            (90, 261, "EUR"),
            (108, 70, "Liefer- und Leistungsdatum:"),
            (108, 261, "01.07.2024"),
            (150, 70, seller_label),
            (168, 70, "Nummer:"),
            (168, 261, "7700123"),
            # A two-line name, rendered centred on its key: the first line sits closer to it.
            (186, 261, "Kaltenbach Gebäudetechnik"),
            (198, 70, "Name:"),
            (198, 261, "Service und Wartung GmbH"),
            (228, 70, "Anschrift:"),
            (228, 261, "Am Kanal 4"),
            (246, 261, "DE 04109 Leipzig"),
            (264, 70, "USt.-Id.-Nr.:"),
            (264, 261, "DE811223344"),
            (310, 70, "Käufer/Leistungsempfänger"),
            (328, 70, "Name:"),
            (328, 261, "Stadtwerke Beispielstadt AG"),
            (380, 65, "Positionsdaten"),
            (400, 70, "Pos"),
            (400, 191, "Beschreibung"),
            (400, 340, "Nettopreis"),
            (400, 400, "Menge"),
            (400, 437, "Steuersatz"),
            (400, 494, "Nettobetrag"),
            (420, 70, "1"),
            (420, 191, "Wartung Heizungsanlage"),
            (420, 350, "85,00"),
            (420, 410, "3 h"),
            (420, 459, "19 %"),
            (429, 512, "255,00"),
            (450, 191, "Einsätze am 03.06.2024, 10.06.2024 und 17.06.2024"),
            (459, 191, "laut Wartungsvertrag 2024-17"),
            (490, 70, "2"),
            (490, 191, "Filtersatz"),
            (490, 350, "42,50"),
            (490, 410, "2"),
            (490, 459, "19 %"),
            (499, 516, "85,00"),
            (540, 65, "Umsatzsteueraufschlüsselung"),
            (560, 70, "Art (Kategorie)"),
            (560, 218, "Warenwert"),
            (560, 361, "Basisbetrag"),
            (560, 424, "Steuersatz"),
            (560, 491, "Steuerbetrag"),
            (578, 70, "Umsatzsteuer (S)"),
            (578, 370, "340,00"),
            (578, 465, "19"),
            (578, 516, "64,60"),
            (620, 65, "Belegsummen"),
            (640, 213, "Positionssumme"),
            (640, 512, "340,00"),
            (658, 213, "Rechnungssumme ohne USt."),
            (658, 512, "340,00"),
            (676, 213, "Steuerbetrag"),
            (676, 516, "64,60"),
            (694, 213, "Bruttosumme"),
            (694, 512, "404,60"),
            (712, 213, "Zahlbetrag"),
            (712, 512, "404,60"),
        ]
    )


@pytest.mark.parametrize(
    "title",
    [
        "Handelsrechnung (380) Nr. KG-2024-0815 vom 05.07.2024",
        "Handelsrechnung Nr. KG-2024-0815 vom 05.07.2024",
        "Rechnung des Leistungserbringers (380) Nr. KG-2024-0815 vom 05.07.2024",
    ],
)
def test_it_reads_a_key_value_rendering_without_the_xml(title: str) -> None:
    inv = extract_invoice(_rendering(title), use_embedded_xml=False)
    assert inv.invoice_number == "KG-2024-0815"
    assert inv.invoice_date == dt.date(2024, 7, 5)
    assert inv.vendor_name == "Kaltenbach Gebäudetechnik Service und Wartung GmbH"
    assert inv.currency == "EUR"
    assert (inv.subtotal, inv.tax, inv.total) == (
        Decimal("340.00"),
        Decimal("64.60"),
        Decimal("404.60"),
    )
    assert [(ln.quantity, ln.unit_price, ln.amount) for ln in inv.lines] == [
        (Decimal("3"), Decimal("85.00"), Decimal("255.00")),  # amount wrapped to the next line
        (Decimal("2"), Decimal("42.50"), Decimal("85.00")),  # after a note between the rows
    ]
    assert inv.lines[0].description.startswith("Wartung Heizungsanlage")
    assert inv.lines[1].description == "Filtersatz"


def test_an_english_title_with_a_type_code_gives_the_number() -> None:
    inv = extract_invoice(
        _rendering("Commercial invoice (380) No. KG-2024-0815 of 05.07.2024", "Seller"),
        use_embedded_xml=False,
    )
    assert inv.invoice_number == "KG-2024-0815"
    assert inv.vendor_name == "Kaltenbach Gebäudetechnik Service und Wartung GmbH"


def test_a_french_credit_note_with_share_capital_in_the_letterhead() -> None:
    from .pdfs import make_pdf

    inv = extract_invoice(
        make_pdf(
            [
                [(60, "Fromagerie des Alpes SARL - 3 place du Marché - 74000 Annecy")],
                [(60, "TVA : FR40303265045 - SIRET : 30326504500017 - capital de 50 000,00 €")],
                [(30, "Avoir AV-2024-0031")],
                [(30, "Date de facture"), (150, "02/04/2024")],
                [(30, "Description"), (340, "Quantité"), (430, "P.U. HT"), (510, "Prix HT")],
                [(30, "Tomme de Savoie"), (345, "2"), (430, "12,00 €"), (510, "24,00 €")],
                [(440, "Total HT"), (510, "24,00 €")],
                [(440, "Total taxes"), (510, "1,32 €")],
                [(440, "Total TTC"), (510, "25,32 €")],
            ]
        )
    )
    assert inv.invoice_number == "AV-2024-0031"
    assert inv.invoice_date == dt.date(2024, 4, 2)
    assert (inv.subtotal, inv.tax, inv.total) == (
        Decimal("24.00"),
        Decimal("1.32"),
        Decimal("25.32"),
    )
    assert [(ln.quantity, ln.unit_price, ln.amount) for ln in inv.lines] == [
        (Decimal("2"), Decimal("12.00"), Decimal("24.00"))
    ]


def test_the_sum_row_of_a_totals_table_is_the_total() -> None:
    from .pdfs import make_pdf

    inv = extract_invoice(
        make_pdf(
            [
                [(40, "Getränke Vogt GmbH · Brunnenweg 2 · 34117 Kassel")],
                [(366, "Beleg-Nr"), (457, ": VR-2024-118")],
                [(366, "Beleg-Datum"), (457, ": 12.02.2024")],
                [],
                [(50, "Warenwert"), (338, "Nettobetrag"), (410, "MwSt-Betrag"), (525, "Endbetrag")],
                [(69, "100,00"), (362, "100,00"), (434, "19,00"), (544, "119,00")],
                [(69, "50,00"), (362, "50,00"), (434, "3,50"), (544, "53,50")],
                [(69, "150,00"), (362, "150,00"), (434, "22,50"), (544, "172,50")],
            ]
        )
    )
    assert (inv.subtotal, inv.tax, inv.total) == (
        Decimal("150.00"),
        Decimal("22.50"),
        Decimal("172.50"),
    )


def test_a_letterhead_company_beats_a_person_holding_the_account() -> None:
    from .pdfs import make_pdf

    inv = extract_invoice(
        make_pdf(
            [
                [(400, "Hofmann Design GmbH")],
                [(100, "Hofmann Design GmbH · Ecke 12 · 12345 Stadthausen")],
                [(60, "Theodor Est")],
                [(60, "Rechnung # RE-2024-77 vom 03.07.2024")],
                [(60, "Summe inkl. USt: 119,00 €")],
                [(400, "IBAN DE89 3704 0044 0532 0130 00")],
                [(400, "Kontoinhaber: Petra Hofmann")],
            ]
        )
    )
    assert inv.vendor_name == "Hofmann Design GmbH"
    assert inv.invoice_number == "RE-2024-77"


def test_a_seller_label_still_wins_over_letterhead_guesses() -> None:
    from .pdfs import make_pdf

    inv = extract_invoice(
        make_pdf(
            [
                [(60, "Seller: Lindqvist Consulting")],
                [(60, "Invoice No: LC-88")],
                [(60, "Total: 100.00 EUR")],
                [(60, "Account holder: Lindqvist Consulting")],
            ]
        )
    )
    assert inv.vendor_name == "Lindqvist Consulting"


def test_an_allowance_in_a_tax_breakdown_row_is_not_read_as_tax() -> None:
    from .pdfs import make_pdf

    inv = extract_invoice(
        make_pdf(
            [
                [(44, "Stadtwerke Nordheim GmbH · Ringstraße 1 · 74226 Nordheim")],
                [(44, "Handelsrechnung Nr. SW-55012 vom 06.10.2024")],
                [
                    (61, "Art (Kategorie)"),
                    (154, "Warenwert"),
                    (228, "Zu-/Abschlag"),
                    (304, "Basisbetrag"),
                    (410, "USt. %"),
                    (485, "USt.-Betrag"),
                ],
                [
                    (45, "VAT (S)"),
                    (186, "410,10"),
                    (278, "-6,55"),
                    (356, "403,55"),
                    (457, "19"),
                    (529, "76,67"),
                ],
                [(299, "Rechnungssumme ohne USt."), (522, "403,55")],
                [(299, "Steuerbetrag"), (527, "76,67")],
                [(299, "Bruttosumme"), (522, "480,22")],
            ]
        ),
        use_embedded_xml=False,
    )
    assert (inv.subtotal, inv.tax, inv.total) == (
        Decimal("403.55"),
        Decimal("76.67"),
        Decimal("480.22"),
    )
