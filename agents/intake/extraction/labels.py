"""Label dictionaries (en/de/fr/nl) as compiled, case-insensitive regular expressions.

Keep patterns language-generic: they describe how invoices name a field, never a vendor.
"""

from __future__ import annotations

import re


def _rx(*alternatives: str) -> re.Pattern[str]:
    # The trailing guard applies only when the label ends in a letter, so "n°562044387" works.
    return re.compile(
        # Longest alternatives first so "btw bedrag" wins over "btw".
        r"(?<![\w])(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + r")(?!(?<=\w)\w)",
        re.IGNORECASE,
    )


_NO = r"(?:number|numbers|num\.?|no\.?|nr\.?|n°|n°|nº|n\.|#|id)"

INVOICE_NUMBER = _rx(
    r"invoice\s*" + _NO,
    r"invoice\s*(?:serial\s*)?(?:number|nr)",
    r"(?:tax\s+)?invoice\s+ref(?:erence)?",
    r"bill\s*" + _NO,
    r"receipt\s*" + _NO,
    r"document\s*" + _NO,
    r"rechnungs?[\s-]*(?:nummer|nr\.?|no\.?)",
    r"rechnung\s*(?:nr\.?|no\.?|#)",
    # Compounds and titles with a UNTDID 1001 document-type code: "Handelsrechnung Nr.",
    # "Rechnung des Versicherers (575) Nr.", "Commercial invoice (380) No.".
    r"[a-zäöü]+rechnung\s*(?:\(\d{3}\)\s*)?(?:nr\.?|no\.?|nummer)",
    r"(?:rechnung|invoice|facture|factuur|gutschrift|credit\s+note|avoir)\b[\w\s.-]{0,40}?"
    r"\(\d{3}\)\s*(?:nr\.?|no\.?|n[°º]|number|nummer|num[ée]ro)",
    r"gutschrift(?:s)?[\s-]*(?:nummer|nr\.?|no\.?)",
    r"credit\s+note\s*" + _NO,
    r"avoir\s*(?:n[°º]|no\.?|num[ée]ro)",
    r"beleg[\s-]*(?:nummer|nr\.?)",
    r"num[ée]ro\s+de\s+(?:la\s+)?facture",
    r"n[°º]\s*(?:de\s+)?facture",
    r"facture\s*(?:n[°º]|no\.?|num[ée]ro)",
    r"factuur\s*(?:nummer|nr\.?|no\.?)",
    r"factuurnummer",
    r"(?:fattura|factura|faktura)\s*(?:n[°º.]?|no\.?|nr\.?|num\.?|n[úu]mero|numer)",
)
# What a receipt without an invoice number is filed under: the booking or transaction it
# confirms ("Booking ID IBZ123", "Confirmation number 88412").
DOCUMENT_REFERENCE = _rx(
    r"booking\s*(?:" + _NO + r"|ref(?:erence)?|code)",
    r"reservation\s*(?:" + _NO + r"|ref(?:erence)?|code)",
    r"confirmation\s*(?:" + _NO + r"|code)",
    r"transaction\s*(?:" + _NO + r"|ref(?:erence)?)",
    r"buchungs[\s-]*(?:nummer|nr\.?|code)",
    r"r[ée]servation\s*(?:n[°º]|num[ée]ro)",
    r"boekingsnummer",
)
# A number label on its own ("No. 4711", "Nr. 4711", "N° 4711"): the invoice's number only
# next to or just under the invoice title (elsewhere it numbers a customer, an order, a page).
BARE_NUMBER = re.compile(
    r"^(?:no\.?|nr\.?|n[°º]\.?|num[ée]ro|number|nummer|#)\s*:?\s*(?=\S)", re.IGNORECASE
)
# "Invoice INV/2023/03/0008", "Rechnung 12345", "Factuur": a bare document title.
INVOICE_WORD = _rx(
    r"invoice",
    r"rechnung",
    r"facture",
    r"factuur",
    r"receipt",
    r"bill",
    # Credit notes: "Avoir AV-2017-0005", "Gutschrift G-12".
    r"avoir",
    r"credit\s+note",
    r"credit\s+memo",
    r"gutschrift",
    r"creditnota",
    r"nota\s+di\s+credito",
    r"nota\s+de\s+cr[ée]dito",
    # Other invoice-type titles: "Schlussrechnung", "Rechnungskorrektur", "Debit note".
    r"[a-zäöü]+rechnung",
    r"rechnungskorrektur",
    r"debit\s+note",
    r"fattura",
    r"factura",
    r"faktura",
)

