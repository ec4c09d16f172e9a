"""purchase_orders.get, purchase_orders.billed and receipts.for_purchase_order: what was ordered,
what other invoices already bill, and what arrived.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, Field, StrictInt

from agents.tools.errors import NotFound
from agents.tools.registry import ToolContext, ToolInput, registry
from procurement.models import PurchaseOrder
from procurement.services import purchase_order_billed


class PurchaseOrderGetIn(ToolInput):
    number: str = Field(min_length=1, max_length=64, description="PO number as printed.")


class PurchaseOrderLineOut(BaseModel):
    id: int
    line_no: int
    sku: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    unit_of_measure: str
    tax_rate: Decimal = Field(description="Percent.")
    net_amount: Decimal


class PurchaseOrderOut(BaseModel):
    id: int
    number: str
    vendor_id: int
    vendor_name: str
    currency: str
    status: str = Field(description="open, closed or cancelled.")
    issued_on: dt.date
    net_total: Decimal
    lines: list[PurchaseOrderLineOut]


class PurchaseOrderLookup(BaseModel):
    found: bool = Field(description="False: no purchase order has this number.")
    purchase_order: PurchaseOrderOut | None = None


@registry.register(
    name="purchase_orders.get",
    description=(
        "Look up a purchase order by its number (as printed on the invoice; case and surrounding "
        "spaces are ignored): vendor, currency, status and lines with quantity and unit price. "
        "found=false when no order has that number."
    ),
    scope="purchase_orders:read",
    input_model=PurchaseOrderGetIn,
    output_model=PurchaseOrderLookup,
)
def purchase_orders_get(args: PurchaseOrderGetIn, ctx: ToolContext) -> PurchaseOrderLookup:
    # A printed PO number that is not on file is a normal finding (missing_po), not an error.
    order = (
        PurchaseOrder.objects.filter(number__iexact=args.number.strip())
        .select_related("vendor")
        .prefetch_related("lines")
        .first()
    )
    if order is None:
        return PurchaseOrderLookup(found=False)
    lines = list(order.lines.all())
    return PurchaseOrderLookup(
        found=True,
        purchase_order=PurchaseOrderOut(
            id=order.pk,
            number=order.number,
            vendor_id=order.vendor_id,
            vendor_name=order.vendor.legal_name,
            currency=order.currency,
            status=order.status,
            issued_on=order.issued_on,
            net_total=sum((line.net_amount() for line in lines), Decimal("0.00")),
            lines=[
                PurchaseOrderLineOut(
                    id=line.pk,
                    line_no=line.line_no,
                    sku=line.sku,
                    description=line.description,
                    quantity=line.quantity,
                    unit_price=line.unit_price,
                    unit_of_measure=line.unit_of_measure,
                    tax_rate=line.tax_rate,
                    net_amount=line.net_amount(),
                )
                for line in lines
            ],
        ),
    )


class BilledIn(ToolInput):
    purchase_order_id: int
    excluding_invoice_ids: list[int] = Field(
        default_factory=list, max_length=50,
        description="Leave these invoices out: the one being checked and those it may duplicate.",
    )


class BilledLine(BaseModel):
    po_line_id: int
    quantity: Decimal = Field(description="Quantity billed on this PO line by other invoices.")


class BilledOut(BaseModel):
    purchase_order_id: int
    lines: list[BilledLine] = Field(description="Only PO lines something was billed on.")
    net: Decimal = Field(description="Net (subtotal) billed on the order by other invoices.")
    invoice_count: int


@registry.register(
    name="purchase_orders.billed",
    description=(
        "What the other live invoices of a purchase order (not rejected, not recorded as a "
        "duplicate) already bill: quantity per PO line and net total. With the receipts, it says "
        "how much may still be billed: received (or ordered) minus already billed."
    ),
    scope="purchase_orders:read",
    input_model=BilledIn,
    output_model=BilledOut,
)
def purchase_orders_billed(args: BilledIn, ctx: ToolContext) -> BilledOut:
    if not PurchaseOrder.objects.filter(pk=args.purchase_order_id).exists():
        raise NotFound(f"There is no purchase order {args.purchase_order_id}.")
    billing = purchase_order_billed(
        purchase_order_id=args.purchase_order_id,
        excluding_invoice_ids=args.excluding_invoice_ids,
    )
    return BilledOut(
        purchase_order_id=args.purchase_order_id,
        lines=[BilledLine(po_line_id=pk, quantity=qty) for pk, qty in billing.quantities.items()],
        net=billing.net,
        invoice_count=billing.invoice_count,
    )


class ReceiptsIn(ToolInput):
    purchase_order_id: StrictInt


class ReceivedLine(BaseModel):
    po_line_id: int
    line_no: int
    description: str
    ordered: Decimal
    received: Decimal = Field(description="Sum over all goods receipts so far.")
    outstanding: Decimal = Field(description="ordered - received; negative when over-delivered.")


class ReceiptOut(BaseModel):
    number: str
    received_on: dt.date


class ReceiptsOut(BaseModel):
    purchase_order_id: int
    receipts: list[ReceiptOut]
    lines: list[ReceivedLine]


@registry.register(
    name="receipts.for_purchase_order",
    description=(
        "Goods received against a purchase order: the receipts, and per PO line the quantity "
        "ordered, received so far and still outstanding. Use it to check invoiced quantities."
    ),
    scope="receipts:read",
    input_model=ReceiptsIn,
    output_model=ReceiptsOut,
)
def receipts_for_purchase_order(args: ReceiptsIn, ctx: ToolContext) -> ReceiptsOut:
    order = PurchaseOrder.objects.filter(pk=args.purchase_order_id).first()
    if order is None:
        raise NotFound(f"There is no purchase order {args.purchase_order_id}.")
    received = order.received_quantities()
    zero = Decimal("0")
    return ReceiptsOut(
        purchase_order_id=order.pk,
        receipts=[
            ReceiptOut(number=receipt.number, received_on=receipt.received_on)
            for receipt in order.receipts.order_by("received_on", "number")
        ],
        lines=[
            ReceivedLine(
                po_line_id=line.pk,
                line_no=line.line_no,
                description=line.description,
                ordered=line.quantity,
                received=received.get(line.pk, zero),
                outstanding=line.quantity - received.get(line.pk, zero),
            )
            for line in order.lines.all()
        ],
    )
