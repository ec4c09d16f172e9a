"""directory.account_manager_for_vendor: who inside owns the relationship with a vendor."""
from __future__ import annotations

from pydantic import BaseModel, Field, StrictInt

from agents.tools.errors import NotFound
from agents.tools.registry import ToolContext, ToolInput, registry
from procurement.models import Vendor


class AccountManagerIn(ToolInput):
    vendor_id: StrictInt


class StaffOut(BaseModel):
    id: int
    name: str
    email: str
    title: str
    department: str
    is_active: bool = Field(description="False: left or on leave; find someone else.")


class AccountManagerOut(BaseModel):
    vendor_id: int
    account_manager: StaffOut | None = Field(description="None when nobody is assigned.")


@registry.register(
    name="directory.account_manager_for_vendor",
    description=(
        "The colleague who manages the relationship with a vendor (name, email, title, "
        "department, whether still active), or null when nobody is assigned."
    ),
    scope="directory:read",
    input_model=AccountManagerIn,
    output_model=AccountManagerOut,
)
def account_manager_for_vendor(args: AccountManagerIn, ctx: ToolContext) -> AccountManagerOut:
    vendor = Vendor.objects.filter(pk=args.vendor_id).select_related("account_manager").first()
    if vendor is None:
        raise NotFound(f"There is no vendor {args.vendor_id}.")
    manager = vendor.account_manager
    return AccountManagerOut(
        vendor_id=vendor.pk,
        account_manager=StaffOut(
            id=manager.pk,
            name=manager.name,
            email=manager.email,
            title=manager.title,
            department=manager.department,
            is_active=manager.is_active,
        )
        if manager
        else None,
    )