# Titles of a credit note: the document credits money back, so its own amounts are credited
# amounts (printed with or without a minus; e-invoices carry them positive with type code 381).
CREDIT_NOTE_TITLE = _rx(
    r"avoir",
    r"facture\s+d['’]avoir",
    r"credit\s+note",
    r"credit\s+memo",
    r"gutschrift",
    r"rechnungsgutschrift",
    r"creditnota",
    r"nota\s+di\s+credito",
    r"nota\s+de\s+cr[ée]dito",
)

INVOICE_DATE = _rx(
    r"invoice\s+date",
    r"date\s+of\s+(?:the\s+)?invoice",
    r"date\s+of\s+issue",
    r"issue\s+date",
    r"date\s+issued",
    r"issued\s+on",
    r"billing\s+date",
    r"invoice\s+dated",
    r"rechnungs[\s-]*datum",
    r"beleg[\s-]*datum",
    r"ausstellungsdatum",
    r"rechnungsdatum",
    r"date\s+de\s+(?:la\s+)?factur(?:e|ation)",
    r"date\s+d['’]émission",
    r"date\s+d['’]emission",
    r"factuur\s*datum",
    r"factuurdatum",
)
GENERIC_DATE = _rx(r"date", r"datum", r"dated", r"le", r"du", r"vom", r"payment\s+date")

DUE_DATE = _rx(
    r"due\s+date",
    r"date\s+due",
    r"payment\s+due(?:\s+date)?",
    r"due\s+on",
    r"due\s+by",
    r"pay(?:able)?\s+by",
    r"f[äa]llig(?:keitsdatum|keitstag|\s+am|\s+bis)?",
    r"zahlungsziel",
    r"zahlbar\s+bis",
    r"zahlungsfrist",
    r"[ée]ch[ée]ance",
    r"date\s+d['’][ée]ch[ée]ance",
    r"date\s+limite\s+de\s+paiement",
    r"[àa]\s+payer\s+avant\s+le",
    r"vervaldatum",
    r"te\s+betalen\s+voor",
)
# Dates we must *not* take as the invoice date.
OTHER_DATE = _rx(
    r"order\s+date",
    r"delivery\s+date",
    r"date\s+of\s+(?:sale|supply|delivery)",
    r"ship(?:ping)?\s+date",
    r"check\s*(?:in|out)",
    r"service\s+period",
    r"billing\s+period",
    r"period",
    r"date\s+paid",
    r"lieferdatum",
    r"leistungsdatum",
    r"bestelldatum",
    r"auftragsdatum",
    r"leistungszeitraum",
    r"date\s+de\s+(?:livraison|commande)",
    r"orderdatum",
    r"leverdatum",
    r"activation\s+date",
)

PO_NUMBER = _rx(
    # "PO:"/"PO No"/"PO Reference", never the "PO" in "PO-123"
    r"p\.?\s?o\.?\s*(?:" + _NO + r"|ref(?:erence|\.)?|:)",
    r"purchase\s+order(?:\s*(?:" + _NO + r"|ref(?:erence|\.)?))?",
    r"order\s+ref(?:erence|\.)?",
    r"order\s*" + _NO,
    r"your\s+order(?:\s*" + _NO + r")?",
    r"customer\s+order(?:\s*" + _NO + r")?",
    r"bestell[\s-]*(?:nummer|nr\.?)",
    r"ihre\s+bestellung(?:\s*nr\.?)?",
    r"auftrags?[\s-]*(?:nummer|nr\.?)",
    r"bon\s+de\s+commande",
    r"n[°º]\s*(?:de\s+)?commande",
    r"r[ée]f[ée]rence\s+commande",
    r"commande\s*n[°º]",
    r"ordernummer",
    r"bestelnummer",
    r"inkoopordernummer",
)

