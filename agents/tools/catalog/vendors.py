"""vendors.find and vendors.get: who sent this invoice, and what do we hold on file for them."""
from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, Field, StrictInt, model_validator

from agents.tools.errors import NotFound
from agents.tools.registry import ToolContext, ToolInput, registry
from procurement.models import Vendor
from procurement.services import vendor_find


class VendorFindIn(ToolInput):
    name: str = Field("", max_length=300, description="Vendor name as printed on the invoice.")
    tax_id: str = Field("", max_length=64, description="Tax / VAT id as printed.")
    iban: str = Field("", max_length=64, description="IBAN as printed (spaces are fine).")
    email: str = Field("", max_length=254, description="The sender's email address, if known.")
    limit: StrictInt = Field(5, ge=1, le=20)

    @model_validator(mode="after")
    def _something_to_look_for(self) -> VendorFindIn:
        if not (self.name.strip() or self.tax_id.strip() or self.iban.strip()
                or self.email.strip()):
            raise ValueError("give at least one of name, tax_id, iban or email")
        return self


class VendorCandidate(BaseModel):
    vendor_id: int
    legal_name: str
    is_active: bool
    score: float = Field(
        description="0..1: 1.0 tax id, 0.95 IBAN, 0.9 exact name or alias, 0.8 email domain, "
        "up to 0.85 a similar name; +0.05 per further agreeing signal."
    )
    matched_on: list[str] = Field(
        description="tax_id, iban, legal_name, alias, similar_name, email_domain."
    )
    similarity: float = Field(description="0..1: how alike the names are (1.0 exact).")


class VendorFindOut(BaseModel):
    candidates: list[VendorCandidate]


@registry.register(
    name="vendors.find",
    description=(
        "Find vendors on file from what an invoice prints: tax id (VAT ids with or without "
        "country prefix or suffix such as MVA / MWST), IBAN, name (legal name or alias, exactly "
        "or similar) and the sender's email domain. Returns candidates with a match score and "
        "what matched, best first; an empty list means no vendor on file matches."
    ),
    scope="vendors:read",
    input_model=VendorFindIn,
    output_model=VendorFindOut,
)
def vendors_find(args: VendorFindIn, ctx: ToolContext) -> VendorFindOut:
    matches = vendor_find(
        name=args.name, tax_id=args.tax_id, iban=args.iban, email=args.email, limit=args.limit
    )
    return VendorFindOut(
        candidates=[
            VendorCandidate(
                vendor_id=match.vendor.pk,
                legal_name=match.vendor.legal_name,
                is_active=match.vendor.is_active,
                score=match.score,
                matched_on=list(match.matched_on),
                similarity=match.similarity,
            )
            for match in matches
        ]
    )


class VendorGetIn(ToolInput):
    vendor_id: StrictInt


class Tolerances(BaseModel):
    """A difference is tolerated when within the percentage AND within the amount."""

    price_pct: Decimal = Field(description="Unit price above the PO price, percent per line.")
    price_amount: Decimal = Field(description="Overcharge of one line, absolute.")
    quantity_pct: Decimal = Field(description="Quantity above what may be billed, percent.")
    invoice_pct: Decimal = Field(description="Overcharge of the invoice / a PO's total, percent.")
    invoice_amount: Decimal = Field(description="Overcharge of the invoice / a PO's total.")
    freight_amount: Decimal = Field(description="Freight billed without a PO line, per invoice.")
    tax_amount: Decimal = Field(description="Printed tax vs the rate on file, beyond rounding.")
    rounding: Decimal = Field(description="qty x price vs amount, sums vs subtotal and total.")


class Contact(BaseModel):
    name: str
    email: str
    role: str
    is_primary: bool


class VendorOut(BaseModel):
    id: int
    legal_name: str
    aliases: list[str]
    tax_id: str
    iban: str = Field(description="IBAN on file; an invoice asking for another one is a red flag.")
    bank_account_number: str
    currency: str
    tax_rate: Decimal | None = Field(description="VAT percent the vendor charges, if on file.")
    payment_terms_days: int
    is_active: bool
    email_domains: list[str]
    account_manager_id: int | None
    tolerances: Tolerances
    contacts: list[Contact]


@registry.register(
    name="vendors.get",
    description=(
        "Get a vendor on file by id: legal name, aliases, tax id, the IBAN and bank account on "
        "file, currency, payment terms, whether active, matching tolerances and contacts."
    ),
    scope="vendors:read",
    input_model=VendorGetIn,
    output_model=VendorOut,
)
def vendors_get(args: VendorGetIn, ctx: ToolContext) -> VendorOut:
    vendor = Vendor.objects.filter(pk=args.vendor_id).prefetch_related("contacts").first()
    if vendor is None:
        raise NotFound(f"There is no vendor {args.vendor_id}.")
    return VendorOut(
        id=vendor.pk,
        legal_name=vendor.legal_name,
        aliases=list(vendor.aliases),
        tax_id=vendor.tax_id,
        iban=vendor.iban,
        bank_account_number=vendor.bank_account_number,
        currency=vendor.currency,
        tax_rate=vendor.tax_rate,
        payment_terms_days=vendor.payment_terms_days,
        is_active=vendor.is_active,
        email_domains=list(vendor.email_domains),
        account_manager_id=vendor.account_manager_id,
        tolerances=Tolerances(**vendor.tolerances().as_dict()),
        contacts=[
            Contact(name=c.name, email=c.email, role=c.role, is_primary=c.is_primary)
            for c in vendor.contacts.all()
        ],
    )
