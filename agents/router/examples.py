"""The example utterances the router is trained on, per route, in English, German and French.

These are phrases as they are printed on (or written in) each kind of document: titles, labels
and the sentences that say what a document is for. They ship with the code and are the whole
model: nothing is downloaded. They are kept apart from the labelled test set in
tests/router/labelled.py, which the router never sees while it is built (see the README, Router).

Phrases that name an invoice in passing belong to the route whose document says them (a reminder
"for invoice 4711" is an inquiry): that is what teaches the model that the word "invoice" alone
does not make an invoice.
"""
from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "invoice": (
        # English
        "Invoice", "Tax invoice", "Commercial invoice", "Sales invoice", "VAT invoice",
        "Invoice number", "Invoice no.", "Invoice date", "Bill to", "Ship to", "Sold to",
        "Amount due", "Total amount due", "Balance due", "Please pay by", "Payment due date",
        "Due date", "Payment terms: net 30 days", "Net 14 days", "Subtotal", "VAT 20%",
        "Total incl. VAT", "Total excl. VAT", "Grand total", "Qty Description Unit price Amount",
        "Please quote the invoice number with your payment",
        "Please transfer the amount to the account below",
        "Thank you for your business", "Customer number", "Your order number",
        "Billing period", "Invoice for services rendered", "Delivery date",
        "Tax invoice / receipt", "Bank details IBAN BIC", "Receipt", "Payment receipt",
        "Amount paid", "Total paid", "Paid by credit card", "Order summary and charges",
        "Your invoice", "Monthly invoice", "Subscription fee", "Subscription total",
        # German
        "Rechnung", "Rechnungsnummer", "Rechnungs-Nr.", "Rechnungsdatum", "Rechnung Nr.",
        "Handelsrechnung", "Warenrechnung", "Kostenrechnung", "Schlussrechnung", "Teilrechnung",
        "Wir berechnen Ihnen", "Wir erlauben uns, Ihnen in Rechnung zu stellen",
        "Lieferung gemäß Ihrer Bestellung", "Leistungsdatum", "Lieferdatum",
        "Zahlbar ohne Abzug bis", "Zahlbar innerhalb von 14 Tagen", "Fälligkeitsdatum",
        "Nettobetrag", "MwSt 19 %", "Umsatzsteuer", "Gesamtbetrag", "Rechnungsbetrag",
        "Zwischensumme", "Bitte geben Sie bei Zahlung die Rechnungsnummer an",
        "Bitte überweisen Sie den Betrag auf folgendes Konto", "Kundennummer", "Bestellnummer",
        "Pos. Menge Einzelpreis Gesamtpreis", "Steuernummer USt-IdNr.",
        "Beitragsrechnung", "Rechnungszeitraum", "Fälligkeitstag", "Diese Rechnung",
        "Zu zahlender Betrag", "Rechnung des Versicherers", "Bitte zahlen Sie bis",
        "Quittung", "Beleg", "Betrag dankend erhalten", "Bezahlt per Kreditkarte",
        "Ihre Rechnung", "Monatsrechnung", "Abonnementgebühr",
        # French
        "Facture", "Facture n°", "Numéro de facture", "Date de facture", "Date d'échéance",
        "Facture de vente", "Facture commerciale", "Total HT", "TVA 20 %", "Total TTC",
        "Net à payer", "Montant à payer", "Conditions de paiement", "Paiement à 30 jours",
        "À régler avant le", "Merci de rappeler le numéro de facture lors du règlement",
        "Désignation Quantité Prix unitaire HT Montant HT", "Votre numéro de commande",
        "Date de livraison", "Coordonnées bancaires IBAN BIC", "Numéro client",
        "Pénalités de retard", "Indemnité forfaitaire pour frais de recouvrement", "Reçu",
        "Payé par carte bancaire", "Montant réglé", "Facture acquittée", "Votre facture",
        "Facture mensuelle", "Abonnement", "Détail de votre facture", "Montant total facturé",
    ),
    "credit_note": (
        # English
        "Credit note", "Credit memo", "Credit note number", "Credit note no.",
        "Credit note for invoice", "Refers to invoice", "Original invoice number",
        "Corrects invoice", "We have credited your account", "Amount credited",
        "Total credit", "Credit amount", "Refund", "We credit you the following items",
        "Returned goods", "Return of damaged goods", "Credit for returned items",
        "The amount will be offset against your next payment",
        "This credit note reduces the amount of invoice", "Negative invoice", "Credit to you",
        "Price reduction granted", "Cancellation invoice",
        # German
        "Gutschrift", "Gutschriftsnummer", "Gutschrift Nr.", "Rechnungskorrektur",
        "Korrekturrechnung", "Stornorechnung", "Storno", "Stornierung der Rechnung",
        "zu Rechnung Nr.", "Ursprungsbeleg-Nr.", "Bezug: Rechnung", "Ursprüngliche Rechnung",
        "Wir schreiben Ihnen gut", "erhalten Sie die folgenden Leistungen gutgeschrieben",
        "Gutschriftsbetrag", "Rücksendung", "Retoure", "Reklamation", "Preisnachlass",
        "Der Betrag wird mit der nächsten Zahlung verrechnet", "Die Rechnung wird storniert",
        "Rechnungsstorno", "Stornobeleg", "Gutschrift zur Rechnung",
        # French
        "Avoir", "Avoir n°", "Numéro d'avoir", "Facture d'avoir", "Note de crédit",
        "Facture liée", "Facture d'origine", "Avoir sur facture", "Annule et remplace la facture",
        "Avoir suite à retour de marchandise", "Montant de l'avoir", "Total de l'avoir",
        "Nous vous créditons", "Remboursement", "Avoir suite à litige", "Retour marchandise",
        "Motif de l'avoir", "Avoir sur la facture n°", "Montant remboursé",
    ),
    "statement": (
        # English
        "Statement of account", "Account statement", "Customer statement", "Statement date",
        "Statement period", "Opening balance", "Closing balance", "Balance brought forward",
        "Balance carried forward", "Open items", "Outstanding invoices", "Aged balance",
        "Ageing: current 30 days 60 days 90 days", "Total outstanding",
        "Date Reference Debit Credit Balance", "Invoice Payment Credit note Balance",
        "Please find below the open items on your account",
        "Payments received after the statement date are not shown",
        "Please check this statement against your records", "Remittance advice slip",
        "Account summary", "Transactions this period",
        # German
        "Kontoauszug", "Kontoauszug Kunde", "Saldenbestätigung", "Saldenmitteilung",
        "Offene Posten", "Offene-Posten-Liste", "Anfangssaldo", "Endsaldo", "Saldovortrag",
        "Saldo zu Ihren Lasten", "Datum Beleg Soll Haben Saldo",
        "Wir bitten um Abstimmung des Saldos", "Kontoblatt", "Stand der offenen Posten per",
        "Fälligkeit Belegnummer Betrag offen",
        # French
        "Relevé de compte", "Relevé de compte client", "Relevé des factures",
        "Solde d'ouverture", "Solde de clôture", "Solde à reporter", "Solde reporté",
        "Factures non réglées", "Échéancier", "Date Pièce Débit Crédit Solde",
        "Liste des factures en attente de règlement", "Confirmation de solde",
        "Veuillez vérifier ce relevé", "Relevé arrêté au",
    ),
    "po_confirmation": (
        # English
        "Order confirmation", "Order acknowledgement", "Sales order confirmation",
        "Confirmation of your order", "Thank you for your order", "We confirm your order",
        "We acknowledge receipt of your purchase order", "Your purchase order",
        "Confirmed delivery date", "Expected delivery", "Estimated ship date",
        "Order number", "Sales order", "Our order reference", "This is not an invoice",
        "An invoice will follow upon shipment", "You will be invoiced on delivery",
        "Please check the order details", "Delivery schedule", "Proforma invoice",
        "Quotation", "Offer valid until",
        # German
        "Auftragsbestätigung", "Bestellbestätigung", "Wir bestätigen Ihre Bestellung",
        "Vielen Dank für Ihren Auftrag", "Vielen Dank für Ihre Bestellung", "Ihre Bestellung vom",
        "Liefertermin", "Voraussichtlicher Liefertermin", "Lieferzeit", "Auftragsnummer",
        "Die Rechnung folgt mit der Lieferung", "Dies ist keine Rechnung",
        "Bitte prüfen Sie die Auftragsbestätigung", "Angebot", "Proformarechnung",
        # French
        "Confirmation de commande", "Accusé de réception de commande", "Bon de commande",
        "Nous accusons réception de votre commande", "Merci pour votre commande",
        "Nous confirmons votre commande", "Date de livraison prévue", "Délai de livraison",
        "Numéro de commande", "La facture suivra à l'expédition", "Ceci n'est pas une facture",
        "Devis", "Facture proforma",
    ),
    "vendor_inquiry": (
        # English
        "Payment reminder", "Reminder", "Friendly reminder", "Second reminder", "Final reminder",
        "Final notice", "Overdue invoice", "Your payment is overdue", "Past due",
        "We have not yet received payment for invoice", "Please settle the outstanding amount",
        "If you have already paid, please disregard this reminder",
        "Could you let us know when we can expect payment", "When will this invoice be paid",
        "Remittance query", "Please send us the remittance advice",
        "We received a payment we cannot allocate", "Which invoices does this payment cover",
        "Question about your purchase order", "Could you please confirm",
        "Please update your records with our new bank details",
        "Change of bank details", "Dear accounts payable team",
        "Could you please send us a copy of the purchase order", "Late payment interest",
        # German
        "Zahlungserinnerung", "Mahnung", "1. Mahnung", "Letzte Mahnung", "Erinnerung",
        "Sicherlich haben Sie übersehen", "Leider konnten wir noch keinen Zahlungseingang",
        "Bitte überweisen Sie den offenen Betrag umgehend",
        "Sollten Sie die Zahlung bereits veranlasst haben, betrachten Sie dieses Schreiben",
        "Bis wann dürfen wir mit der Zahlung rechnen", "Rückfrage zur Zahlung",
        "Bitte senden Sie uns ein Zahlungsavis", "Änderung unserer Bankverbindung",
        "Verzugszinsen",
        "Können Sie uns bitte mitteilen",
        # French
        "Relance", "Rappel de paiement", "Relance de facture impayée", "Mise en demeure",
        "Sauf erreur de notre part", "Nous n'avons pas encore reçu le règlement de la facture",
        "Merci de procéder au règlement dans les plus brefs délais",
        "Si vous avez déjà effectué le paiement, merci de ne pas tenir compte de ce courrier",
        "Pourriez-vous nous indiquer la date de paiement", "Avis de virement",
        "Changement de coordonnées bancaires",
        "Pourriez-vous nous confirmer", "Question concernant votre commande",
    ),
    "other": (
        # English
        "Newsletter", "Unsubscribe", "Delivery note", "Packing list", "Dispatch note",
        "Terms and conditions", "Price list", "Product catalogue", "Job application",
        "Meeting invitation", "Out of office", "I am out of the office",
        "Safety data sheet", "Certificate of conformity", "Press release",
        "Webinar", "Special offer", "Seasons greetings", "Contract", "Non-disclosure agreement",
        "Privacy policy update", "Customer satisfaction survey",
        # German
        "Lieferschein", "Packliste", "Allgemeine Geschäftsbedingungen", "Preisliste",
        "Katalog", "Bewerbung", "Einladung", "Abwesenheitsnotiz", "Ich bin abwesend",
        "Sicherheitsdatenblatt", "Konformitätserklärung", "Pressemitteilung",
        "Rundschreiben", "Datenschutzhinweise", "Vertrag", "Sonderangebot", "Frohe Festtage",
        "Automatische Antwort", "Ich bin nicht im Büro", "Lieferschein Nr.", "Ware erhalten",
        "Anlieferung", "Empfang bestätigt Unterschrift",
        # French
        "Bon de livraison", "Liste de colisage", "Conditions générales de vente",
        "Tarifs", "Catalogue", "Candidature", "Invitation", "Message d'absence",
        "Je suis absent du bureau", "Fiche de données de sécurité",
        "Certificat de conformité", "Communiqué de presse", "Lettre d'information",
        "Se désabonner", "Offre spéciale", "Meilleurs vœux", "Réponse automatique",
        "Bon de livraison n°", "Marchandise reçue, signature",
    ),
}

ROUTES: tuple[str, ...] = tuple(EXAMPLES)
