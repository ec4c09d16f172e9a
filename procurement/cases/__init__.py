"""Cases: the one state a person reads for each received document, and what people do to it.

    sync.py      case_sync(): recompute a case from the machinery (the only writer of its state)
    actions.py   the clerk's actions, each one service (keyword-only, role + state + version)
    queries.py   the queue and the case page's data (PO lines beside invoice lines)
    tokens.py    people's API tokens
"""
from procurement.cases.sync import CASE_STATE_OF_WORKFLOW, case_sync

__all__ = ["CASE_STATE_OF_WORKFLOW", "case_sync"]
