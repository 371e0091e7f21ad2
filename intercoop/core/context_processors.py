from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from intercoop.core import navigation, notifications
from intercoop.core.access import access_for
from intercoop.core.roles import Role


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page shell needs: the user's navigation, roles and institution."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_groups": [], "shell_roles": []}
    access = access_for(user)
    labels = dict(Role.choices)
    groups = navigation.items_for(access)
    match = getattr(request, "resolver_match", None)
    return {
        "access": access,
        "nav_groups": groups,
        "nav_active": navigation.active_key(groups, match.view_name) if match is not None else "",
        "shell_roles": sorted({str(labels[r]) for r in access.roles}),
        "shell_institution": getattr(user, "institution", None),
        "shell_unread": notifications.unread_count(user),
    }
