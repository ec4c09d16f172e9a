# ruff: noqa: E501 - the texts are documents as printed, line for line
"""More of the router's labelled test set: whole pages as intake extracts them (letterheads,
addresses, tables, footers), per route and language, written the way an AP inbox receives them.
Like tests/router/labelled.py, none of this is in the router's training examples, nor in the
calibration split (tests/router/calibration.py) its thresholds and margin were set on.

Each item: (route, language, label, text). Names, numbers and addresses are invented.
"""
from __future__ import annotations

PAGES: list[tuple[str, str, str, str]] = [
    # --- invoice ---------------------------------------------------------------------------------
    ("invoice", "en", "freight invoice", """NORTHGATE LOGISTICS LIMITED
Unit 7 Thames Gateway Park, Dagenham RM9 6PU  VAT Reg GB 287 4410 19
Customer: Halvorsen Manufacturing GmbH          Account No. HALV-002
Invoice 0048812                                  Tax point: 06/05/2026
Consignment   Route                    Pallets   Weight kg   Charge
NG-771203     Berlin > Birmingham      3         1,140       690.00
NG-771204     Berlin > Leeds           1         380         275.00
Fuel surcharge 8.5%                                           82.03
Net 1,047.03   VAT @ 20% 209.41   TOTAL GBP 1,256.44
Terms: strictly 30 days from date of invoice
Barclays Bank plc  Sort 20-45-77  Acc 40918263  Ref 0048812"""),
    ("invoice", "en", "utility bill", """Greenvolt Energy Business
Your electricity bill
Account number 5531 0092 7741      Bill date 3 June 2026
Site: Halvorsen Manufacturing, Plant 2, Coventry CV3 4LB
Period 1 May 2026 to 31 May 2026
Units used: 41,220 kWh at 21.4p = £8,821.08
Standing charge 31 days x £4.20 = £130.20
Climate change levy £318.40
VAT at 20% £1,853.94
Total to pay £11,123.62, collected by Direct Debit on or after 18 June 2026
Questions about your bill? Call 0800 014 2231"""),
    ("invoice", "en", "invoice with a reminder line", """Pinecrest Lab Equipment LLC
2200 Research Blvd, Austin TX 78758
INVOICE 2026-1187
Date: April 22, 2026       Terms: Net 45       Due: June 6, 2026
Ship via: UPS Ground       PO #: PO-2026-0077
Qty  Part no.     Description                         Unit      Ext.
2    PL-PIP-200   Adjustable pipette 20-200 µl        189.00    378.00
5    PL-TIP-96    Pipette tips rack, 96 (pack of 10)   42.50    212.50
Freight                                                         35.00
Total USD 625.50
A late fee of 1.5% per month applies to balances past due. Remit to: PO Box 4410, Austin TX"""),
    ("invoice", "en", "SaaS invoice with card payment", """Trellisly, Inc.
Invoice number TRL-8C21-0005        Date of issue June 1, 2026        Date due June 1, 2026
Bill to
Halvorsen Manufacturing GmbH
ap@halvorsen.example
$1,188.00 due June 1, 2026
Description                         Qty     Unit price     Amount
Business plan (Jun 1 - Jun 30)      12      $99.00         $1,188.00
Subtotal $1,188.00
Total $1,188.00
Amount due $1,188.00
This invoice will be charged to the Visa card ending in 4242.
Pay online: https://pay.trellisly.example/i/8C21"""),
    ("invoice", "en", "contractor invoice in a letter", """From: Daniel Okafor, Technical Writer (sole trader)
12 Elm Row, Edinburgh EH7 4AA
To: Halvorsen Manufacturing GmbH, Accounts Payable
Invoice DO-031
Date: 30 April 2026
For: Writing the operator manual for the HX-400 press, 1-30 April 2026, as agreed in PO-2026-0069.
22.5 hours at £60.00 per hour: £1,350.00
Not VAT registered.
Please pay within 14 days to: D Okafor, sort code 83-44-10, account 22019847.
Many thanks, Daniel"""),
    ("invoice", "en", "pro-forma turned final invoice", """Meridian Castings Ltd
FINAL INVOICE (replaces pro-forma PF-2209)
Inv. No. MC-66104   Date 14/05/2026   Customer ref PO-2026-0081
Line  Pattern      Description                      Qty   Each     Total
1     MC-P-118     Grey iron bracket, machined      200   7.35     1,470.00
2     MC-P-121     Cover plate, shot blasted        200   3.10       620.00
Tooling contribution (one-off)                                     450.00
Goods 2,540.00   Carriage 60.00   VAT 20% 520.00   Invoice total 3,120.00
E&OE. Title to goods passes on payment in full."""),
    ("invoice", "en", "hotel folio", """The Harbour Hotel Hamburg
Guest folio / Invoice No. 418827
Guest: Mr J. Whitfield   Company: Halvorsen Manufacturing GmbH
Arrival 11.05.2026   Departure 13.05.2026   Room 512
Date        Text                          Amount EUR
11.05.2026  Accommodation                 149.00
11.05.2026  Breakfast                      24.00
12.05.2026  Accommodation                 149.00
12.05.2026  Restaurant                     63.50
Total                                     385.50
incl. VAT 7% on accommodation 19.49, VAT 19% on food 14.97
Settled by company account (city ledger), payable within 14 days."""),
    ("invoice", "de", "Handwerkerrechnung", """Elektro Krüger GmbH & Co. KG · Am Sportplatz 4 · 31134 Hildesheim
Tel. 05121 88 40 0 · info@elektro-krueger.example
Halvorsen Manufacturing GmbH
Werk Hildesheim, Instandhaltung
Industriestrasse 12
10115 Berlin
RECHNUNG Nr. 26-00917                                   Datum 14.04.2026
Objekt: Halle 3, Austausch Hallenbeleuchtung            Ihr Auftrag PO-2026-0058
Pos.  Menge  Einh.  Text                                  E-Preis     G-Preis
1     24     Stk    LED-Hallenstrahler 150 W               129,00     3.096,00
2     16     Std    Monteurstunde                           58,50       936,00
3     1      psch   Hubarbeitsbühne inkl. Transport        240,00       240,00
Nettobetrag 4.272,00 €   19 % MwSt. 811,68 €   Rechnungsbetrag 5.083,68 €
Zahlungsziel: 10 Tage 2 % Skonto, 30 Tage netto.
Sparkasse Hildesheim  IBAN DE12 2595 0130 0000 4411 20"""),
    ("invoice", "de", "Rechnung eines Softwarehauses", """Quellcode Systemhaus AG, Lindenallee 8, 50668 Köln
USt-IdNr. DE 311 998 204 · HRB 99123 Amtsgericht Köln
An: Halvorsen Manufacturing GmbH, Kreditorenbuchhaltung
Rechnung RE-QS-2026-1432
Leistungszeitraum: 01.05.2026 – 31.05.2026        Rechnungsdatum: 02.06.2026
Kundennr. 40071   Vertrag WV-220
Wartung ERP-Anbindung, monatliche Pauschale        1.150,00 EUR
Zusätzliche Supportstunden (3,5 h à 110,00)          385,00 EUR
Summe netto                                          1.535,00 EUR
USt. 19 %                                              291,65 EUR
Gesamt                                               1.826,65 EUR
Der Betrag ist fällig am 16.06.2026. Vielen Dank für die gute Zusammenarbeit."""),
    ("invoice", "de", "Abschlagsrechnung", """Stahlbau Nordheide GmbH
Abschlagsrechnung Nr. 3 zum Bauvorhaben Hallenerweiterung Berlin
Rechnungs-Nr.: SN-2026-0212   Datum: 20.05.2026
Auftrag vom 12.01.2026, Auftragssumme netto 184.000,00 €
Leistungsstand per 15.05.2026: 60 %                        110.400,00 €
abzüglich Abschlag 1 und 2                                 -73.600,00 €
Abschlagsbetrag netto                                       36.800,00 €
zzgl. 19 % Umsatzsteuer                                      6.992,00 €
Zahlbetrag                                                  43.792,00 €
Zahlbar innerhalb 21 Tagen ohne Abzug."""),
    ("invoice", "de", "Tankkarte Sammelrechnung", """FleetCard Deutschland GmbH
Sammelrechnung Mai 2026
Kunde 7731055 · Halvorsen Manufacturing GmbH · Rechnungs-Nr. FC-26-05-7731055
Karte         Kennzeichen   Tankungen   Liter     Betrag netto
...4410       B-HM 212      6           312,40    512,88
...4411       B-HM 318      4           201,75    331,22
Maut DE                                           88,10
Nettosumme 932,20 €   USt 19 % 177,12 €   Summe 1.109,32 €
Der Rechnungsbetrag wird am 12.06.2026 per SEPA-Lastschrift von Ihrem Konto DE44 ... 0088 eingezogen.
Mandatsreferenz FC-7731055"""),
    ("invoice", "de", "Rechnung mit Lieferschein-Bezug", """Schraubenhandel Weber e.K.
Gewerbering 17 · 72762 Reutlingen
Halvorsen Manufacturing GmbH · Wareneingang · Industriestrasse 12 · 10115 Berlin
Rechnung                              Beleg-Nr. 800551    Datum 07.05.2026
Lieferschein-Nr. 700812 vom 05.05.2026   Bestellung PO-2026-0071
Artikel          Bezeichnung                        Menge     Preis/100   Betrag
DIN933-M8x40     Sechskantschraube 8.8 verz.        2.000     6,90        138,00
DIN934-M8        Sechskantmutter 8 verz.            2.000     1,85         37,00
Warenwert 175,00   Versand 9,90   Netto 184,90   MwSt 19% 35,13   Brutto 220,03 EUR
Zahlung: 14 Tage netto. Es gelten unsere AGB."""),
    ("invoice", "de", "Arztrechnung Betriebsarzt", """Praxis für Arbeitsmedizin Dr. med. Sabine Roth
Halvorsen Manufacturing GmbH, Personalabteilung
Liquidation / Rechnung Nr. 2026/0388 vom 29.04.2026
Arbeitsmedizinische Vorsorgeuntersuchungen G20/G25 im April 2026
14 Untersuchungen à 68,00 €                        952,00 €
Audiometrie, 9 x 21,00 €                           189,00 €
Rechnungsbetrag                                  1.141,00 €
Gemäß § 4 Nr. 14 UStG umsatzsteuerfrei.
Bitte überweisen Sie bis zum 29.05.2026 unter Angabe der Rechnungsnummer."""),
    ("invoice", "fr", "facture de transport", """TRANSPORTS GIRARD & FILS
ZI Les Bruyères – 69800 Saint-Priest   SIRET 412 118 559 00027   TVA FR 61 412118559
FACTURE N° TG-26-04418                   Date : 30/04/2026
Client : Halvorsen Manufacturing GmbH – Code client 0931
Date        Lettre de voiture   Trajet                 Poids    Montant HT
08/04/2026  LV-558120           Lyon > Berlin          820 kg   640,00
22/04/2026  LV-558371           Lyon > Berlin          410 kg   395,00
Total HT 1 035,00 €   TVA 20 % 207,00 €   Total TTC 1 242,00 €
Échéance : 30/05/2026 – Règlement par virement
Escompte pour paiement anticipé : néant."""),
    ("invoice", "fr", "facture de maintenance", """ThermoClim Services SAS
12 avenue Jean Jaurès, 31000 Toulouse
Facture
N° FA-2026-00731   du 12 mai 2026
Contrat d'entretien n° CE-1190 – Halvorsen Manufacturing, site de Blagnac
Désignation                                          Qté   P.U. HT    Montant HT
Visite semestrielle groupes froids                    2    380,00      760,00
Remplacement filtre déshydrateur                      1    115,50      115,50
Déplacement                                           1     45,00       45,00
Base HT 920,50   TVA 20 % 184,10   Total TTC 1 104,60 €
Conditions : 45 jours fin de mois. Tout retard entraîne une indemnité de 40 €."""),
    ("invoice", "fr", "facture d'abonnement télécom", """Orbis Télécom Entreprises
Votre facture du mois de mai 2026
Compte client 8800 4412 77 – Halvorsen Manufacturing
Référence facture : OT-052026-118830
Période de facturation : du 01/05/2026 au 31/05/2026
Forfaits mobiles (12 lignes)            276,00 € HT
Options et communications hors forfait    18,40 € HT
Total HT 294,40 €   TVA 58,88 €   Montant TTC 353,28 €
Prélèvement prévu le 15/06/2026 sur le compte FR76 ... 4410"""),
    ("invoice", "fr", "facture d'acompte", """Atelier Mécanique Berthier
Facture d'acompte n° 2026-A-017
Date : 04/03/2026
Commande : PO-2026-0044 – Fabrication de 4 bâtis mécano-soudés
Montant de la commande HT : 18 600,00 €
Acompte de 30 % à la commande : 5 580,00 € HT
TVA 20 % : 1 116,00 €
Montant à régler : 6 696,00 € TTC avant le 18/03/2026"""),
    ("invoice", "fr", "facture avec mention rappel (tricky)", """Papeterie du Rhône
FACTURE N° PR-10882        Le 15/05/2026
Client : Halvorsen Manufacturing GmbH, service comptabilité fournisseurs
Réf.       Désignation                         Qté    PU HT    Total HT
RAM-A4     Ramette papier A4 80 g              50     3,90     195,00
CLS-20     Classeurs à levier dos 80 mm        40     2,15      86,00
Total HT 281,00   TVA 20 % 56,20   TTC 337,20 €
Rappel : nos factures sont payables à 30 jours. En cas de retard, une indemnité forfaitaire de 40 € sera appliquée."""),
    # --- credit_note -----------------------------------------------------------------------------
    ("credit_note", "en", "credit note for a price difference", """Northgate Logistics Limited
CREDIT NOTE  CN 0004417
Date 20/05/2026   Account HALV-002
Against invoice 0048812 of 06/05/2026
Consignment NG-771204 was charged at the standard rate instead of the contract rate.
Overcharge                          -55.00
VAT @ 20%                           -11.00
Total credit GBP                    -66.00
This credit will be applied to your account."""),
    ("credit_note", "en", "credit memo from a SaaS vendor", """Trellisly, Inc.
Credit Memo
Credit memo number TRL-CM-0312     Date June 9, 2026
Issued for invoice TRL-8C21-0005
Description                              Qty    Amount
Unused seats removed (Jun 9 - Jun 30)    -3     -$217.80
Total                                           -$217.80
The amount has been refunded to the Visa card ending in 4242. Allow 5-10 business days."""),
    ("credit_note", "en", "credit note titled Invoice with negative total (tricky)", """Meridian Castings Ltd
INVOICE
Inv. No. MC-66190 (CREDIT)   Date 28/05/2026   Customer ref PO-2026-0081
Re: our invoice MC-66104 - 12 brackets rejected at goods inwards (porosity)
Line  Pattern    Description                        Qty    Each    Total
1     MC-P-118   Grey iron bracket, machined        -12    7.35    -88.20
VAT 20%                                                            -17.64
Invoice total                                                     -105.84
Credit balance to be deducted from your next remittance."""),
    ("credit_note", "en", "refund for returned goods", """Pinecrest Lab Equipment LLC
RETURN CREDIT
RMA 55102 · Credit no. RC-2026-0091 · May 30, 2026
Original invoice 2026-1187, PO-2026-0077
1 x PL-PIP-200 adjustable pipette returned unopened       -189.00
Restocking fee waived                                        0.00
Credit total USD                                          -189.00
We will refund this amount to your account within 10 days."""),
    ("credit_note", "de", "Gutschrift wegen Rücksendung", """Schraubenhandel Weber e.K. · Gewerbering 17 · 72762 Reutlingen
Halvorsen Manufacturing GmbH · Industriestrasse 12 · 10115 Berlin
GUTSCHRIFT                           Beleg-Nr. 900114    Datum 19.05.2026
zu unserer Rechnung 800551 vom 07.05.2026
Grund: falsche Festigkeitsklasse geliefert, Ware zurückgenommen
Artikel          Bezeichnung                        Menge     Preis/100   Betrag
DIN933-M8x40     Sechskantschraube 8.8 verz.        -500      6,90        -34,50
Netto -34,50   MwSt 19% -6,56   Gutschrift gesamt -41,06 EUR
Wir verrechnen den Betrag mit Ihrer nächsten Zahlung."""),
    ("credit_note", "de", "Stornorechnung Versand (tricky)", """Quellcode Systemhaus AG, Lindenallee 8, 50668 Köln
STORNORECHNUNG
Storno-Nr. ST-QS-2026-0044   Datum 05.06.2026
storniert die Rechnung RE-QS-2026-1432 vom 02.06.2026 in voller Höhe
Grund: Rechnung an falsche Gesellschaft adressiert; eine neue Rechnung folgt.
Wartung ERP-Anbindung, monatliche Pauschale        -1.150,00 EUR
Zusätzliche Supportstunden                           -385,00 EUR
USt. 19 %                                            -291,65 EUR
Summe                                              -1.826,65 EUR"""),
    ("credit_note", "de", "Rechnungskorrektur Preisanpassung", """Elektro Krüger GmbH & Co. KG
Rechnungskorrektur Nr. RK-26-0031
Datum 24.04.2026 · Ursprüngliche Rechnung 26-00917 vom 14.04.2026
Der Stundensatz wurde irrtümlich mit 58,50 € statt 52,00 € berechnet.
16 Std x -6,50 €                    -104,00 €
19 % MwSt.                           -19,76 €
Korrekturbetrag                     -123,76 €
Bitte kürzen Sie Ihre Zahlung entsprechend."""),
    ("credit_note", "de", "Bonusgutschrift", """Büroprofi Handels GmbH
Jahresbonus-Gutschrift 2025
Gutschrift-Nr. BG-2025-0077   Datum 15.02.2026   Kunde 55120
Gemäß Rahmenvereinbarung erhalten Sie auf Ihren Umsatz 2025 von 48.220,00 € netto einen Bonus von 3 %.
Bonus netto        -1.446,60 €
USt 19 %             -274,85 €
Gutschrift         -1.721,45 €
Auszahlung per Überweisung auf Ihr hinterlegtes Konto."""),
    ("credit_note", "fr", "avoir pour remise", """ThermoClim Services SAS
AVOIR N° AV-2026-00088
Date : 20 mai 2026
Sur facture FA-2026-00731 du 12 mai 2026
Le déplacement n'aurait pas dû être facturé dans le cadre du contrat CE-1190.
Désignation                 Qté    P.U. HT    Montant HT
Déplacement                 -1     45,00      -45,00
TVA 20 %                                       -9,00
Total TTC                                     -54,00 €
Montant déduit de votre prochaine facture."""),
    ("credit_note", "fr", "avoir transport titré Facture (tricky)", """TRANSPORTS GIRARD & FILS
FACTURE N° TG-26-04502 – AVOIR
Date : 12/05/2026     Client : Halvorsen Manufacturing GmbH – Code client 0931
Annulation partielle de la facture TG-26-04418 : lettre de voiture LV-558371 facturée deux fois
Total HT -395,00 €   TVA 20 % -79,00 €   Total TTC -474,00 €
Ce montant vient en diminution de votre solde."""),
    ("credit_note", "fr", "avoir télécom", """Orbis Télécom Entreprises
Avoir commercial
Référence : AVC-118830-01 – compte client 8800 4412 77
Geste commercial suite à l'interruption de service du 12 au 14 mai 2026
Montant HT -45,00 €  TVA -9,00 €  Montant TTC -54,00 €
Cet avoir sera déduit automatiquement de votre prochaine facture."""),
]
PAGES += [
    # --- statement -------------------------------------------------------------------------------
    ("statement", "en", "statement with ageing and remittance slip", """NORTHGATE LOGISTICS LIMITED
Unit 7 Thames Gateway Park, Dagenham RM9 6PU
STATEMENT                          Account HALV-002      Date 31/05/2026
Halvorsen Manufacturing GmbH, Accounts Payable, Industriestrasse 12, 10115 Berlin
Date        Type    Ref        Details                  Debit      Credit     Balance
30/04/2026                     Brought forward                                 1,880.10
06/05/2026  INV     0048812    Consignments NG-7712xx   1,256.44               3,136.54
14/05/2026  PMT     BACS       Thank you                           1,880.10    1,256.44
20/05/2026  CRN     0004417    Rate correction                     66.00       1,190.44
Current 1,190.44   1 month 0.00   2 months 0.00   3+ months 0.00   TOTAL DUE 1,190.44
--- please detach and return with your payment ---  Account HALV-002  Amount enclosed ______"""),
    ("statement", "en", "SaaS account statement", """Trellisly, Inc.
Account activity for Halvorsen Manufacturing GmbH (customer ID cus_8C21)
Period: January 1, 2026 - June 30, 2026
Date          Document             Charges      Payments/credits
Jan 1         TRL-8C21-0001        1,188.00
Jan 1         Card payment                      1,188.00
...
Jun 1         TRL-8C21-0005        1,188.00
Jun 1         Card payment                      1,188.00
Jun 9         TRL-CM-0312                         217.80
Balance at end of period: -$217.80 (in your favour)"""),
    ("statement", "en", "overdue items listing invoice numbers (tricky)", """Pinecrest Lab Equipment LLC
Customer Account Summary as of June 15, 2026
Bill-to: Halvorsen Manufacturing GmbH   Customer #: C-10418
Invoice #     Invoice date   Due date      Original    Paid       Open
2026-1011     03/02/2026     04/19/2026    1,204.00    1,204.00   0.00
2026-1187     04/22/2026     06/06/2026    625.50      0.00       625.50
2026-1240     05/20/2026     07/04/2026    88.00       0.00       88.00
Total open: 713.50 USD   Past due: 625.50   Not yet due: 88.00"""),
    ("statement", "en", "monthly statement from a distributor", """RS Parts Direct
Monthly Statement – May 2026
Account 40019-HM   Credit limit £10,000.00
Previous balance £2,310.55   Payments received -£2,310.55   New charges £1,742.18   Credits -£96.00
New balance £1,646.18
Transactions: INV 7719021 12/05 £988.12 · INV 7719500 19/05 £754.06 · CR 5510022 27/05 -£96.00
Minimum payment: full balance by 30 June 2026 (30 days end of month)."""),
    ("statement", "de", "Saldenbestätigung Jahresende", """Stahlbau Nordheide GmbH · Buchhaltung
An Halvorsen Manufacturing GmbH
Saldenabstimmung zum 31.12.2025
Sehr geehrte Damen und Herren,
im Rahmen unseres Jahresabschlusses bitten wir Sie, den folgenden Saldo unseres Debitorenkontos 20417 zu bestätigen:
Saldo per 31.12.2025 zu unseren Gunsten: 43.792,00 €
zusammengesetzt aus: Abschlagsrechnung SN-2025-0388 vom 15.12.2025.
Bitte senden Sie uns das beigefügte Formular unterschrieben zurück, auch wenn Sie abweichende Beträge haben."""),
    ("statement", "de", "Kontoauszug mit Rechnungsnummern (tricky)", """Büroprofi Handels GmbH · Debitorenbuchhaltung
Kontoauszug Kunde 55120 · Zeitraum 01.04.2026 – 30.04.2026
Belegdatum   Belegart     Belegnummer   Fällig        Betrag       offen
03.04.2026   Rechnung     R-2026-40112  03.05.2026      418,20       418,20
10.04.2026   Rechnung     R-2026-40377  10.05.2026    1.022,75     1.022,75
17.04.2026   Zahlung      ZE-88121                     -911,00         0,00
24.04.2026   Gutschrift   G-2026-0210                   -38,08       -38,08
Saldo zum 30.04.2026                                              1.402,87 EUR"""),
    ("statement", "de", "Offene-Posten-Mitteilung", """Elektro Krüger GmbH & Co. KG
Mitteilung über offene Posten, Stand 31.05.2026
Kunden-Nr. 11807 Halvorsen Manufacturing GmbH
RE 26-00917   14.04.2026   5.083,68
RK-26-0031    24.04.2026    -123,76
RE 26-01120   12.05.2026     612,40
Summe          5.572,32 €
Diese Aufstellung dient Ihrer Information und ersetzt keine Rechnung."""),
    ("statement", "fr", "relevé de compte avec échéances", """Papeterie du Rhône – Service clients
Relevé de compte client n° 0417 – Halvorsen Manufacturing GmbH
Arrêté au 31/05/2026
Date        Nature     N° pièce     Échéance     Débit       Crédit      Solde
02/05/2026  Facture    PR-10811     01/06/2026   118,80                  118,80
15/05/2026  Facture    PR-10882     14/06/2026   337,20                  456,00
21/05/2026  Règlement  VIR                                   118,80      337,20
Solde débiteur au 31/05/2026 : 337,20 €
Merci de nous signaler toute différence sous huitaine."""),
    ("statement", "fr", "extrait de compte fournisseur", """ThermoClim Services SAS – Comptabilité clients
Extrait de compte au 30 juin 2026
Client : Halvorsen Manufacturing (C0931)
FA-2026-00731   12/05/2026   1 104,60
AV-2026-00088   20/05/2026     -54,00
FA-2026-00802   10/06/2026     456,00
Total dû : 1 506,60 € dont échu : 1 050,60 €"""),
    ("statement", "fr", "état des factures ouvertes (tricky)", """Transports Girard & Fils
État des factures ouvertes – code client 0931 – au 15/06/2026
N° facture      Date          Montant TTC    Réglé       Reste dû
TG-26-04418     30/04/2026    1 242,00       0,00        1 242,00
TG-26-04502     12/05/2026    -474,00        0,00        -474,00
TG-26-05120     31/05/2026    980,40         0,00        980,40
Total reste dû : 1 748,40 €"""),
    # --- po_confirmation -------------------------------------------------------------------------
    ("po_confirmation", "en", "sales order acknowledgement with prices (tricky)", """Meridian Castings Ltd
SALES ORDER ACKNOWLEDGEMENT
Our ref SO-30417   Your order PO-2026-0081 dated 02/04/2026
Line  Pattern    Description                     Qty   Each    Total   Ex-works date
1     MC-P-118   Grey iron bracket, machined     200   7.35    1,470.00   12/05/2026
2     MC-P-121   Cover plate, shot blasted       200   3.10      620.00   12/05/2026
Goods value 2,090.00 plus carriage and VAT at the prevailing rate.
Please advise by return if any of the above is incorrect. Orders are accepted on our standard terms."""),
    ("po_confirmation", "en", "web shop order receipt", """Your order has been received!
Order #100-4471203   Placed on 3 June 2026
Hi Priya, thanks for shopping with LabStore Europe. We're getting your order ready.
2 x Nitrile gloves M (box of 100)     €17.80
1 x Lab notebook A4                    €6.40
Shipping                               €4.95
Order total                           €29.15
We'll send you another email when your items ship. Your invoice will be available in your account once the order is dispatched."""),
    ("po_confirmation", "en", "quote", """Pinecrest Lab Equipment LLC
QUOTE Q-26-0918          Date: 12 March 2026       Valid for 30 days
Prepared for: Halvorsen Manufacturing GmbH, attn. Priya Natarajan
Qty  Part no.     Description                         Unit      Ext.
2    PL-PIP-200   Adjustable pipette 20-200 µl        189.00    378.00
5    PL-TIP-96    Pipette tips rack, 96 (pack of 10)   42.50    212.50
Estimated freight 35.00   Quote total USD 625.50
To proceed, send a purchase order quoting Q-26-0918."""),
    ("po_confirmation", "en", "shipping confirmation of an order", """Northgate Logistics Limited
Booking confirmation
Booking ref NG-BK-22918 for your order PO-2026-0090
Collection: 14/06/2026 08:00-12:00 from Halvorsen Manufacturing, Berlin
Delivery: 16/06/2026 to Birmingham
3 pallets, 1,140 kg. Agreed rate £690.00 + fuel surcharge.
Charges will be invoiced after delivery."""),
    ("po_confirmation", "de", "Auftragsbestätigung mit Preisen (tricky)", """Elektro Krüger GmbH & Co. KG · Am Sportplatz 4 · 31134 Hildesheim
AUFTRAGSBESTÄTIGUNG Nr. AB-26-0412                Datum 28.03.2026
Ihre Bestellung PO-2026-0058 vom 25.03.2026
Pos.  Menge  Einh.  Text                                  E-Preis     G-Preis
1     24     Stk    LED-Hallenstrahler 150 W               129,00     3.096,00
2     16     Std    Monteurstunde                           58,50       936,00
Nettowert 4.032,00 € zzgl. gesetzlicher MwSt.
Ausführung: KW 15/2026. Abrechnung nach Aufmaß und Fertigstellung."""),
    ("po_confirmation", "de", "Angebot", """Stahlbau Nordheide GmbH
ANGEBOT Nr. 2025-1190                          Datum 20.11.2025
Bauvorhaben: Hallenerweiterung Berlin, Stahlkonstruktion ca. 42 t
Pos. 1  Stahlkonstruktion liefern und montieren, psch.     146.000,00 €
Pos. 2  Dachaufbau Trapezblech                              38.000,00 €
Angebotssumme netto                                        184.000,00 €
Bindefrist: 8 Wochen. Zahlungsbedingungen: Abschläge nach Baufortschritt.
Wir würden uns über Ihren Auftrag freuen."""),
    ("po_confirmation", "de", "Lieferavis zur Bestellung", """Schraubenhandel Weber e.K.
Ihre Bestellung PO-2026-0071 – Bestätigung und Lieferavis
Guten Tag Herr Becker,
wir haben Ihre Bestellung über 2.000 Sechskantschrauben M8x40 und 2.000 Muttern M8 erhalten und bestätigen die Preise laut Rahmenvertrag.
Versand erfolgt am 05.05.2026 per DPD, Anlieferung voraussichtlich am 06.05.2026.
Mit freundlichen Grüßen, Vertriebsinnendienst"""),
    ("po_confirmation", "fr", "devis", """ThermoClim Services SAS
DEVIS N° DV-2026-0142        Date : 02/04/2026        Validité : 1 mois
Objet : remplacement du compresseur du groupe froid n° 2, site de Blagnac
Compresseur Bitzer 4FES-5Y                   1    2 860,00
Main d'œuvre (2 techniciens, 1 jour)         1      980,00
Total HT 3 840,00 €   TVA 20 % 768,00 €   Total TTC 4 608,00 €
Bon pour accord : date, cachet et signature du client"""),
    ("po_confirmation", "fr", "confirmation de commande avec prix (tricky)", """Papeterie du Rhône
Confirmation de votre commande n° CMD-55120 du 10/05/2026
Réf.       Désignation                         Qté    PU HT    Total HT
RAM-A4     Ramette papier A4 80 g              50     3,90     195,00
CLS-20     Classeurs à levier dos 80 mm        40     2,15      86,00
Total HT 281,00 €
Expédition prévue le 14/05/2026. Votre facture vous parviendra avec la livraison."""),
    ("po_confirmation", "fr", "accusé de commande atelier", """Atelier Mécanique Berthier
Accusé de réception de commande n° ARC-2026-031
Votre commande PO-2026-0044 du 27/02/2026 a bien été enregistrée.
Fabrication de 4 bâtis mécano-soudés selon plan HM-2210 indice C.
Délai de fabrication : 6 semaines à réception de l'acompte.
Un acompte de 30 % sera facturé à la commande."""),
]
PAGES += [
    # --- vendor_inquiry --------------------------------------------------------------------------
    ("vendor_inquiry", "en", "final notice quoting invoices (tricky)", """Subject: FINAL NOTICE - account HALV-002 overdue
Dear Sir/Madam,
Despite our previous reminders of 12 and 26 June, the following invoices remain unpaid:
Invoice 0048812   06/05/2026   GBP 1,256.44   due 05/06/2026
Invoice 0049120   13/05/2026   GBP   412.80   due 12/06/2026
Unless payment of GBP 1,669.24 reaches us within 7 days, we will place your account on stop and refer the debt to our collection agency. Statutory interest under the Late Payment of Commercial Debts Act will be added.
Credit Control, Northgate Logistics Limited"""),
    ("vendor_inquiry", "en", "request for a purchase order number", """Hi AP team,
We'd like to invoice the calibration visit we did on 4 June, but your site contact said we need a PO number first. Could you raise one and send it over? The value is USD 1,340.00 excluding tax.
Also, is ap@halvorsen.example still the right address for invoices?
Thanks,
Megan Cole | Accounts Receivable | Pinecrest Lab Equipment LLC"""),
    ("vendor_inquiry", "en", "short payment query", """Subject: Short payment on remittance 20260614
Good afternoon,
We received your BACS payment of £1,124.44 on 14 June, against invoice 0048812 for £1,256.44. The difference of £132.00 has no explanation on the remittance. Was something deducted? If it relates to a credit note, please send us its number so we can allocate it correctly.
Kind regards, Ledger team, Northgate Logistics"""),
    ("vendor_inquiry", "en", "remittance advice", """REMITTANCE ADVICE
From: Halvorsen Manufacturing GmbH, Accounts Payable
To: Meridian Castings Ltd
Payment date 20/06/2026   Payment ref HM-PAY-00912   Method: SEPA credit transfer
Your reference     Our document     Amount
MC-66104           4500012231       3,120.00
MC-66190           4500012290        -105.84
Total paid GBP 3,014.16
Please contact ap@halvorsen.example with any questions about this payment."""),
    ("vendor_inquiry", "en", "vendor onboarding details request", """Dear Supplier Management,
Following our first order with you we were asked to complete your vendor registration. We haven't received the form yet. Could you resend it, and tell us whether you need a W-8BEN-E as well as our bank letter?
We want to make sure our first invoice isn't held up.
Best wishes, Oliver Grant, Finance, Trellisly, Inc."""),
    ("vendor_inquiry", "en", "dispute of a deduction", """Re: Invoice MC-66104 - deduction of 12 brackets
Hello,
We see that you have deducted £88.20 plus VAT from our invoice. Our inspection report shows the castings met the drawing tolerances. Can you send us photos of the porosity and the goods inwards report before we agree to raise a credit?
Regards, Quality & Accounts, Meridian Castings Ltd"""),
    ("vendor_inquiry", "de", "2. Mahnung mit Rechnungsliste (tricky)", """Büroprofi Handels GmbH · Forderungsmanagement
2. Mahnung                                                 Datum 10.06.2026
Kunde 55120 – Halvorsen Manufacturing GmbH
Sehr geehrte Damen und Herren,
auf unsere Zahlungserinnerung vom 20.05.2026 haben wir leider keine Reaktion erhalten. Folgende Rechnungen sind weiterhin offen:
R-2026-40112 vom 03.04.2026   fällig 03.05.2026   418,20 €
R-2026-40377 vom 10.04.2026   fällig 10.05.2026   1.022,75 €
Mahngebühr 5,00 €   Gesamtforderung 1.445,95 €
Bitte begleichen Sie den Betrag bis zum 20.06.2026. Andernfalls sehen wir uns gezwungen, die Lieferungen einzustellen."""),
    ("vendor_inquiry", "de", "Anfrage zum Zahlungsstatus", """Betreff: Zahlungsstatus Rechnung 26-00917
Hallo Frau Schneider,
könnten Sie kurz nachsehen, ob unsere Rechnung vom 14.04. (Hallenbeleuchtung, 5.083,68 €) bei Ihnen freigegeben ist? Laut unserer Buchhaltung ist noch nichts eingegangen, und wir müssen Ende des Monats unseren Großhändler bezahlen.
Danke und viele Grüße
Markus Krüger, Elektro Krüger GmbH & Co. KG"""),
    ("vendor_inquiry", "de", "Mitteilung neue Bankverbindung", """Schraubenhandel Weber e.K.
Wichtige Information: neue Bankverbindung ab 01.07.2026
Sehr geehrte Kunden,
aufgrund der Fusion unserer Hausbank ändert sich unsere Kontoverbindung. Bitte nutzen Sie ab dem 01.07.2026 ausschließlich:
Volksbank Reutlingen, IBAN DE77 6409 0100 0123 4567 89, BIC VBRTDE6RXXX
Zahlungen auf das alte Konto werden bis 30.09.2026 weitergeleitet. Bitte bestätigen Sie uns die Änderung kurz per E-Mail."""),
    ("vendor_inquiry", "de", "Rückfrage Lieferantenstammdaten", """Guten Tag,
für die Anlage als Lieferant bei Ihnen benötigen wir noch die Angabe, an welche Adresse wir künftig Rechnungen senden sollen und ob Ihre Bestellnummer zwingend auf der Rechnung stehen muss.
Außerdem: Akzeptieren Sie Rechnungen im XRechnung-Format?
Mit freundlichen Grüßen
Anna Vogt, Stahlbau Nordheide GmbH, Rechnungswesen"""),
    ("vendor_inquiry", "de", "Zahlungsavis eines Kunden", """Zahlungsavis
Halvorsen Manufacturing GmbH überweist am 18.06.2026 folgenden Betrag:
Empfänger: Quellcode Systemhaus AG
Ihre Belegnr.     Belegdatum    Betrag        Skonto     Zahlbetrag
RE-QS-2026-1501   02.06.2026    1.826,65      0,00       1.826,65
Summe Überweisung 1.826,65 EUR, Verwendungszweck HM-ZA-77120
Bei Rückfragen: kreditoren@halvorsen.example"""),
    ("vendor_inquiry", "fr", "relance avec pénalités", """Objet : 2e relance – factures échues
Madame, Monsieur,
Malgré notre précédent courrier, nous constatons que les factures suivantes ne sont toujours pas réglées :
TG-26-04418 du 30/04/2026 – 1 242,00 € – échue le 30/05/2026
Nous vous prions de régulariser cette situation sous huit jours. À défaut, des pénalités de retard et l'indemnité forfaitaire de 40 € vous seront facturées.
Veuillez agréer nos salutations distinguées. Service recouvrement, Transports Girard & Fils"""),
    ("vendor_inquiry", "fr", "demande de bon de commande", """Bonjour,
Nous devons établir la facture de la visite semestrielle réalisée le 10 juin, mais votre service achats ne nous a pas encore transmis de numéro de commande pour le second semestre.
Pourriez-vous nous le communiquer afin que la facture ne soit pas rejetée ?
Merci d'avance, Claire Dubois, ThermoClim Services"""),
    ("vendor_inquiry", "fr", "question sur un règlement reçu", """Objet : virement reçu sans référence
Bonjour,
Nous avons reçu le 12/06 un virement de 337,20 € de votre part, sans mention du numéro de facture. S'agit-il du règlement de la facture PR-10882 ? Merci de nous confirmer afin que nous puissions lettrer votre compte.
Cordialement, Comptabilité clients, Papeterie du Rhône"""),
    ("vendor_inquiry", "fr", "changement de RIB", """Atelier Mécanique Berthier
Objet : modification de nos coordonnées bancaires
Madame, Monsieur,
Nous vous informons qu'à compter du 1er juillet 2026, nos règlements sont à effectuer sur notre nouveau compte :
Crédit Agricole Centre-Est – IBAN FR76 1780 6000 1204 4120 0000 118 – BIC AGRIFRPP878
Vous trouverez ci-joint notre nouveau RIB. Merci de mettre à jour votre fichier fournisseurs."""),
    # --- other -----------------------------------------------------------------------------------
    ("other", "en", "out-of-office reply", """Subject: Automatic reply: Invoice 0048812
Thank you for your email. I'm on annual leave until Monday 22 June with no access to email.
For anything urgent about orders please contact sales@northgate.example or call +44 20 7946 0011.
Best regards, Ian Fletcher"""),
    ("other", "en", "marketing email", """Don't miss our summer sale!
Up to 40% off lab consumables until 31 July - pipette tips, gloves, tubes and more.
Free delivery on orders over $250. Use code SUMMER26 at checkout.
Join our webinar "Getting accurate volumes every time" on 24 June at 3 pm CET.
You are receiving this email because you signed up at pinecrest.example. Manage your preferences or opt out."""),
    ("other", "en", "delivery note with quantities", """Meridian Castings Ltd
DESPATCH NOTE   No. DN-40912      Date 12/05/2026
Deliver to: Halvorsen Manufacturing GmbH, Goods In, Gate 3, Industriestrasse 12, 10115 Berlin
Your order PO-2026-0081   Our SO-30417
Pattern     Description                      Qty ordered   Qty despatched   Boxes
MC-P-118    Grey iron bracket, machined      200           200              4
MC-P-121    Cover plate, shot blasted        200           200              2
Carrier: Northgate Logistics, con. NG-771311
Received in good condition (print name and sign): ______________"""),
    ("other", "en", "certificate of analysis", """Pinecrest Lab Equipment LLC
CERTIFICATE OF CALIBRATION
Instrument: Adjustable pipette 20-200 µl, serial PP-220918
Calibrated on 04 June 2026 per ISO 8655-6, gravimetric method, 21.3 °C
Nominal 200 µl: mean 199.6 µl, systematic error -0.2 %, random error 0.12 %  PASS
Next calibration due: June 2027.   Technician: R. Alvarez"""),
    ("other", "en", "security alert / phishing-like", """Action required: your mailbox storage is almost full
Dear user, your mailbox has reached 98% of its quota. Click below to verify your account and keep receiving messages. Failure to verify within 24 hours will lead to suspension.
IT Helpdesk"""),
    ("other", "de", "Lieferschein mit Positionen", """Schraubenhandel Weber e.K. · Gewerbering 17 · 72762 Reutlingen
LIEFERSCHEIN                           Nr. 700812    Datum 05.05.2026
Lieferanschrift: Halvorsen Manufacturing GmbH, Wareneingang Tor 1, Industriestrasse 12, 10115 Berlin
Ihre Bestellung PO-2026-0071
Pos  Artikel         Bezeichnung                        Menge    Einheit
1    DIN933-M8x40    Sechskantschraube 8.8 verz.        2.000    Stk
2    DIN934-M8       Sechskantmutter 8 verz.            2.000    Stk
Packstücke: 2 Kartons, Gewicht 24 kg, Versand DPD
Ware in einwandfreiem Zustand erhalten: Datum / Unterschrift"""),
    ("other", "de", "Newsletter", """Elektro Krüger Kundeninfo Juni 2026
Neu im Sortiment: smarte Hallenbeleuchtung mit Präsenzmeldern – bis zu 60 % weniger Stromverbrauch.
Förderung: Die BAFA-Förderung für Beleuchtungssanierung wurde verlängert. Wir beraten Sie gern.
Termin: Tag der offenen Tür am 27.06. in Hildesheim, mit Grillbuffet.
Sie möchten diese Informationen nicht mehr erhalten? Hier abmelden."""),
    ("other", "de", "Abwesenheit per E-Mail", """Betreff: AW: Zahlungsavis HM-ZA-77120
Vielen Dank für Ihre Nachricht. Ich befinde mich bis zum 03.07.2026 im Urlaub. Ihre E-Mail wird nicht weitergeleitet.
In dringenden Fällen erreichen Sie unser Team unter buchhaltung@quellcode.example.
Beste Grüße, Jana Albers"""),
    ("other", "de", "Einladung zur Messe", """Stahlbau Nordheide lädt ein: Besuchen Sie uns auf der BAU 2027 in München!
Halle B2, Stand 410, 11. bis 16. Januar 2027.
Gern senden wir Ihnen kostenlose Eintrittskarten zu – antworten Sie einfach auf diese E-Mail.
Wir freuen uns auf interessante Gespräche."""),
    ("other", "de", "Prüfprotokoll", """Elektro Krüger GmbH & Co. KG
Prüfprotokoll nach DGUV Vorschrift 3
Anlage: Halle 3, Unterverteilung UV-3.2   Prüfdatum 16.04.2026
Isolationswiderstand > 200 MΩ, Schleifenimpedanz 0,41 Ω, RCD-Auslösezeit 22 ms
Ergebnis: keine Mängel festgestellt. Nächste Prüfung: 04/2027.
Prüfer: M. Krüger, Elektromeister"""),
    ("other", "fr", "bon de livraison", """TRANSPORTS GIRARD & FILS
LETTRE DE VOITURE / BON DE LIVRAISON N° LV-558371
Expéditeur : Papeterie du Rhône, Lyon      Destinataire : Halvorsen Manufacturing GmbH, Berlin
Date d'enlèvement : 22/04/2026
Nombre de colis : 6   Poids total : 410 kg   Nature : papeterie
Réserves à la livraison : ____________________
Date, nom et signature du destinataire"""),
    ("other", "fr", "réponse automatique", """Objet : Réponse automatique : Relance facture TG-26-04418
Bonjour, je suis actuellement en congés jusqu'au 17 août inclus. Pour toute demande urgente concernant la comptabilité fournisseurs, merci d'écrire à compta@halvorsen.example.
Cordialement, Sophie Martin"""),
    ("other", "fr", "mailing promotionnel", """Papeterie du Rhône – Offres de la rentrée
Jusqu'à -30 % sur les fournitures de bureau du 20 août au 15 septembre !
Livraison gratuite dès 150 € HT de commande. Découvrez notre nouvelle gamme de mobilier ergonomique.
Pour ne plus recevoir nos communications, cliquez ici."""),
    ("other", "fr", "fiche technique", """ThermoClim Services SAS
FICHE D'INTERVENTION N° FI-2026-1190
Site : Halvorsen Manufacturing, Blagnac   Date : 12/05/2026
Équipement : groupe froid n° 2   Technicien : L. Garnier
Travaux réalisés : contrôle d'étanchéité, remplacement filtre déshydrateur, relevé des pressions.
Observations : compresseur bruyant, remplacement à prévoir.
Signature du client :"""),
]
