"""What each agent may do: the scopes it holds, and nothing more (least privilege).

A tool call outside these scopes raises `agents.errors.ToolPermissionError`, is audited as
"denied", and fails the step permanently. No agent holds `email:send`.
"""
from __future__ import annotations

from agents.errors import PermanentError
from agents.tools.scopes import SCOPES

MANIFESTS: dict[str, frozenset[str]] = {
    # Decides whether a document is an invoice at all: it only needs to look at it.
    "router": frozenset({"documents:read"}),
    # Reads the PDF and writes what is printed on it; it does not judge vendors or orders. It
    # looks the printed vendor up only to read the layout hints kept for it (agents/intake/hints).
    "intake": frozenset({"documents:read", "invoices:write_extraction", "vendors:read",
                         "memory:search"}),
    # Compares the invoice with what is on file and records findings.
    "validation": frozenset({
        "invoices:read",
        "vendors:read",
        "purchase_orders:read",
        "receipts:read",
        "invoices:write_findings",
        "memory:search",
    }),
    # Explains a discrepancy and drafts the email; only proposes it.
    "exception": frozenset({
        "invoices:read",
        "vendors:read",
        "purchase_orders:read",
        "receipts:read",
        "directory:read",
        "memory:search",
        "email:propose",
    }),
    # After a case closes, the only writer of long-term memory.
    # It reads the document too, to find where a corrected value is printed.
    "librarian": frozenset({"documents:read", "invoices:read", "decisions:read", "vendors:read",
                            "memory:search", "memory:write"}),
}

AGENTS: tuple[str, ...] = tuple(MANIFESTS)

_unknown = {scope for scopes in MANIFESTS.values() for scope in scopes} - set(SCOPES)
assert not _unknown, f"manifests name undeclared scopes: {sorted(_unknown)}"


class UnknownAgent(PermanentError):
    """A caller named an agent that has no manifest; it holds nothing."""


def scopes_for(agent: str) -> frozenset[str]:
    try:
        return MANIFESTS[agent]
    except KeyError:
        raise UnknownAgent(f"No manifest for agent {agent!r}; known agents: {', '.join(AGENTS)}")\
            from None
