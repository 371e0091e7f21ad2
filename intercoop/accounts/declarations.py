"""What the accounts app adds to the shared registries: audit labels, its menu entry and work queue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.accounts import permissions, workqueues
from intercoop.core import navigation, workqueue
from intercoop.core.declarations import Declarations

DECLARATIONS = Declarations(
    actions={
        "accounts.user.created": _("user created"),
        "accounts.user.changed": _("user changed"),
        "accounts.user.activated": _("account reactivated"),
        "accounts.user.deactivated": _("account deactivated"),
        "accounts.user.password_set": _("password set"),
        "accounts.user.logged_in": _("logged in"),
        "accounts.password_reset.requested": _("password reset e-mail asked for"),
        "accounts.password_reset.done": _("password set through the reset e-mail"),
        "accounts.membership.granted": _("role granted"),
        "accounts.membership.revoked": _("role revoked"),
        "accounts.token.issued": _("API token issued"),
        "accounts.token.revoked": _("API token revoked"),
    },
    neutral=("accounts.",),
    navigation=[
        navigation.NavItem(
            key="users",
            label=_("Users and roles"),
            url_name="accounts:user_list",
            icon="bi-person-gear",
            permission=permissions.USER_MANAGE,
            section=navigation.Section.ADMIN,
            order=10,
            active_prefix="accounts:user",
        )
    ],
    queues=[
        workqueue.Queue(
            key="users_without_role",
            label=_("Users without a role"),
            permission=permissions.USER_MANAGE,
            provider=workqueues.users_without_role,
            empty_text=_("Every active user holds a role."),
            order=90,
        )
    ],
)
