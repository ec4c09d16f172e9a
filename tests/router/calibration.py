# ruff: noqa: E501 - the texts are documents as printed, line for line
"""The split the router's thresholds and margin are set on (agents/router/__init__.py), kept apart
from the training examples (agents/router/examples.py) and from the test split
(tests/router/labelled.py), which is only ever measured. Same shape: (route, language, label,
text); names, numbers and addresses invented.
"""
from __future__ import annotations

CALIBRATION: list[tuple[str, str, str, str]] = [
    ("invoice", "en", "cleaning services invoice", """Sparkle Facility Services Ltd
Invoice SFS-20931                Invoice date 31/05/2026
Client: Halvorsen Manufacturing GmbH, UK office, 3 Mill Lane, Leeds LS1 4AB
Office cleaning, May 2026 (22 visits)            1,320.00
Window cleaning (quarterly)                        180.00
Net 1,500.00   VAT 20% 300.00   Total GBP 1,800.00
Payment due within 30 days. Bank: Lloyds, sort code 30-90-89, account 11223344."""),
    ("invoice", "en", "courier invoice", """SwiftParcel Express
Invoice no. 7720019845   Account 220417   Date 07/06/2026
Shipments 01/05/2026 - 31/05/2026: 14 consignments (see attached manifest)
Transport charges 412.60   Fuel surcharge 49.51   Duties disbursed 88.00
Total excl. VAT 550.11   VAT 82.42   Amount payable EUR 632.53
Payable by 07/07/2026."""),
    ("invoice", "de", "Rechnung Reinigung", """Glanzwerk Gebäudereinigung GmbH · Ringstraße 9 · 10318 Berlin
Rechnung Nr. GW-2026-0611     Datum: 31.05.2026
Unterhaltsreinigung Büro und Sozialräume, Mai 2026, laut Vertrag     2.150,00 €
Sonderreinigung Kantine am 14.05.2026                                  240,00 €
Netto 2.390,00 €   USt 19 % 454,10 €   Brutto 2.844,10 €
Zahlbar bis 14.06.2026 auf IBAN DE21 1005 0000 0190 4411 22."""),
    ("invoice", "de", "Rechnung Ersatzteile", """Hydraulik Meißner GmbH
Rechnung 4410-2026   vom 02.06.2026   Ihre Bestellnummer PO-2026-0099
1 Stk Hydraulikpumpe A10VSO 28, Austausch     1.880,00
2 Stk Dichtungssatz                            64,00
Summe netto 1.944,00 €  MwSt 369,36 €  Endbetrag 2.313,36 €
Zahlungsbedingungen: 30 Tage netto."""),
    ("invoice", "fr", "facture nettoyage", """Net'Pro Services
FACTURE N° NP-2026-0552 – 31/05/2026
Prestation de nettoyage des bureaux, mai 2026 : 1 450,00 € HT
TVA 20 % : 290,00 €    Total TTC : 1 740,00 €
Échéance : 30/06/2026 – virement IBAN FR76 1010 7001 0100 4410 2200 118"""),
    ("invoice", "fr", "facture pièces détachées", """Hydro-Sud Équipements
Facture FC26-1184    Date 03/06/2026    Votre commande PO-2026-0102
Réf. HS-PMP-28  Pompe hydraulique   1 x 1 720,00   1 720,00
Réf. HS-JNT-10  Kit joints          2 x 29,00         58,00
Total HT 1 778,00   TVA 355,60   Net à payer 2 133,60 €"""),
    # Bare bills that hardly say what they are: an invoice's threshold must leave them in intake.
    ("invoice", "en", "bare bill", """Harbourside Print Co.
Job 5520 - 500 business cards, two designs
Total £85.00
Please pay within 14 days. Thanks for your custom!"""),
    ("invoice", "de", "knappe Rechnung", """Hausmeisterservice Jansen
Winterdienst Dezember 2025, Parkplatz Nord
Betrag: 380,00 €
Bitte überweisen Sie bis 15.01.2026."""),
    ("invoice", "fr", "note d'honoraires brève", """Maître Lefèvre, avocat
Consultation du 3 mars 2026 – dossier Halvorsen
Honoraires : 450,00 € HT, TVA 90,00 €
À régler par virement sous 15 jours."""),
    ("credit_note", "en", "credit note for a missed visit", """Sparkle Facility Services Ltd
CREDIT NOTE SFS-C-0112     Date 10/06/2026
Refers to invoice SFS-20931 - two visits not carried out (bank holiday)
2 x 60.00 = -120.00   VAT -24.00   Total -144.00 GBP
This will be offset against June's invoice."""),
    ("credit_note", "en", "credit note duplicate charge", """SwiftParcel Express
Credit note 7720019901   Account 220417   Date 14/06/2026
Re: invoice 7720019845 - consignment 55120 billed twice
Transport charges -38.40   Fuel surcharge -4.61   VAT -6.45   Total credit EUR -49.46"""),
    ("credit_note", "de", "Gutschrift Reinigung", """Glanzwerk Gebäudereinigung GmbH
Gutschrift Nr. GW-G-2026-014   Datum 12.06.2026
Zur Rechnung GW-2026-0611: Sonderreinigung Kantine doppelt berechnet
-240,00 € netto, -45,60 € USt, Gutschriftsbetrag -285,60 €"""),
    ("credit_note", "de", "Storno Ersatzteile", """Hydraulik Meißner GmbH
Stornobeleg zur Rechnung 4410-2026 vom 02.06.2026
Die Rechnung wird aufgehoben, die Pumpe wurde unter Gewährleistung getauscht.
Summe netto -1.880,00 €  MwSt -357,20 €  Gesamt -2.237,20 €"""),
    ("credit_note", "fr", "avoir nettoyage", """Net'Pro Services
AVOIR N° NP-AV-2026-011 – 12/06/2026
Sur facture NP-2026-0552 : prestation du 8 mai non réalisée (jour férié)
Montant HT -70,00 €   TVA -14,00 €   Total TTC -84,00 €"""),
    ("credit_note", "fr", "avoir retour pièces", """Hydro-Sud Équipements
Avoir AV26-0087 du 15/06/2026 – facture d'origine FC26-1184
Retour d'un kit joints non utilisé : -29,00 € HT, TVA -5,80 €, soit -34,80 € TTC."""),
    ("statement", "en", "statement of account", """Sparkle Facility Services Ltd
Statement of account - Halvorsen Manufacturing GmbH - as at 30/06/2026
31/05  SFS-20931   1,800.00
10/06  SFS-C-0112   -144.00
25/06  Payment     -1,656.00
Balance 0.00 - thank you."""),
    ("statement", "en", "open item list", """SwiftParcel Express - Credit control
Open items for account 220417 at 30/06/2026
7720019845  07/06/2026  632.53
7720019901  14/06/2026  -49.46
Outstanding balance EUR 583.07, of which overdue 0.00"""),
    ("statement", "de", "Kontoauszug Reinigung", """Glanzwerk Gebäudereinigung GmbH
Kontoauszug Kunde 3310 per 30.06.2026
Datum       Beleg           Soll       Haben      Saldo
31.05.2026  GW-2026-0611    2.844,10              2.844,10
12.06.2026  GW-G-2026-014              285,60     2.558,50
Offener Saldo 2.558,50 €"""),
    ("statement", "de", "Saldenliste", """Hydraulik Meißner GmbH · Debitoren
Offene Posten Halvorsen Manufacturing GmbH, Stand 30.06.2026
4410-2026   02.06.2026   2.313,36
Storno      16.06.2026  -2.237,20
Saldo 76,16 EUR"""),
    ("statement", "fr", "relevé client", """Net'Pro Services
Relevé de compte au 30/06/2026 – client Halvorsen Manufacturing
NP-2026-0552   31/05/2026   1 740,00
NP-AV-2026-011 12/06/2026     -84,00
Solde dû : 1 656,00 €"""),
    ("statement", "fr", "situation de compte", """Hydro-Sud Équipements – Service comptable
Situation de votre compte au 30/06/2026
Factures : FC26-1184 (2 133,60 €)   Avoirs : AV26-0087 (-34,80 €)
Solde restant dû : 2 098,80 €"""),
    ("po_confirmation", "en", "order confirmation", """Sparkle Facility Services Ltd
Confirmation of additional services
Further to your order PO-2026-0110 we confirm a deep clean of the canteen on 20 June 2026, price £240.00 plus VAT.
The charge will appear on your June invoice."""),
    ("po_confirmation", "en", "quotation courier", """SwiftParcel Express
Quotation QT-5510 - valid 14 days
Weekly pallet collection Berlin > Rotterdam, EUR 185.00 per pallet, fuel surcharge extra.
Accept this quotation by replying with your purchase order."""),
    ("po_confirmation", "de", "Auftragsbestätigung Pumpe", """Hydraulik Meißner GmbH
Auftragsbestätigung AB-7712 zu Ihrer Bestellung PO-2026-0099
1 Stk Hydraulikpumpe A10VSO 28, 1.880,00 € netto
Liefertermin: 30.05.2026. Es gelten unsere Lieferbedingungen."""),
    ("po_confirmation", "de", "Angebot Reinigung", """Glanzwerk Gebäudereinigung GmbH
Angebot Nr. GW-A-2026-033 · gültig bis 31.07.2026
Grundreinigung Produktionshalle 2 (ca. 1.800 m²)   3.600,00 € netto
Wir freuen uns auf Ihre Auftragserteilung."""),
    ("po_confirmation", "fr", "confirmation commande pièces", """Hydro-Sud Équipements
Confirmation de commande CC-2026-221 – votre commande PO-2026-0102
Pompe hydraulique HS-PMP-28 : 1 x 1 720,00 € HT – expédition le 28/05/2026."""),
    ("po_confirmation", "fr", "devis nettoyage", """Net'Pro Services
Devis n° NP-D-2026-040 – valable 30 jours
Nettoyage des vitres, 2 passages par an : 640,00 € HT
Pour accord, merci de nous retourner ce devis signé."""),
    ("vendor_inquiry", "en", "reminder", """Subject: Reminder: invoice SFS-20931 due
Hi, just a reminder that invoice SFS-20931 for £1,800.00 fell due on 30 June. Could you let us know the payment date? Thanks, Accounts, Sparkle Facility Services"""),
    ("vendor_inquiry", "en", "payment allocation question", """Hello, we received EUR 583.07 from you today. Can you confirm which invoices it covers so we can close the items? Kind regards, SwiftParcel credit control"""),
    ("vendor_inquiry", "de", "Zahlungserinnerung", """Zahlungserinnerung
Sehr geehrte Damen und Herren, unsere Rechnung GW-2026-0611 über 2.844,10 € war am 14.06.2026 fällig. Wir bitten um Ausgleich innerhalb von 7 Tagen.
Glanzwerk Gebäudereinigung, Buchhaltung"""),
    ("vendor_inquiry", "de", "Frage zur Bestellnummer", """Hallo, für unsere nächste Rechnung brauchen wir noch Ihre Bestellnummer für den Wartungsvertrag 2026. Können Sie uns diese schicken? Gruß, Hydraulik Meißner, Vertrieb"""),
    ("vendor_inquiry", "fr", "relance", """Objet : relance facture NP-2026-0552
Bonjour, sauf erreur, la facture NP-2026-0552 de 1 740,00 € est échue depuis le 30/06. Merci de nous indiquer la date de règlement. Net'Pro Services"""),
    ("vendor_inquiry", "fr", "demande d'avis de paiement", """Bonjour, nous avons reçu un virement de 2 098,80 € sans référence. Pouvez-vous nous envoyer l'avis de paiement correspondant ? Hydro-Sud, comptabilité"""),
    ("other", "en", "out of office", """Automatic reply: I am away until 6 July. For urgent matters contact bookings@swiftparcel.example. Regards, Tom"""),
    ("other", "en", "despatch note", """SwiftParcel Express - Proof of delivery
Consignment 55120 delivered 12/06/2026 10:42 to Halvorsen Manufacturing, Goods In. Signed: T. BECKER. 2 parcels, 14 kg."""),
    ("other", "de", "Newsletter Reinigung", """Glanzwerk News: Hygiene-Tipps für den Sommer, neue umweltfreundliche Reinigungsmittel und unser Gewinnspiel. Zum Abbestellen hier klicken."""),
    ("other", "de", "Lieferschein Pumpe", """Hydraulik Meißner GmbH
Lieferschein LS-88120 vom 28.05.2026 – 1 Stk Hydraulikpumpe A10VSO 28 – 1 Packstück, 22 kg
Empfang bestätigt: ______"""),
    ("other", "fr", "absence", """Réponse automatique : je suis absente jusqu'au 15 juillet. Pour toute urgence, contactez accueil@netpro.example. Merci."""),
    ("other", "fr", "invitation webinaire", """Hydro-Sud vous invite à son webinaire « Maintenance prédictive des circuits hydrauliques » le 9 juillet à 11 h. Inscription gratuite via le lien ci-dessous."""),
]
