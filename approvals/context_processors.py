from procurement.roles import ADMIN, APPROVER, user_roles


def inbox_count(request):
    """The number beside the Approvals link: emails waiting for an approver. Lazy: a page that
    does not show the link does not query."""
    roles = user_roles(getattr(request, "user", None)) if hasattr(request, "user") else set()
    if not roles & {APPROVER, ADMIN}:
        return {}

    def count() -> int:
        from approvals.queries import awaiting_count

        return awaiting_count()

    return {"approvals_waiting": count}
