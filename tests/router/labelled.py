# ruff: noqa: E501 - the texts are documents as printed, line for line
"""The router's labelled test set: what arrives at an AP inbox, per route, in English, German and
French, with the tricky ones marked. None of these texts is in the router's training examples
(agents/router/examples.py); tests and bench/router.py score the router on them.

Each item: (route, language, label, text). Names, numbers and addresses are invented.
More whole pages are in tests/router/labelled_pages.py and are part of this set.
"""
from __future__ import annotations

from tests.router.labelled_pages import PAGES

LABELLED: list[tuple[str, str, str, str]] = [
    # --- invoice ---------------------------------------------------------------------------------
    ("invoice", "en", "plain invoice", """Brightline Office Supplies Ltd
14 Canal Street, Manchester M1 3HE
INVOICE
Invoice No: BOS-22871        Date: 12 March 2026
Bill to: Halvorsen Manufacturing GmbH, Industriestrasse 12, 10115 Berlin
Your PO: PO-2026-0031
Item  Description              Qty   Unit price   Amount
1     Stapler heavy duty        4      18.50        74.00
2     Printer paper A4 box      10     22.00       220.00
Subtotal 294.00   VAT 20% 58.80   Total due GBP 352.80
Payment terms: 30 days net. Please quote BOS-22871 on your remittance.
Sort code 20-00-00  Account 12345678"""),
    ("invoice", "en", "titled Tax invoice", """TAX INVOICE
Kowhai Software Pty Ltd  ABN 51 824 753 556
Invoice number INV-0093   Issue date 02/04/2026   Due 16/04/2026
Billed to: Halvorsen Manufacturing GmbH
Description                                   Hours   Rate     Amount
Implementation workshop (remote)              12      150.00   1,800.00
GST 10%                                                          180.00
Total AUD                                                      1,980.00
Pay by bank transfer to BSB 062-000 account 1234 5678."""),
    ("invoice", "en", "services invoice with a statement-like period", """Cloudharbor Hosting Inc.
Invoice #CH-77120
Invoice date: May 1, 2026    Billing period: April 1 - April 30, 2026
Account: 88311   Customer: Halvorsen Manufacturing
Service                         Amount
Managed Kubernetes cluster      640.00
Backup storage 2 TB              84.00
Tax                               0.00
Amount due (USD)                724.00   Due by May 15, 2026
Thank you for choosing Cloudharbor."""),
    ("invoice", "de", "Rechnung", """Schreinerei Albrecht GmbH · Talweg 3 · 79098 Freiburg
Halvorsen Manufacturing GmbH
Industriestrasse 12
10115 Berlin
Rechnung
Rechnungsnr.: 2026-0457     Datum: 03.03.2026     Kunden-Nr.: 10442
Ihre Bestellung PO-2026-0022 vom 10.02.2026
Pos  Bezeichnung                         Menge   Einzelpreis   Betrag
1    Werkbank Buche 200 cm               2       890,00        1.780,00
2    Montage vor Ort                     6 Std   65,00           390,00
Summe netto 2.170,00 €   zzgl. 19 % USt. 412,30 €   Endbetrag 2.582,30 €
Zahlungsziel: 14 Tage ohne Abzug. IBAN DE44 6805 0101 0012 3456 78"""),
    ("invoice", "de", "Rechnung for a subscription", """Datenwerk Cloud AG
RECHNUNG Nr. DW-R-881204
Rechnungsdatum 01.05.2026, Leistungszeitraum 01.04.2026 – 30.04.2026
Vertragsnummer 55-1203
Leistung                          Netto
Speicherpaket Business 5 TB       119,00
Support Premium                    49,00
Nettosumme 168,00 EUR, Umsatzsteuer 19 % 31,92 EUR, Bruttosumme 199,92 EUR
Der Betrag wird am 10.05.2026 per SEPA-Lastschrift von Ihrem Konto eingezogen."""),
    ("invoice", "fr", "Facture", """Imprimerie Lavandin SARL
12 avenue Jean Jaurès, 69007 Lyon — SIRET 812 345 678 00021
FACTURE N° F2026-0312
Date : 18/03/2026    Échéance : 17/04/2026
Client : Halvorsen Manufacturing GmbH
Référence commande : PO-2026-0040
Désignation                     Qté    PU HT     Total HT
Brochures A5 quadri             500    0,84      420,00
Cartes de visite                1000   0,09       90,00
Total HT 510,00 €   TVA 20 % 102,00 €   Total TTC 612,00 €
Règlement par virement, IBAN FR76 3000 6000 0112 3456 7890 189"""),
    ("invoice", "fr", "facture de prestation", """Cabinet Moreau Conseil
Facture n° 2026-044 du 5 avril 2026
Mission d'accompagnement achats — mars 2026
Honoraires : 6 jours x 750,00 € HT = 4 500,00 € HT
TVA 20 % : 900,00 €
Net à payer : 5 400,00 € TTC, à régler sous 30 jours.
En cas de retard, pénalités au taux légal."""),
    # --- credit_note -----------------------------------------------------------------------------
    ("credit_note", "en", "credit note", """Brightline Office Supplies Ltd
CREDIT NOTE
Credit note no: CN-0412     Date: 20 March 2026
Relates to invoice BOS-22871 of 12 March 2026
Reason: 2 boxes of printer paper returned damaged
Item                     Qty   Unit price   Amount
Printer paper A4 box     -2    22.00        -44.00
VAT 20%                                      -8.80
Total credit GBP                            -52.80
This amount will be deducted from your next payment."""),
    ("credit_note", "en", "credit note titled Invoice (tricky)", """INVOICE
Kowhai Software Pty Ltd
Document type: Credit memo CM-0007
Original invoice: INV-0093 dated 02/04/2026
We have credited your account for the workshop hours not delivered.
Implementation workshop (remote)   -2 hours x 150.00 = -300.00
GST 10%                                              -30.00
Total credit AUD                                    -330.00"""),
    ("credit_note", "de", "Gutschrift", """Schreinerei Albrecht GmbH
Gutschrift Nr. G-2026-019
Datum: 12.03.2026
Bezug: Rechnung 2026-0457 vom 03.03.2026
Wegen einer beschädigten Tischplatte schreiben wir Ihnen gut:
Pos 1  Preisnachlass Werkbank Buche   -150,00 €
zzgl. 19 % USt.                          -28,50 €
Gutschriftsbetrag                       -178,50 €
Der Betrag wird mit der nächsten Rechnung verrechnet."""),
    ("credit_note", "de", "Stornorechnung", """Datenwerk Cloud AG
Stornorechnung Nr. DW-S-000311
zur Rechnung DW-R-881204 vom 01.05.2026
Die Rechnung wird vollständig storniert, da der Support Premium nicht gebucht war.
Support Premium   -49,00 EUR
Umsatzsteuer 19 %  -9,31 EUR
Summe             -58,31 EUR"""),
    ("credit_note", "fr", "Avoir", """Imprimerie Lavandin SARL
AVOIR N° AV2026-0021
Date : 25/03/2026
Facture d'origine : F2026-0312
Motif : brochures livrées avec un défaut d'impression
Désignation               Qté    PU HT    Total HT
Brochures A5 quadri       -100   0,84     -84,00
TVA 20 %                                  -16,80
Total TTC de l'avoir                     -100,80 €"""),
    ("credit_note", "fr", "note de crédit", """Cabinet Moreau Conseil
Note de crédit n° NC-2026-003
Annule et remplace partiellement la facture 2026-044
Une journée de mission non réalisée : -750,00 € HT, TVA -150,00 €, total -900,00 € TTC.
Ce montant sera remboursé par virement."""),
    # --- statement -------------------------------------------------------------------------------
    ("statement", "en", "statement listing invoice numbers (tricky)", """Brightline Office Supplies Ltd
STATEMENT
Account: HALV01   Statement date: 31 March 2026
Date        Reference            Debit      Credit     Balance
01/03/2026  Balance forward                             0.00
12/03/2026  Invoice BOS-22871    352.80                352.80
20/03/2026  Credit note CN-0412              52.80     300.00
28/03/2026  Invoice BOS-23010    118.20                418.20
Current  418.20   30 days 0.00   60 days 0.00   90+ days 0.00
Amount outstanding GBP 418.20"""),
    ("statement", "en", "open items", """Cloudharbor Hosting Inc.
Account statement as of May 31, 2026
Customer 88311 - Halvorsen Manufacturing
Open invoices:
CH-77120   May 1, 2026    724.00   due May 15, 2026
CH-78544   June 1, 2026   724.00   not yet due
Total open 1,448.00 USD
Payments received after May 31 are not included."""),
    ("statement", "de", "Kontoauszug", """Schreinerei Albrecht GmbH
Kontoauszug per 31.03.2026 – Kunde 10442
Datum       Beleg         Soll        Haben      Saldo
01.03.2026  Saldovortrag                          0,00
03.03.2026  RE 2026-0457  2.582,30                2.582,30
12.03.2026  GS G-2026-019             178,50      2.403,80
Offener Saldo zu unseren Gunsten: 2.403,80 €"""),
    ("statement", "de", "Offene Posten", """Datenwerk Cloud AG
Offene-Posten-Liste, Stand 15.06.2026
Belegnr.       Belegdatum   Fällig am    Betrag
DW-R-881204    01.05.2026   10.05.2026   199,92
DW-R-889930    01.06.2026   10.06.2026   199,92
Summe offene Posten 399,84 EUR. Bitte gleichen Sie den Saldo aus."""),
    ("statement", "fr", "Relevé de compte", """Imprimerie Lavandin SARL
RELEVÉ DE COMPTE au 31/03/2026
Client : Halvorsen Manufacturing GmbH
Date        Pièce         Débit      Crédit     Solde
01/03/2026  Solde reporté                        0,00
18/03/2026  F2026-0312    612,00                 612,00
25/03/2026  AV2026-0021              100,80      511,20
Solde dû : 511,20 €"""),
    ("statement", "fr", "relevé des factures", """Cabinet Moreau Conseil
Relevé des factures non réglées au 30 avril 2026
2026-031 du 02/03/2026 : 2 400,00 €
2026-044 du 05/04/2026 : 5 400,00 €
Total restant dû : 7 800,00 €"""),
    # --- po_confirmation -------------------------------------------------------------------------
    ("po_confirmation", "en", "order confirmation with prices (tricky)", """Brightline Office Supplies Ltd
ORDER CONFIRMATION
Sales order SO-55120   Date: 5 March 2026
Your purchase order: PO-2026-0031
Item                    Qty   Unit price   Amount
Stapler heavy duty       4     18.50        74.00
Printer paper A4 box    10     22.00       220.00
Order total excl. VAT  294.00
Confirmed delivery: 11 March 2026. The invoice will be sent when the goods ship."""),
    ("po_confirmation", "en", "acknowledgement", """Kowhai Software Pty Ltd
Purchase order acknowledgement
We acknowledge receipt of your purchase order PO-2026-0052 dated 20 March 2026 for a two-day
implementation workshop. The workshop is scheduled for 14-15 April 2026.
Please check the details and tell us of any discrepancy within two working days."""),
    ("po_confirmation", "de", "Auftragsbestätigung", """Schreinerei Albrecht GmbH
Auftragsbestätigung Nr. AB-2026-118
Vielen Dank für Ihre Bestellung PO-2026-0022 vom 10.02.2026.
Pos  Bezeichnung              Menge   Einzelpreis   Betrag
1    Werkbank Buche 200 cm    2       890,00        1.780,00
Liefertermin: KW 10/2026. Die Rechnung erhalten Sie nach Lieferung."""),
    ("po_confirmation", "de", "Bestellbestätigung", """Datenwerk Cloud AG
Bestellbestätigung
Wir bestätigen Ihre Bestellung des Speicherpakets Business 5 TB zum 01.04.2026.
Monatlicher Preis: 119,00 EUR netto. Vertragslaufzeit 12 Monate.
Dies ist keine Rechnung."""),
    ("po_confirmation", "fr", "Confirmation de commande", """Imprimerie Lavandin SARL
CONFIRMATION DE COMMANDE N° CC-2026-077
Nous confirmons la réception de votre bon de commande PO-2026-0040.
Brochures A5 quadri : 500 ex. à 0,84 € HT
Cartes de visite : 1000 ex. à 0,09 € HT
Date de livraison prévue : 15/03/2026."""),
    ("po_confirmation", "fr", "accusé de réception", """Cabinet Moreau Conseil
Accusé de réception de votre commande
Madame, Monsieur, nous avons bien reçu votre commande pour une mission de six jours en mars.
Le démarrage est prévu le 9 mars 2026. La facture sera émise en fin de mission."""),
    # --- vendor_inquiry --------------------------------------------------------------------------
    ("vendor_inquiry", "en", "reminder quoting an invoice (tricky)", """Subject: Payment reminder - Invoice BOS-22871
Dear Accounts Payable,
According to our records, invoice BOS-22871 dated 12 March 2026 for GBP 352.80 was due on
11 April 2026 and remains unpaid. Could you please let us know when we can expect payment?
If payment has already been made, please ignore this message and send us the remittance details.
Kind regards, Sarah Patel, Credit Control, Brightline Office Supplies"""),
    ("vendor_inquiry", "en", "remittance query", """Hello,
We received a transfer of USD 1,448.00 from Halvorsen Manufacturing on June 3 without a
reference. Could you tell us which invoices this payment is meant to settle?
Thanks, Billing team, Cloudharbor Hosting"""),
    ("vendor_inquiry", "en", "bank details change", """Dear customer,
Please note that from 1 July our bank account changes. Kindly update your vendor master data
and confirm by return email. Our new details are attached on letterhead.
Best regards, Kowhai Software accounts"""),
    ("vendor_inquiry", "de", "Mahnung", """1. Mahnung
Sehr geehrte Damen und Herren,
sicher haben Sie übersehen, dass unsere Rechnung 2026-0457 vom 03.03.2026 über 2.582,30 €
noch offen ist. Wir bitten Sie, den Betrag bis zum 30.04.2026 zu überweisen.
Sollten Sie inzwischen gezahlt haben, betrachten Sie dieses Schreiben als gegenstandslos.
Mit freundlichen Grüßen, Buchhaltung Schreinerei Albrecht"""),
    ("vendor_inquiry", "de", "Rückfrage", """Guten Tag,
wir haben am 12.06. eine Zahlung über 399,84 EUR erhalten, können sie aber keiner Rechnung
zuordnen. Können Sie uns bitte ein Zahlungsavis schicken?
Viele Grüße, Datenwerk Cloud AG, Debitorenbuchhaltung"""),
    ("vendor_inquiry", "fr", "Relance", """Objet : Relance facture F2026-0312
Madame, Monsieur,
Sauf erreur de notre part, la facture F2026-0312 du 18/03/2026 d'un montant de 612,00 € TTC
reste impayée à ce jour. Nous vous remercions de bien vouloir procéder à son règlement.
Si le paiement a déjà été effectué, merci de ne pas tenir compte de ce message.
Cordialement, Service comptabilité, Imprimerie Lavandin"""),
    ("vendor_inquiry", "fr", "question de paiement", """Bonjour,
Pourriez-vous nous indiquer la date prévue de paiement de notre facture 2026-044 ?
Nous n'avons pas encore reçu l'avis de virement.
Bien cordialement, Cabinet Moreau Conseil"""),
    # --- other -----------------------------------------------------------------------------------
    ("other", "en", "newsletter", """Brightline Office Supplies - Spring newsletter
New this season: recycled paper range and ergonomic chairs. Visit our showroom in Manchester.
Special offer: 10% off all desk lamps until 30 April.
You receive this email because you are a customer. Unsubscribe here."""),
    ("other", "en", "delivery note", """Kowhai Software Pty Ltd
DELIVERY NOTE DN-3301
Shipped to: Halvorsen Manufacturing GmbH, Goods receiving, Gate 2
Items: 2 x USB licence dongle, 1 x installation guide
Packages: 1   Weight: 0.4 kg   Carrier: DHL Express
Please sign and return a copy."""),
    ("other", "de", "Abwesenheitsnotiz", """Automatische Antwort: Ich bin bis einschließlich 24.04. nicht im Büro
und habe keinen Zugriff auf meine E-Mails. In dringenden Fällen wenden Sie sich bitte an
meine Kollegin Frau Weber, Telefon 0761 123456."""),
    ("other", "de", "Lieferschein", """Schreinerei Albrecht GmbH
Lieferschein Nr. LS-2026-0301
Lieferdatum 08.03.2026, Anlieferung Tor 2
1 Werkbank Buche 200 cm, 1 Werkbank Buche 200 cm
Ware erhalten: ____________ Unterschrift"""),
    ("other", "fr", "invitation", """Invitation : salon Print & Pack 2026
Imprimerie Lavandin vous invite sur son stand B12 du 4 au 6 juin à Lyon Eurexpo.
Inscription gratuite sur notre site. Au plaisir de vous y rencontrer !"""),
    ("other", "fr", "conditions générales", """Cabinet Moreau Conseil
Mise à jour de nos conditions générales de vente et de notre politique de confidentialité
à compter du 1er mai 2026. Le document complet est disponible sur notre site internet."""),
]
LABELLED += PAGES
