"""What the approvals inbox, the case page and the API read: emails by state, with the case."""
from __future__ import annotations

from django.db.models import QuerySet

from approvals.models import OutboundEmail
from approvals.services import EmailRefused
from procurement.roles import ADMIN, APPROVER, CLERK, has_role

S = OutboundEmail.State
# The states an approval channel may ask for (GET /api/approvals/?state=).
LISTABLE = (S.AWAITING_APPROVAL, S.BLOCKED, S.APPROVED, S.SENDING, S.SENT, S.REJECTED,
            S.VOIDED, S.EXPIRED)


def emails_visible_to(user) -> QuerySet[OutboundEmail]:
    """Every role sees the emails (a clerk follows their cases'); anyone else, nothing."""
    if not has_role(user, CLERK, APPROVER, ADMIN):
        raise EmailRefused("Your role may not see drafted emails.", status=403)
    return OutboundEmail.objects.select_related(
        "invoice__case", "invoice__vendor", "edited_by", "decided_by", "signed_by"
    ).prefetch_related("approvals__user")


def emails_in_state(*, user, state: str) -> QuerySet[OutboundEmail]:
    if state not in LISTABLE:
        raise EmailRefused(
            f"Unknown state {state!r}; one of: {', '.join(LISTABLE)}.", status=422
        )
    return emails_visible_to(user).filter(state=state).order_by("-created_at")


def awaiting_count() -> int:
    """The number on the approver's navigation link."""
    return OutboundEmail.objects.filter(state=S.AWAITING_APPROVAL).count()


def case_id_of(email: OutboundEmail) -> int | None:
    case = getattr(email.invoice, "case", None)
    return case.pk if case else None


def case_emails(*, invoice_id: int) -> list[OutboundEmail]:
    """A case's emails, newest first, for the case page (every role that sees the case)."""
    return list(
        OutboundEmail.objects.filter(invoice_id=invoice_id)
        .select_related("decided_by")
        .order_by("-created_at")
    )
