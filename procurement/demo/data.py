"""The demo world, declared: staff, vendors, purchase orders, goods receipts and the invoices
the vendors send us. All dates are fixed so every run of `seed_demo` produces the same world.

The buyer is Halvorsen Manufacturing GmbH (Berlin). Each vendor always uses one layout, as real
vendors do; the documents are listed in the order a pipeline should ingest them (the re-sent
copy comes after its original).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

from procurement.demo.specs import (
    ContactSpec,
    InvoiceLineSpec,
    InvoiceSpec,
    OrderLineSpec,
    OrderSpec,
    ReceiptSpec,
    StaffSpec,
    VendorSpec,
    iban,
)

APPROVED = "approved"
EXCEPTION = "exception"


def _french_iban(bank: str, branch: str, account: str) -> str:
    """A French IBAN whose RIB key (the domestic check digits) is right as well."""
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    return iban("FR", f"{bank}{branch}{account}{key:02d}")


STAFF: tuple[StaffSpec, ...] = (
    StaffSpec("Maria Schneider", "maria.schneider@halvorsen.example",
              "Category Manager, Office & Facilities", "Procurement"),
    StaffSpec("James Whitfield", "james.whitfield@halvorsen.example",
              "Senior Buyer, Production Supplies", "Procurement"),
    StaffSpec("Priya Natarajan", "priya.natarajan@halvorsen.example",
              "IT Procurement Lead", "IT"),
    StaffSpec("Tom Becker", "tom.becker@halvorsen.example", "Warehouse Lead", "Logistics"),
)

VENDORS: tuple[VendorSpec, ...] = (
    VendorSpec(
        key="acme",
        legal_name="Acme Industrial Supplies Ltd",
        address=("Unit 4, Riverside Trading Estate", "Sheffield S9 1XH", "United Kingdom"),
        tax_id="GB314159265",
        iban=iban("GB", "NWBK60161331926820"),
        bic="NWBKGB2L",
        bank_name="NatWest",
        currency="GBP",
        tax_rate=D("20"),
        layout="classic",
        aliases=("ACME Industrial", "Acme Supplies"),
        email_domains=("acme-industrial.example",),
        account_manager="james.whitfield@halvorsen.example",
        contacts=(
            ContactSpec("Helen Cartwright", "accounts@acme-industrial.example", "billing", True),
            ContactSpec("Gareth Price", "gareth.price@acme-industrial.example", "sales"),
        ),
    ),
    VendorSpec(
        key="nordwind",
        legal_name="Nordwind Bürobedarf GmbH",
        address=("Hafenstraße 21", "20457 Hamburg", "Deutschland"),
        tax_id="DE812345678",
        iban=iban("DE", "200505501234567890"),
        bic="HASPDEHHXXX",
        bank_name="Hamburger Sparkasse",
        currency="EUR",
        tax_rate=D("19"),
        layout="german",
        aliases=("Nordwind Buerobedarf GmbH", "Nordwind Office"),
        email_domains=("nordwind-buero.example",),
        payment_terms_days=14,
        account_manager="maria.schneider@halvorsen.example",
        contacts=(
            ContactSpec("Jana Petersen", "buchhaltung@nordwind-buero.example", "billing", True),
            ContactSpec("Lars Hansen", "l.hansen@nordwind-buero.example", "sales"),
        ),
    ),
    VendorSpec(
        key="brightline",
        legal_name="Brightline Cloud Services Ltd",
        address=("3 Grand Canal Quay", "Dublin 2, D02 X576", "Ireland"),
        tax_id="IE6388047V",
        iban=iban("IE", "AIBK93115212345678"),
        bic="AIBKIE2D",
        bank_name="AIB Bank",
        currency="USD",
        tax_rate=D("23"),
        layout="letterhead",
        aliases=("Brightline", "Brightline Cloud"),
        email_domains=("brightline.example", "billing.brightline.example"),
        account_manager="priya.natarajan@halvorsen.example",
        contacts=(
            ContactSpec("Aoife Byrne", "ar@billing.brightline.example", "billing", True),
            ContactSpec("Conor Walsh", "conor.walsh@brightline.example", "account executive"),
        ),
    ),
    VendorSpec(
        key="lumiere",
        legal_name="Papeterie Lumière SARL",
        address=("14 rue des Tanneurs", "69002 Lyon", "France"),
        tax_id="FR61552081317",
        iban=_french_iban("30004", "00823", "00012345678"),
        bic="BNPAFRPP",
        bank_name="BNP Paribas",
        currency="EUR",
        tax_rate=D("20"),
        layout="french",
        aliases=("Papeterie Lumiere", "Lumière Papeterie"),
        email_domains=("papeterie-lumiere.example",),
        payment_terms_days=45,
        account_manager="maria.schneider@halvorsen.example",
        contacts=(
            ContactSpec("Camille Moreau", "compta@papeterie-lumiere.example", "billing", True),
        ),
    ),
    VendorSpec(
        key="tessel",
        legal_name="Tessel Lab Equipment B.V.",
        address=("Science Park 402", "1098 XH Amsterdam", "Netherlands"),
        tax_id="NL854502130B01",
        iban=iban("NL", "ABNA0417164300"),
        bic="ABNANL2A",
        bank_name="ABN AMRO",
        currency="EUR",
        tax_rate=D("21"),
        layout="classic",
        aliases=("Tessel Lab", "Tessel Laboratory Equipment"),
        email_domains=("tessel-lab.example",),
        account_manager="james.whitfield@halvorsen.example",
        contacts=(
            ContactSpec("Sanne de Vries", "invoices@tessel-lab.example", "billing", True),
            ContactSpec("Pieter Bakker", "p.bakker@tessel-lab.example", "sales"),
        ),
    ),
    VendorSpec(
        key="kestrel",
        legal_name="Kestrel Facility Services Ltd",
        address=("88 Wharf Road", "London N1 7GR", "United Kingdom"),
        tax_id="GB287654321",
        iban=iban("GB", "BARC20000055779911"),
        bic="BARCGB22",
        bank_name="Barclays",
        currency="GBP",
        tax_rate=D("20"),
        layout="letterhead",
        aliases=("Kestrel Facilities",),
        email_domains=("kestrel-fs.example",),
        account_manager="maria.schneider@halvorsen.example",
        contacts=(
            ContactSpec("Dev Patel", "billing@kestrel-fs.example", "billing", True),
        ),
    ),
    # Two records in the vendor file under one VAT number (a branch entered as a vendor of its
    # own): an invoice printing that number could be from either, and a clerk must pick.
    VendorSpec(
        key="halden",
        legal_name="Halden Electrical Wholesale Ltd",
        address=("Unit 9, Aire Valley Park", "Leeds LS10 1AB", "United Kingdom"),
        tax_id="GB419520013",
        iban=iban("GB", "LOYD30963212345678"),
        bic="LOYDGB21",
        bank_name="Lloyds Bank",
        currency="GBP",
        tax_rate=D("20"),
        layout="classic",
        aliases=("Halden Electrical",),
        email_domains=("halden-electrical.example",),
        account_manager="james.whitfield@halvorsen.example",
        contacts=(
            ContactSpec("Ruth Ainsley", "accounts@halden-electrical.example", "billing", True),
        ),
    ),
    VendorSpec(
        key="halden_glasgow",
        legal_name="Halden Electrical Wholesale Ltd (Glasgow branch)",
        address=("41 Kelvin Way", "Glasgow G3 7TA", "United Kingdom"),
        tax_id="GB419520013",
        iban=iban("GB", "BUKB20201555512345"),
        bic="BUKBGB22",
        bank_name="Barclays",
        currency="GBP",
        tax_rate=D("20"),
        layout="classic",
        email_domains=("glasgow.halden-electrical.example",),
        account_manager="james.whitfield@halvorsen.example",
        contacts=(
            ContactSpec("Iain Murray", "glasgow@halden-electrical.example", "billing", True),
        ),
    ),
    # On file, but marked inactive after last year's supplier review: no new business, and an
    # invoice from it is a person's decision.
    VendorSpec(
        key="marlow",
        legal_name="Marlow Packaging Ltd",
        address=("2 Mill Lane", "Reading RG1 6PT", "United Kingdom"),
        tax_id="GB419520026",
        iban=iban("GB", "HBUK40127687654321"),
        bic="HBUKGB4B",
        bank_name="HSBC UK",
        currency="GBP",
        tax_rate=D("20"),
        layout="letterhead",
        aliases=("Marlow Packaging",),
        email_domains=("marlow-packaging.example",),
        account_manager="james.whitfield@halvorsen.example",
        contacts=(
            ContactSpec("Sophie Lane", "invoices@marlow-packaging.example", "billing", True),
        ),
        is_active=False,
    ),
    # Writes to us, but is not in the vendor master: its invoices must not be paid blindly.
    VendorSpec(
        key="orion",
        legal_name="Orion Print & Promo GmbH",
        address=("Kaiserstraße 7", "60311 Frankfurt am Main", "Deutschland"),
        tax_id="DE298765432",
        iban=iban("DE", "500105175432109876"),
        bic="INGDDEFFXXX",
        bank_name="ING",
        currency="EUR",
        tax_rate=D("19"),
        layout="german",
        on_file=False,
    ),
)
VENDORS_BY_KEY = {vendor.key: vendor for vendor in VENDORS}

# The account Brightline's second invoice asks us to pay into: the classic fraud pattern.
BRIGHTLINE_NEW_IBAN = iban("IE", "BOFI90001787654321")


def _po(number, vendor, issued_on, buyer, *lines, notes="", status="open"):
    lines = tuple(OrderLineSpec(*line) for line in lines)
    return OrderSpec(number, vendor, issued_on, buyer, lines, notes, status)


_MARIA = "maria.schneider@halvorsen.example"
_JAMES = "james.whitfield@halvorsen.example"
_PRIYA = "priya.natarajan@halvorsen.example"

ORDERS: tuple[OrderSpec, ...] = (
    _po("PO-2026-0012", "acme", dt.date(2026, 2, 2), _JAMES,
        ("ACM-GLV-220", "Nitrile safety gloves, box of 100", D("40"), D("8.90"), "BOX"),
        ("ACM-HLM-010", "Safety helmet EN 397, white", D("25"), D("14.50"), "EA"),
        ("ACM-GOG-115", "Anti-fog safety goggles", D("30"), D("6.75"), "EA")),
    _po("PO-2026-0013", "acme", dt.date(2026, 2, 9), _JAMES,
        ("ACM-BRG-6204", "Deep groove ball bearing 6204-2RS", D("200"), D("2.35"), "EA"),
        ("ACM-BLT-M10", "Hex bolt M10x50 zinc plated, box of 50", D("60"), D("11.20"), "BOX")),
    _po("PO-2026-0014", "nordwind", dt.date(2026, 2, 3), _MARIA,
        ("NW-PAP-A4-80", "Kopierpapier A4 80 g/m², 500 Blatt", D("120"), D("4.15"), "PAK"),
        ("NW-TON-59X", "Toner HP 59X schwarz", D("6"), D("189.00"), "STK"),
        ("NW-ORD-80", "Ordner A4 80 mm, blau", D("50"), D("2.79"), "STK")),
    _po("PO-2026-0015", "nordwind", dt.date(2026, 2, 10), _MARIA,
        ("NW-STL-ERG", "Bürodrehstuhl ergonomisch, schwarz", D("40"), D("229.00"), "STK"),
        ("NW-LMP-LED", "LED-Schreibtischleuchte", D("40"), D("34.90"), "STK"),
        notes="Chairs for the second floor refit; the supplier ships in two deliveries."),
    _po("PO-2026-0016", "brightline", dt.date(2026, 1, 15), _PRIYA,
        ("BL-SAAS-TEAM", "Analytics Team plan, annual, per seat", D("25"), D("420.00"), "SEAT"),
        ("BL-SUP-PREM", "Premium support, 12 months", D("1"), D("2400.00"), "EA")),
    _po("PO-2026-0017", "brightline", dt.date(2026, 2, 5), _PRIYA,
        ("BL-ONB-PRO", "Onboarding and data migration, fixed fee", D("1"), D("6500.00"), "EA"),
        ("BL-TRN-DAY", "Administrator training, remote", D("2"), D("1150.00"), "DAY")),
    _po("PO-2026-0018", "lumiere", dt.date(2026, 2, 11), _MARIA,
        ("PL-ENV-C4", "Enveloppes C4 blanches, boîte de 250", D("20"), D("18.40"), "BTE"),
        ("PL-CAR-A4", "Carnet de notes A4 ligné", D("150"), D("3.20"), "EA"),
        ("PL-STY-BL", "Stylos bille bleus, boîte de 50", D("10"), D("12.50"), "BTE")),
    _po("PO-2026-0019", "lumiere", dt.date(2026, 2, 18), _MARIA,
        ("PL-PAP-A3", "Papier dessin A3 120 g, ramette de 250", D("30"), D("21.90"), "RAM"),
        ("PL-MRQ-4", "Marqueurs effaçables, lot de 4", D("45"), D("7.85"), "LOT")),
    _po("PO-2026-0020", "tessel", dt.date(2026, 2, 4), _JAMES,
        ("TL-PIP-1000", "Single-channel pipette 100-1000 µl", D("6"), D("289.00"), "EA"),
        ("TL-TIP-1000", "Pipette tips 1000 µl, rack of 96", D("50"), D("9.60"), "RCK"),
        ("TL-GLV-NIT-M", "Nitrile gloves size M, box of 100", D("30"), D("7.40"), "BOX")),
    _po("PO-2026-0021", "kestrel", dt.date(2026, 2, 1), _MARIA,
        ("KF-CLN-FEB", "Office cleaning, February 2026", D("1"), D("3850.00"), "MON"),
        ("KF-WIN-Q1", "Window cleaning, Q1 visit", D("1"), D("640.00"), "EA"),
        ("KF-HYG-UNIT", "Washroom hygiene units, monthly service", D("14"), D("18.50"), "EA")),
    _po("PO-2026-0022", "tessel", dt.date(2026, 2, 20), _JAMES,
        ("TL-CEN-MINI", "Mini centrifuge, 6000 rpm", D("2"), D("645.00"), "EA")),
    _po("PO-2026-0023", "kestrel", dt.date(2026, 3, 1), _MARIA,
        ("KF-CLN-MAR", "Office cleaning, March 2026", D("1"), D("3850.00"), "MON")),
    _po("PO-2026-0024", "acme", dt.date(2026, 2, 24), _JAMES,
        ("ACM-BLT-M8", "Hex bolt M8x40 zinc plated, box of 100", D("50"), D("9.80"), "BOX"),
        notes="Billed in parts as the boxes are used."),
    _po("PO-2026-0011", "nordwind", dt.date(2026, 1, 12), _MARIA,
        ("NW-WTB-12090", "Whiteboard 120 x 90 cm, magnetisch", D("8"), D("96.50"), "STK"),
        ("NW-MRK-4", "Whiteboard-Marker, 4er-Set", D("24"), D("5.90"), "SET"),
        notes="Closed at the end of January when the meeting rooms were done.",
        status="closed"),
    _po("PO-2026-0025", "halden", dt.date(2026, 2, 16), _JAMES,
        ("HEW-CBL-25", "Cable 3 x 2.5 mm2, 100 m drum", D("6"), D("74.00"), "DRM"),
        ("HEW-SKT-2G", "Double socket outlet, white", D("40"), D("3.85"), "EA")),
    _po("PO-2026-0026", "marlow", dt.date(2026, 1, 20), _JAMES,
        ("MP-BOX-600", "Shipping carton 600 x 400 x 400 mm", D("300"), D("1.45"), "EA"),
        ("MP-TPE-50", "Packing tape 50 mm x 66 m, brown", D("72"), D("1.10"), "ROL")),
    _po("PO-2026-0027", "brightline", dt.date(2026, 2, 25), _PRIYA,
        ("BL-DWH-ADD", "Data warehouse add-on, annual", D("1"), D("3600.00"), "EA")),
)
ORDERS_BY_NUMBER = {order.number: order for order in ORDERS}

_TOM = "Tom Becker"


def _full(number, order, received_on, received_by=_TOM):
    quantities = tuple(line.quantity for line in ORDERS_BY_NUMBER[order].lines)
    return ReceiptSpec(number, order, received_on, received_by, quantities)


RECEIPTS: tuple[ReceiptSpec, ...] = (
    _full("GR-2026-0101", "PO-2026-0012", dt.date(2026, 2, 16)),
    _full("GR-2026-0102", "PO-2026-0013", dt.date(2026, 2, 23)),
    _full("GR-2026-0103", "PO-2026-0014", dt.date(2026, 2, 12)),
    # Partial delivery: 25 of the 40 chairs arrived; the lamps came complete.
    ReceiptSpec("GR-2026-0104", "PO-2026-0015", dt.date(2026, 2, 26), _TOM, (D("25"), D("40"))),
    _full("GR-2026-0105", "PO-2026-0016", dt.date(2026, 2, 1), "Priya Natarajan"),
    _full("GR-2026-0106", "PO-2026-0017", dt.date(2026, 3, 2), "Priya Natarajan"),
    _full("GR-2026-0107", "PO-2026-0018", dt.date(2026, 2, 20)),
    _full("GR-2026-0108", "PO-2026-0019", dt.date(2026, 3, 4)),
    _full("GR-2026-0109", "PO-2026-0020", dt.date(2026, 2, 18)),
    _full("GR-2026-0110", "PO-2026-0021", dt.date(2026, 2, 28), "Maria Schneider"),
    _full("GR-2026-0111", "PO-2026-0022", dt.date(2026, 3, 2)),
    _full("GR-2026-0112", "PO-2026-0023", dt.date(2026, 3, 31), "Maria Schneider"),
    _full("GR-2026-0113", "PO-2026-0024", dt.date(2026, 3, 2)),
    _full("GR-2026-0098", "PO-2026-0011", dt.date(2026, 1, 26)),
    _full("GR-2026-0114", "PO-2026-0025", dt.date(2026, 3, 3)),
    _full("GR-2026-0099", "PO-2026-0026", dt.date(2026, 1, 29)),
    _full("GR-2026-0115", "PO-2026-0027", dt.date(2026, 3, 1), "Priya Natarajan"),
)


@dataclass(frozen=True)
class DemoDocument:
    """One sample invoice PDF and what the pipeline should make of it."""

    file: str
    vendor: str  # VendorSpec.key
    spec: InvoiceSpec
    expected: str  # APPROVED or EXCEPTION
    discrepancies: tuple[str, ...]  # procurement.models.Finding.Kind values
    note: str


def invoice_from_order(
    order: OrderSpec, *, invoice_number: str, invoice_date: dt.date, **changes
) -> InvoiceSpec:
    """An invoice billing the whole order at PO prices, in its vendor's layout."""
    vendor = VENDORS_BY_KEY[order.vendor]
    spec = _invoice(
        vendor,
        invoice_number=invoice_number,
        invoice_date=invoice_date,
        po_number=order.number,
        lines=tuple(
            InvoiceLineSpec(line.sku, line.description, line.quantity, line.unit_price,
                            line.unit_of_measure)
            for line in order.lines
        ),
    )
    return dataclasses.replace(spec, **changes)