TAX_ID = _rx(
    r"vat\s*(?:reg(?:istration)?\.?\s*)?(?:" + _NO + r"|number|id)?",
    r"tax\s*id",
    r"tin",
    r"ust[\s.-]*id[\s.-]*(?:nr\.?)?",
    r"ust[\s.-]*idnr\.?",
    r"umsatzsteuer[\s-]*id(?:entifikationsnummer)?",
    r"steuer[\s-]*(?:nummer|nr\.?)",
    r"uid(?:[\s-]*nr\.?)?",
    r"gstin",
    r"abn",
    r"n[°º]\s*(?:de\s+)?tva(?:\s+intra[\s-]*communautaire)?",
    r"tva\s+intra[\s-]*communautaire",
    r"btw(?:[\s-]*(?:nummer|nr\.?|id))?",
    r"mwst[\s.-]*(?:nummer|nr\.?)",
    r"mva[\s-]*(?:nummer|nr\.?)",
    r"org\.?\s*(?:nr|no)\.?",
    r"organisasjonsnummer",
    r"che[\s-]*(?:uid|nr\.?)",
    r"siren",
    r"siret",
)
BUYER_TAX_CONTEXT = _rx(
    r"ihre", r"uw", r"your", r"customer", r"client", r"kunde", r"buyer", r"acheteur", r"klant"
)

IBAN = _rx(r"iban")

SELLER = _rx(
    r"seller",
    r"vendor",
    r"supplier",
    r"sold\s+by",
    r"provided\s+by",
    r"service\s+provider",
    r"issued\s+by",
    r"from",
    r"bill\s+from",
    r"verk[äa]ufer",
    r"lieferant",
    r"rechnungssteller",
    r"leistungserbringer",
    r"vendeur",
    r"fournisseur",
    r"[ée]metteur",
    r"prestataire",
    r"leverancier",
    r"account\s+holder",
    r"account\s+name",
    r"titulaire\s+du\s+compte",
    r"kontoinhaber",
    r"beneficiary",
    r"b[ée]n[ée]ficiaire",
    r"beg[üu]nstigter",
    r"payee",
    r"in\s+favou?r\s+of",
    r"payable\s+to",
    r"make\s+checks\s+payable\s+to",
)
BUYER = _rx(
    r"bill(?:ed)?\s+to",
    r"invoice\s+to",
    r"invoiced\s+to",
    r"sold\s+to",
    r"ship(?:ped)?\s+to",
    r"deliver(?:ed)?\s+to",
    r"customer",
    r"client",
    r"buyer",
    r"billing\s+(?:address|contact)",
    r"shipping\s+address",
    r"technical\s+contact",
    r"licensed\s+to",
    r"attn",
    r"to",
    r"rechnungs(?:empf[äa]nger|adresse)",
    r"lieferadresse",
    r"lieferanschrift",
    r"kunde",
    r"empf[äa]nger",
    r"auftraggeber",
    r"k[äa]ufer",
    r"factur[ée]\s+[àa]",
    r"adresse\s+de\s+facturation",
    r"adresse\s+de\s+livraison",
    r"livr[ée]\s+[àa]",
    r"acheteur",
    r"destinataire",
    r"factuuradres",
    r"afleveradres",
    r"klant",
    r"guest\s+name",
)

