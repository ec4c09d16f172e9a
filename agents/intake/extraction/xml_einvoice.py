"""Embedded e-invoice XML (ZUGFeRD/Factur-X CII, also ZUGFeRD 1.0, and UBL 2.1).

The XML is the seller's own structured data, so it is the most reliable source when present.
Parsing is namespace-agnostic (local names only) so CII D16B, ZUGFeRD 1p0 and UBL all work.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

from .dates import parse_date
from .model import ExtractedLine, InvoiceExtraction

MAX_XML_BYTES = 5_000_000


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element | None, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name] if el is not None else []


def _child(el: ET.Element | None, *path: str) -> ET.Element | None:
    for name in path:
        found = _children(el, name)
        el = found[0] if found else None
        if el is None:
            return None
    return el


def _either(a: ET.Element | None, b: ET.Element | None) -> ET.Element | None:
    return a if a is not None else b


def _find(el: ET.Element | None, name: str) -> ET.Element | None:
    """First descendant with this local name."""
    if el is None:
        return None
    for d in el.iter():
        if _local(d.tag) == name:
            return d
    return None


def _text(el: ET.Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    t = " ".join(el.text.split())
    return t or None


def _dec(el: ET.Element | None) -> Decimal | None:
    t = _text(el)
    if t is None:
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _date(el: ET.Element | None) -> dt.date | None:
    t = _text(_find(el, "DateTimeString")) if el is not None and len(el) else _text(el)
    return parse_date(t[:10] if t and "T" in t else t) if t else None


def parse_einvoice(data: bytes) -> InvoiceExtraction | None:
    """Parse CII or UBL bytes; None if it is neither (or unsafe / malformed)."""
    if len(data) > MAX_XML_BYTES or b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        return None  # no DTDs: nothing legitimate needs them, entity tricks do
    try:
        # DTDs/entities were refused above, which is what defusedxml would guard against.
        root = ET.fromstring(data)  # noqa: S314
    except ET.ParseError:
        return None
    name = _local(root.tag)
    if name in ("CrossIndustryInvoice", "CrossIndustryDocument"):
        return _parse_cii(root)
    if name in ("Invoice", "CreditNote"):
        return _parse_ubl(root)
    return None


def _amount_in_currency(els: list[ET.Element], currency: str | None) -> Decimal | None:
    # TaxTotalAmount may appear twice (document and accounting currency).
    for el in els:
        if currency is None or el.get("currencyID") in (None, currency):
            return _dec(el)
    return _dec(els[0]) if els else None


def _parse_cii(root: ET.Element) -> InvoiceExtraction:
    inv = InvoiceExtraction(source="cii_xml")
    doc = _either(_child(root, "ExchangedDocument"), _child(root, "HeaderExchangedDocument"))
    inv.invoice_number = _text(_child(doc, "ID"))
    inv.invoice_date = _date(_child(doc, "IssueDateTime"))
    tx = _either(
        _child(root, "SupplyChainTradeTransaction"),
        _child(root, "SpecifiedSupplyChainTradeTransaction"),
    )
    agreement = _either(
        _child(tx, "ApplicableHeaderTradeAgreement"),
        _child(tx, "ApplicableSupplyChainTradeAgreement"),
    )
    settlement = _either(
        _child(tx, "ApplicableHeaderTradeSettlement"),
        _child(tx, "ApplicableSupplyChainTradeSettlement"),
    )
    seller = _child(agreement, "SellerTradeParty")
    inv.vendor_name = _text(_child(seller, "Name"))
    for reg in _children(seller, "SpecifiedTaxRegistration"):
        rid = _child(reg, "ID")
        if rid is not None and (rid.get("schemeID") == "VA" or inv.vendor_tax_id is None):
            inv.vendor_tax_id = _text(rid)
    order = _child(agreement, "BuyerOrderReferencedDocument")
    inv.po_number = _text(_child(order, "IssuerAssignedID")) or _text(_child(order, "ID"))
    inv.currency = _text(_child(settlement, "InvoiceCurrencyCode"))
    terms = _child(settlement, "SpecifiedTradePaymentTerms")
    inv.due_date = _date(_child(terms, "DueDateDateTime"))
    means = _child(settlement, "SpecifiedTradeSettlementPaymentMeans")
    inv.iban = _text(_find(_child(means, "PayeePartyCreditorFinancialAccount"), "IBANID"))
    sums = _either(
        _child(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation"),
        _child(settlement, "SpecifiedTradeSettlementMonetarySummation"),
    )
    inv.subtotal = _dec(_child(sums, "TaxBasisTotalAmount"))
    inv.tax = _amount_in_currency(_children(sums, "TaxTotalAmount"), inv.currency)
    inv.total = _dec(_child(sums, "GrandTotalAmount"))
    items = _children(tx, "IncludedSupplyChainTradeLineItem")
    for item in items:
        product = _child(item, "SpecifiedTradeProduct")
        agree = _either(
            _child(item, "SpecifiedLineTradeAgreement"),
            _child(item, "SpecifiedSupplyChainTradeAgreement"),
        )
        deliv = _either(
            _child(item, "SpecifiedLineTradeDelivery"),
            _child(item, "SpecifiedSupplyChainTradeDelivery"),
        )
        settle = _either(
            _child(item, "SpecifiedLineTradeSettlement"),
            _child(item, "SpecifiedSupplyChainTradeSettlement"),
        )
        price_el = _either(
            _child(agree, "NetPriceProductTradePrice"), _child(agree, "GrossPriceProductTradePrice")
        )
        price = _dec(_child(price_el, "ChargeAmount"))
        basis = _dec(_child(price_el, "BasisQuantity"))
        if price is not None and basis not in (None, Decimal(0), Decimal(1)):
            price = price / basis  # a price per 100 units is still a unit price to the clerk
        line_sum = _either(
            _child(settle, "SpecifiedTradeSettlementLineMonetarySummation"),
            _child(settle, "SpecifiedTradeSettlementMonetarySummation"),
        )
        if product is None and line_sum is None and price is None:
            continue  # a note-only line (ZUGFeRD 1.0 uses these for remarks)
        inv.lines.append(
            ExtractedLine(
                description=_text(_child(product, "Name")),
                quantity=_dec(_child(deliv, "BilledQuantity")),
                unit_price=price,
                amount=_dec(_child(line_sum, "LineTotalAmount")),
                sku=_text(_child(product, "SellerAssignedID")),
            )
        )
    return inv


def _parse_ubl(root: ET.Element) -> InvoiceExtraction:
    inv = InvoiceExtraction(source="ubl_xml")
    inv.invoice_number = _text(_child(root, "ID"))
    inv.invoice_date = _date(_child(root, "IssueDate"))
    inv.due_date = _date(_child(root, "DueDate")) or _date(
        _child(root, "PaymentMeans", "PaymentDueDate")
    )
    inv.currency = _text(_child(root, "DocumentCurrencyCode"))
    party = _child(root, "AccountingSupplierParty", "Party")
    inv.vendor_name = _text(_child(party, "PartyName", "Name")) or _text(
        _child(party, "PartyLegalEntity", "RegistrationName")
    )
    inv.vendor_tax_id = _text(_child(party, "PartyTaxScheme", "CompanyID"))
    inv.po_number = _text(_child(root, "OrderReference", "ID"))
    inv.iban = _text(_child(root, "PaymentMeans", "PayeeFinancialAccount", "ID"))
    totals = _child(root, "LegalMonetaryTotal")
    inv.subtotal = _dec(_child(totals, "TaxExclusiveAmount"))
    inv.total = _dec(_child(totals, "TaxInclusiveAmount")) or _dec(_child(totals, "PayableAmount"))
    inv.tax = _dec(_child(root, "TaxTotal", "TaxAmount"))
    for line in _children(root, "InvoiceLine") + _children(root, "CreditNoteLine"):
        qty = _dec(_child(line, "InvoicedQuantity")) or _dec(_child(line, "CreditedQuantity"))
        amount = _dec(_child(line, "LineExtensionAmount"))
        price = _dec(_child(line, "Price", "PriceAmount"))
        if not qty and not amount and not price:
            continue  # section titles and notes rendered as zero lines
        item = _child(line, "Item")
        inv.lines.append(
            ExtractedLine(
                description=_text(_child(item, "Name")) or _text(_child(item, "Description")),
                quantity=qty,
                unit_price=price,
                amount=amount,
                sku=_text(_child(item, "SellersItemIdentification", "ID")),
            )
        )
    return inv
