"""The number of the invoice a credit note corrects, as printed next to its label.

"Relates to invoice BOS-22871", "Original invoice: INV-0093", "Bezug: Rechnung 2026-0457",
"zur Rechnung DW-R-881204", "Ursprungsbeleg-Nr : R87654321012345", "Facture liée FA-2017-0010",
"Facture d'origine : F2026-0312", "Annule et remplace la facture 2026-044". The number must hold
a digit; the first one found wins. Matching it to an invoice on file is validation's part (the
vendor must be known first): procurement.services.invoice_record_findings.
"""
from __future__ import annotations

import re

_LABEL = (
    r"(?:relates?\s+to|refers?\s+to|corrects?|for|against|original|referenced?|cancels?)"
    r"\s+invoice(?:\s+(?:no\.?|number|#))?"
    r"|original\s+invoice(?:\s+(?:no\.?|number))?"
    r"|(?:bezug:?\s*|zur?\s+|ursprüngliche[rn]?\s+|storno\s+(?:der\s+)?)rechnung(?:\s*(?:nr\.?|nummer))?"
    r"|ursprungsbeleg(?:-?nr\.?)?"
    r"|rechnungskorrektur\s+zu"
    r"|factures?\s+(?:liée|d'origine|d’origine|initiale|n°\s*d'origine)"
    r"|(?:avoir\s+sur|annule\s+et\s+remplace(?:\s+partiellement)?)\s+(?:la\s+)?facture(?:\s+n°)?"
)
_REFERENCE = re.compile(
    rf"(?:{_LABEL})\s*[:#]?\s*(?:n°|nr\.?|no\.?)?\s*(?P<number>[A-Z0-9][A-Z0-9./-]*\d[A-Z0-9./-]*)",
    re.IGNORECASE,
)


def referenced_invoice_number(text: str) -> str:
    """The corrected invoice's number as printed, or "" when the text names none."""
    match = _REFERENCE.search(text)
    return match["number"].rstrip("./-")[:100] if match else ""
