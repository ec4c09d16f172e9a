from procurement.roles import ADMIN, APPROVER, CLERK, user_roles


def navigation(request):
    roles = user_roles(getattr(request, "user", None)) if hasattr(request, "user") else set()
    return {
        "user_roles": sorted(roles),
        "is_clerk": CLERK in roles or ADMIN in roles,
        "is_approver": APPROVER in roles or ADMIN in roles,
        "is_ap_admin": ADMIN in roles,
        # Unacknowledged LLM budget alerts, for the banner AP admins see on every page.
        "llm_budget_alerts": _open_budget_alerts if ADMIN in roles else (),
    }


def _open_budget_alerts():
    from agents.llm.services import open_budget_alerts

    return list(open_budget_alerts()[:5])