def _invoice(vendor: VendorSpec, *, invoice_number, invoice_date, po_number, lines) -> InvoiceSpec:
    return InvoiceSpec(
        layout=vendor.layout,
        vendor_name=vendor.legal_name,
        vendor_address=vendor.address,
        vendor_tax_id=vendor.tax_id,
        invoice_number=invoice_number,
        invoice_date=invoice_date,
        due_date=invoice_date + dt.timedelta(days=vendor.payment_terms_days),
        currency=vendor.currency,
        po_number=po_number,
        lines=lines,
        tax_rate=vendor.tax_rate,
        iban=vendor.iban,
        bic=vendor.bic,
        bank_name=vendor.bank_name,
    )


def _reprice(spec: InvoiceSpec, sku: str, unit_price: D) -> InvoiceSpec:
    lines = tuple(
        dataclasses.replace(line, unit_price=unit_price) if line.sku == sku else line
        for line in spec.lines
    )
    return dataclasses.replace(spec, lines=lines)


def _part(order: OrderSpec, invoice_number: str, invoice_date: dt.date, quantity: D):
    """An invoice billing `quantity` of an order's single line."""
    [line] = order.lines
    return invoice_from_order(order, invoice_number=invoice_number, invoice_date=invoice_date,
                              lines=(InvoiceLineSpec(line.sku, line.description, quantity,
                                                     line.unit_price, line.unit_of_measure),))


