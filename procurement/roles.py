"""The three roles of the product and what each may do.

Groups are created by a data migration; their permissions are (re)granted after every migrate,
so a model added by a later migration is covered without another data migration.
"""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

CLERK = "AP clerk"
APPROVER = "Approver"
ADMIN = "AP admin"
ROLES = (CLERK, APPROVER, ADMIN)

# app label -> actions each role holds on every model of that app. Object-level rules (an
# approver may not approve their own edit, ...) live in the services, not here.
ROLE_GRANTS: dict[str, dict[str, tuple[str, ...]]] = {
    CLERK: {
        "procurement": ("view",),
        "agents": ("view",),
        "orchestrator": ("view",),
        "approvals": ("view",),
    },
    APPROVER: {
        "procurement": ("view",),
        "agents": ("view",),
        "orchestrator": ("view",),
        "approvals": ("view", "change"),
    },
    ADMIN: {
        "procurement": ("view", "add", "change", "delete"),
        "agents": ("view", "add", "change", "delete"),
        "orchestrator": ("view", "add", "change", "delete"),
        "llm": ("view", "add", "change", "delete"),
        "tools": ("view", "add", "change", "delete"),
        "approvals": ("view", "add", "change", "delete"),
        "memory": ("view", "add", "change", "delete"),
    },
}
# Documents, and the emails they came in, are evidence: nobody deletes one, not even an admin
# (the admin also hides the button).
NEVER_GRANTED = {"procurement.delete_document", "procurement.delete_emailmessage"}


def create_role_groups(apps=None) -> None:
    from django.contrib.auth.models import Group as CurrentGroup

    group_model = apps.get_model("auth", "Group") if apps else CurrentGroup
    for role in ROLES:
        group_model.objects.get_or_create(name=role)


def sync_role_permissions(sender=None, **kwargs) -> None:
    """Grant each role exactly the permissions ROLE_GRANTS describes (post_migrate handler)."""
    from django.contrib.auth.models import Group, Permission

    create_role_groups()
    for role, grants in ROLE_GRANTS.items():
        wanted = []
        for app_label, actions in grants.items():
            for perm in Permission.objects.filter(content_type__app_label=app_label):
                full = f"{app_label}.{perm.codename}"
                if perm.codename.split("_", 1)[0] in actions and full not in NEVER_GRANTED:
                    wanted.append(perm)
        Group.objects.get(name=role).permissions.set(wanted)


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(ROLES)
    if not hasattr(user, "_role_cache"):
        user._role_cache = set(user.groups.values_list("name", flat=True)) & set(ROLES)
    return user._role_cache


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def role_required(*roles: str):
    """Login, then one of `roles` (an AP admin may do everything); otherwise 403."""
    allowed = set(roles) | {ADMIN}

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *allowed):
                raise PermissionDenied("Your account has no role that may open this page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
