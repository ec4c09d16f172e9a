from procurement.roles import ADMIN, APPROVER, CLERK, user_roles


def navigation(request):
    roles = user_roles(getattr(request, "user", None)) if hasattr(request, "user") else set()
    return {
        "user_roles": sorted(roles),
        "is_clerk": CLERK in roles or ADMIN in roles,
        "is_approver": APPROVER in roles or ADMIN in roles,
        "is_ap_admin": ADMIN in roles,
    }
