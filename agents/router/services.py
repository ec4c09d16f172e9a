"""Services of the router for other parts of the product (the Librarian)."""
from __future__ import annotations

from agents.router import router_example_add

__all__ = ["router_example_add"]
