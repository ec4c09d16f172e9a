"""The matching tolerances: global defaults from settings, overridden per vendor.

A difference is tolerated only when it is within the percentage AND within the absolute amount
(as AP systems do: "2 %, but never more than 100.00"). Agent code imports this module (no models).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.conf import settings

# The finding kinds a tolerance setting governs (agents/validation/rules.py), with the settings:
# accepting one says how far this vendor's bills may stray. Accepting any other kind (a
# duplicate, a vendor, an order, a bank account) is a decision about one invoice, not a tolerance
# matter: the librarian keeps it as no accepted variance and proposes nothing from it.
TOLERANCE_KINDS: dict[str, tuple[str, ...]] = {
    "price_variance": ("price_pct", "price_amount", "invoice_pct", "invoice_amount"),
    "quantity_variance": ("quantity_pct",),
    "billed_not_received": ("quantity_pct",),
    "over_billing": ("invoice_pct", "invoice_amount"),
    "tax_mismatch": ("tax_amount",),
}


@dataclass(frozen=True)
class Tolerances:
    price_pct: Decimal  # a line's unit price above the PO price, percent
    price_amount: Decimal  # ... and the line's overcharge (qty x difference), absolute
    quantity_pct: Decimal  # a line's quantity above what may still be billed, percent
    invoice_pct: Decimal  # the invoice's total overcharge (and a PO's billed total), percent
    invoice_amount: Decimal  # ... and absolute
    freight_amount: Decimal  # freight billed without a PO line, per invoice
    tax_amount: Decimal  # printed tax vs the rate on file, beyond per-line rounding
    rounding: Decimal  # qty x price vs amount, lines vs subtotal, subtotal + tax vs total

    def as_dict(self) -> dict[str, Decimal]:
        return asdict(self)


def default_tolerances(**overrides: Decimal | None) -> Tolerances:
    """The settings' tolerances, with any override that is set (None means "the default")."""
    defaults = {
        "price_pct": settings.VALIDATION_PRICE_TOLERANCE_PCT,
        "price_amount": settings.VALIDATION_PRICE_TOLERANCE_AMOUNT,
        "quantity_pct": settings.VALIDATION_QUANTITY_TOLERANCE_PCT,
        "invoice_pct": settings.VALIDATION_INVOICE_TOLERANCE_PCT,
        "invoice_amount": settings.VALIDATION_INVOICE_TOLERANCE_AMOUNT,
        "freight_amount": settings.VALIDATION_FREIGHT_TOLERANCE_AMOUNT,
        "tax_amount": settings.VALIDATION_TAX_TOLERANCE_AMOUNT,
        "rounding": settings.VALIDATION_ROUNDING_AMOUNT,
    }
    for name, value in overrides.items():
        if value is not None:
            defaults[name] = value
    return Tolerances(**{name: Decimal(value) for name, value in defaults.items()})