def _build_documents() -> tuple[DemoDocument, ...]:
    o = ORDERS_BY_NUMBER
    nordwind_original = invoice_from_order(
        o["PO-2026-0014"], invoice_number="RE-2026-0311", invoice_date=dt.date(2026, 2, 14)
    )
    tax_error = invoice_from_order(
        o["PO-2026-0019"], invoice_number="FA-2026-0171", invoice_date=dt.date(2026, 3, 5)
    )
    # Two digits transposed when the total was typed: 1 212,30 printed as 1 221,30.
    tax_error = dataclasses.replace(tax_error, printed_total=tax_error.total + D("9.00"))
    orion = VENDORS_BY_KEY["orion"]
    rows = [
        ("acme", invoice_from_order(o["PO-2026-0012"], invoice_number="ACM-INV-10441",
                                    invoice_date=dt.date(2026, 2, 20)),
         APPROVED, (), "Matches PO-2026-0012 and its full receipt."),
        ("nordwind", nordwind_original, APPROVED, (),
         "Matches PO-2026-0014 and its full receipt (German layout)."),
        ("brightline", invoice_from_order(o["PO-2026-0016"], invoice_number="BCS-2026-00087",
                                          invoice_date=dt.date(2026, 2, 2)),
         APPROVED, (), "Matches PO-2026-0016 (USD, services accepted)."),
        ("lumiere", invoice_from_order(o["PO-2026-0018"], invoice_number="FA-2026-0158",
                                       invoice_date=dt.date(2026, 2, 23)),
         APPROVED, (), "Matches PO-2026-0018 and its full receipt (French layout)."),
        ("tessel", invoice_from_order(o["PO-2026-0020"], invoice_number="TLE-26-0419",
                                      invoice_date=dt.date(2026, 2, 19)),
         APPROVED, (), "Matches PO-2026-0020 and its full receipt."),
        ("kestrel", invoice_from_order(o["PO-2026-0021"], invoice_number="KFS-INV-2026-0213",
                                       invoice_date=dt.date(2026, 3, 2)),
         APPROVED, (), "Matches PO-2026-0021 (monthly services)."),
        ("acme", _reprice(invoice_from_order(o["PO-2026-0013"], invoice_number="ACM-INV-10502",
                                             invoice_date=dt.date(2026, 2, 27)),
                          "ACM-BRG-6204", D("2.49")),
         EXCEPTION, ("price_variance",), "Bearings billed at 2.49 against 2.35 on the PO (+6.0%)."),
        ("nordwind", invoice_from_order(o["PO-2026-0015"], invoice_number="RE-2026-0342",
                                        invoice_date=dt.date(2026, 2, 27)),
         EXCEPTION, ("billed_not_received",), "Bills all 40 chairs; only 25 have been received."),
        ("brightline", invoice_from_order(
            o["PO-2026-0017"], invoice_number="BCS-2026-00112", invoice_date=dt.date(2026, 3, 3),
            iban=BRIGHTLINE_NEW_IBAN, bic="BOFIIE2D", bank_name="Bank of Ireland",
            note="Please note: our bank details have changed. Kindly update your records and "
                 "remit all payments to the account above."),
         EXCEPTION, ("bank_account_changed",),
         "Asks for payment into an IBAN that is not the one on file."),
        ("lumiere", tax_error, EXCEPTION, ("arithmetic_error",),
         "Total TTC printed 9,00 higher than Total HT + TVA."),
        ("tessel", invoice_from_order(
            o["PO-2026-0020"], invoice_number="TLE-26-0447", invoice_date=dt.date(2026, 3, 6),
            po_number="PO-2026-0099",
            lines=(
                InvoiceLineSpec("TL-CEN-MINI", "Mini centrifuge, 6000 rpm", D("1"), D("645.00")),
                InvoiceLineSpec("TL-TUB-15", "Centrifuge tubes 15 ml, pack of 500", D("4"),
                                D("38.50"), "PAK"),
            )),
         EXCEPTION, ("unknown_po",), "Quotes PO-2026-0099, which does not exist."),
        ("orion", _invoice(
            orion, invoice_number="2026-1187", invoice_date=dt.date(2026, 3, 9),
            po_number="PO-2026-0031",
            lines=(
                InvoiceLineSpec("OP-RU-85", "Roll-up Banner 85 x 200 cm", D("3"), D("89.00")),
                InvoiceLineSpec("OP-FLY-A5", "Flyer A5, 4/4-farbig, 135 g", D("5000"), D("0.06"),
                                "STK"),
            )),
         EXCEPTION, ("unknown_vendor", "unknown_po"),
         "A vendor we have never bought from, quoting a PO that does not exist."),
        ("nordwind", dataclasses.replace(nordwind_original, stamp="KOPIE / COPY"),
         EXCEPTION, ("duplicate_invoice",),
         "RE-2026-0311 sent again with a copy stamp: same vendor and number, other bytes."),
        ("acme", invoice_from_order(o["PO-2026-0012"], invoice_number="ACM-INV-10458",
                                    invoice_date=dt.date(2026, 2, 23)),
         EXCEPTION, ("suspected_duplicate",),
         "ACM-INV-10441 sent again under a new number: same lines and total, three days on."),
        ("tessel", invoice_from_order(o["PO-2026-0022"], invoice_number="TLE-26-0481",
                                      invoice_date=dt.date(2026, 3, 9), tax_rate=D("9")),
         EXCEPTION, ("tax_mismatch",),
         "VAT printed at 9 % instead of the 21 % on the PO; lines, subtotal and total agree."),
        ("kestrel", invoice_from_order(
            o["PO-2026-0023"], invoice_number="KFS-INV-2026-0298", invoice_date=dt.date(2026, 4, 1),
            lines=(
                InvoiceLineSpec("KF-CLN-MAR", "Office cleaning, March 2026", D("1"),
                                D("3850.00"), "MON"),
                InvoiceLineSpec("KF-PST-CALL", "Pest control call-out", D("1"), D("45.00")),
            )),
         EXCEPTION, ("unmatched_line",),
         "Adds a pest control call-out the PO does not have."),
        ("acme", _part(o["PO-2026-0024"], "ACM-INV-10511", dt.date(2026, 3, 10), D("30")),
         APPROVED, (), "Bills 30 of the 50 boxes ordered and received on PO-2026-0024."),
        ("acme", _part(o["PO-2026-0024"], "ACM-INV-10530", dt.date(2026, 3, 24), D("35")),
         EXCEPTION, ("over_billing", "quantity_variance"),
         "Bills 35 more boxes: 65 of 50 across two invoices, 637.00 on a 490.00 order."),
        ("kestrel", _invoice(
            VENDORS_BY_KEY["kestrel"], invoice_number="KFS-INV-2026-0305",
            invoice_date=dt.date(2026, 3, 16), po_number="",
            lines=(
                InvoiceLineSpec("KF-EMG-CALL", "Emergency call-out, burst pipe, 14 March",
                                D("1"), D("280.00")),
                InvoiceLineSpec("KF-VLV-22", "Isolation valve 22 mm, fitted", D("2"), D("32.25")),
            )),
         EXCEPTION, ("missing_po",), "An emergency call-out billed without a purchase order."),
        ("nordwind", invoice_from_order(o["PO-2026-0011"], invoice_number="RE-2026-0365",
                                        invoice_date=dt.date(2026, 3, 12)),
         EXCEPTION, ("closed_po",),
         "Bills PO-2026-0011, which was closed in January."),
        ("kestrel", _invoice(
            VENDORS_BY_KEY["kestrel"], invoice_number="KFS-INV-2026-0311",
            invoice_date=dt.date(2026, 3, 18), po_number="PO-2026-0013",
            lines=(
                InvoiceLineSpec("KF-DCL-2F", "Deep clean after the refit, second floor",
                                D("1"), D("1240.00")),
            )),
         EXCEPTION, ("po_vendor_mismatch",),
         "Quotes PO-2026-0013, an order placed with Acme, not with Kestrel."),
        ("brightline", invoice_from_order(o["PO-2026-0027"], invoice_number="BCS-2026-00131",
                                          invoice_date=dt.date(2026, 3, 4), currency="EUR"),
         EXCEPTION, ("currency_mismatch",),
         "Bills the USD order PO-2026-0027 in EUR."),
        ("halden", invoice_from_order(o["PO-2026-0025"], invoice_number="HEW-40218",
                                      invoice_date=dt.date(2026, 3, 5)),
         EXCEPTION, ("ambiguous_vendor",),
         "Two vendor records (Leeds, and the Glasgow branch) share the VAT number it prints."),
        ("marlow", invoice_from_order(o["PO-2026-0026"], invoice_number="MPL-7731",
                                      invoice_date=dt.date(2026, 3, 2)),
         EXCEPTION, ("inactive_vendor",),
         "From a vendor marked inactive in the vendor file; it matches its order and receipt."),
    ]
    documents = []
    for index, (vendor, spec, expected, kinds, note) in enumerate(rows, start=1):
        suffix = "-copy" if spec.stamp else ""
        name = f"{index:02d}-{vendor}-{spec.invoice_number}{suffix}.pdf"
        documents.append(DemoDocument(name, vendor, spec, expected, kinds, note))
    return tuple(documents)


DOCUMENTS: tuple[DemoDocument, ...] = _build_documents()
