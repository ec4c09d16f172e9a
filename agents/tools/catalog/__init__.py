"""The tools, one module per area. Importing this package registers them all."""
from agents.tools.catalog import (  # noqa: F401
    cases,
    directory,
    documents,
    email,
    invoices,
    memory,
    purchase_orders,
    vendors,
)