# Money labels.  Classification order matters (see amounts.classify_money_label):
# gross-total markers win over tax words ("Total incl. VAT" is the total), net markers win over
# "total" ("Total HT" is the subtotal).
TOTAL_GROSS = _rx(
    r"total\s+(?:incl\.?|including|inc\.?)\b[\w\s.()%]*",
    # "Total € incl. VAT", "Total (EUR) incl. tax": a currency between the words.
    r"total\s*\(?(?:[€$£]|[A-Z]{3})\)?\s*(?:incl\.?|including|inc\.?)\b[\w\s.()%]*",
    # "Beitrag inklusive 19 % Versicherungsteuer", "Amount including VAT": whatever the amount
    # is called, an amount said to include the tax is the gross.
    r"(?:inklusive|inkl\.?|incl\.?|including|inclusief|y\s+compris)\s+(?:\d+(?:[.,]\d+)?\s*%\s*)?"
    r"(?:[a-zäöü]+\s+)?[a-zäöü.-]*(?:steuer|mwst|ust|vat|tax|tva|btw|gst)\.?",
    r"total\s+ttc",
    r"montant\s+ttc",
    r"gesamt(?:betrag)?\s+(?:inkl\.?|brutto)",
    r"[a-zäöü]*summe\s+brutto",
    r"brutto(?:betrag|summe)?",
    r"bruttobetrag",
    r"rechnungsbetrag",
    r"gesamtbetrag",
    r"endbetrag",
    r"zahlbetrag",
    r"zu\s+zahlen(?:de[rn]?\s+[a-zäöü]*betrag|de[rn]?\s+beitrag)?",
    r"gesamtsumme",
    r"[a-zäöü]*summe\s+(?:inkl\.?|mit|incl\.?)\s+(?:ust|mwst|steuer|umsatzsteuer)\.?",
    r"net\s+[àa]\s+payer",
    r"somme\s+[àa]\s+payer",
    r"montant\s+[àa]\s+payer",
    r"total\s+[àa]\s+payer",
    r"reste\s+[àa]\s+payer",
    r"(?:grand|invoice)\s+total",
    r"total\s+(?:amount\s+)?(?:due|payable|paid)",
    r"total\s+amount",
    r"amount\s+(?:now\s+)?due",
    r"balance\s+due",
    r"amount\s+paid",
    r"total\s+paid",
    r"total\s+for\s+this\s+invoice",
    r"total\s+at\s+checkout",
    r"te\s+betalen",
    r"factuur\s*totaal",
    r"totaal\s+incl\.?(?:\s+btw)?",
    r"gross\s+(?:total|amount)",
    r"total\s+gross",
)
SUBTOTAL = _rx(
    r"sub[\s-]*total",
    r"subtotaal",
    r"net\s+(?:total|amount)",
    r"total\s+net",
    r"net\s+value",
    r"total\s+(?:excl\.?|excluding|ex\.?|before|w/o|without)\b[\w\s.()%]*",
    r"amount\s+before\s+tax",
    r"taxable\s+amount",
    r"zwischensumme",
    r"[a-zäöü]*summe\s+(?:ohne|exkl\.?|excl\.?|zzgl\.?)\s+(?:ust|mwst|steuer|umsatzsteuer)\.?",
    r"total\s+(?:ohne|sans)\s+(?:ust|mwst|tva)\.?",
    r"nettobetrag",
    r"netto(?:summe|betrag)?",
    r"gesamtnetto",
    r"[a-zäöü]*summe\s+netto",
    r"gesamt\s+netto",
    r"warenwert",
    r"bemessungsgrundlage",
    r"total\s+ht",
    r"montant\s+(?:total\s+)?ht",
    r"sous[\s-]*total",
    r"base\s+(?:ht|imposable)",
    r"exclusief\s+btw",
    r"totaal\s+excl\.?(?:\s+btw)?",
    r"grondslag",
)
TAX = _rx(
    r"vat",
    r"tax",
    r"sales\s+tax",
    r"gst",
    r"hst",
    r"mwst\.?",
    r"ust\.?",
    r"umsatzsteuer",
    r"mehrwertsteuer",
    r"steuer(?:betrag)?",
    # Insurance premiums carry insurance tax instead of VAT. (Not every "-steuer" compound: an
    # "Ökosteuer" is a charge billed as a line.)
    r"versicherungs?steuer(?:betrag)?",
    r"tva",
    r"montant\s+tva",
    r"total\s+tva",
    r"btw",
    r"btw\s+bedrag",
    r"taxes",
    r"total\s+(?:des\s+)?taxes",
    r"montant\s+(?:des\s+)?taxes",
    r"iva",
    r"cst",
    r"igst",
    r"cgst",
    r"sgst",
)
TOTAL = _rx(r"total", r"totaal", r"summe", r"gesamt", r"montant", r"amount", r"betrag", r"bedrag")
# Words in a tax label that show it is an identifier or a note, not an amount.
TAX_NOT_AMOUNT = _rx(
    r"number",
    r"nummer",
    r"num[ée]ro",
    r"nr\.?",
    r"no\.?",
    r"n°",
    r"id",
    r"idnr",
    r"reg",
    r"registration",
    r"intra",
    r"invoice",
    r"identification",
    r"rate",
    r"satz",
    r"taux",
    r"tarief",
    r"acquitt[ée]e",
    r"code",
    r"class",
    r"category",
    r"statement",
    r"payable",
    r"applicable",
    r"siret",
    r"siren",
    r"capital",
    r"stammkapital",
    r"share\s+capital",
)

