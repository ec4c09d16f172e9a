"""Every scope a tool can require, with what it allows. Held by agents through manifests."""
from __future__ import annotations

SCOPES: dict[str, str] = {
    "documents:read": "Read a received document: its metadata and its bytes.",
    "invoices:read": "Read extracted invoices, their lines and findings; look for duplicates.",
    "invoices:write_extraction": "Create or replace the invoice read from a document.",
    "invoices:write_findings": "Record validation findings and link an invoice to vendor and PO.",
    "vendors:read": "Find vendors and read what is on file (IBAN, tolerances, contacts).",
    "purchase_orders:read": "Read purchase orders and their lines.",
    "receipts:read": "Read goods receipts: quantities received per purchase order line.",
    "directory:read": "Read the staff directory (who manages which vendor).",
    "decisions:read": "Read what people decided on a case: who, what, when and why.",
    "memory:search": "Search the long-term memory: live facts about one vendor.",
    "memory:write": "Keep facts in the long-term memory and propose tolerance changes.",
    "email:propose": "Propose an email to a vendor (guardrails and a person decide).",
    # Declared so that a manifest holding it is a visible mistake: sending is the outbox's job,
    # after a human sign-off, never an agent's.
    "email:send": "Send an email. No agent holds this scope.",
}