# Document-level allowances and charges printed between the line total and the tax ("Discount
# 10 %  -10.00", "Shipping  5.00"): the taxable net amount is the lines' sum with them.
ALLOWANCE_CHARGE = _rx(
    r"discount",
    r"allowance",
    r"rebate",
    r"shipping(?:\s+(?:and|&)\s+handling)?",
    r"freight(?:\s+charges?)?",
    r"delivery(?:\s+(?:charges?|fee))?",
    r"handling(?:\s+(?:charges?|fee))?",
    r"surcharge",
    r"postage(?:\s+and\s+packing)?",
    r"packing",
    r"[a-zäöü]*rabatt",
    r"nachlass",
    r"abschlag",
    r"zuschlag",
    r"fracht(?:kosten)?",
    r"versand(?:kosten)?",
    r"verpackung(?:skosten)?",
    r"remise",
    r"rabais",
    r"frais\s+de\s+(?:port|livraison|transport|dossier)",
    r"korting",
    r"verzendkosten",
    r"toeslag",
)
# A tax line that says why there is no tax ("VAT reverse charge", "exempt", "steuerfrei"): its
# amount, when it prints one, is a zero tax; any other figure on it (the base) is not the tax.
TAX_ZERO_NOTE = _rx(
    r"reverse(?:\s+charge)?",
    r"exempt(?:ed|ion)?",
    r"zero[\s-]*rated",
    r"steuerfrei",
    r"steuerbefreit",
    r"nicht\s+steuerbar",
    r"exon[ée]r[ée]e?",
    r"autoliquidation",
    r"verlegd",
    r"vrijgesteld",
)
# The tax an amount contains, printed as a note ("darin enthaltene USt. (19,00 €)", "includes VAT
# of"): a parenthesised figure here is the tax, not a negative one.
INCLUDED_TAX = _rx(
    r"enthalten(?:e[nrs]?)?",
    r"includes?",
    r"included",
    r"contained",
    r"dont",
    r"inclus(?:e)?",
    r"inbegrepen",
)
# Money on this bill that is not this invoice's: a balance left over from earlier bills, which
# the amount due adds, and a deposit already paid, which it takes away.
PRIOR_BALANCE = _rx(
    r"previous\s+balance",
    r"balance\s+(?:brought|carried)\s+forward",
    r"outstanding\s+(?:balance|amount)",
    r"past\s+due\s+amount",
    r"arrears",
    r"ausstehende\s+forderung(?:en)?",
    r"offene\s+forderung(?:en)?",
    r"r[üu]ckstand",
    r"saldovortrag",
    r"vortrag",
    r"solde\s+(?:ant[ée]rieur|pr[ée]c[ée]dent)",
    r"impay[ée]s?\s+ant[ée]rieurs?",
    r"achterstand",
    r"vorig\s+saldo",
)
DEPOSIT = _rx(
    r"(?:less\s+)?deposits?(?:\s+(?:paid|received))?",
    r"down\s+payments?",
    r"advance\s+payments?",
    r"pre-?payments?",
    r"prepaid(?:\s+amount)?",
    r"paid\s+in\s+advance",
    r"(?:erhaltene\s+|geleistete\s+)?anzahlung(?:en)?",
    r"vorauszahlung(?:en)?",
    r"abschlagszahlung(?:en)?",
    r"acomptes?(?:\s+(?:vers[ée]s?|re[çc]us?))?",
    r"avances?\s+(?:vers[ée]es?|re[çc]ues?)",
    r"aanbetaling(?:en)?",
    r"vooruitbetaling(?:en)?",
)

CURRENCY_LABEL = _rx(
    r"currency", r"w[äa]hrung", r"devise", r"monnaie", r"valuta", r"payment\s+currency"
)
