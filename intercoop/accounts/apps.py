from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "intercoop.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from intercoop.accounts import permissions, workqueues
        from intercoop.core import audit, navigation, workqueue

        audit.register_neutral("accounts.")  # changes no record an indicator is computed from
        audit.register_actions(
            {
                "accounts.user.created": _("user created"),
                "accounts.user.changed": _("user changed"),
                "accounts.user.activated": _("account reactivated"),
                "accounts.user.deactivated": _("account deactivated"),
                "accounts.user.password_set": _("password set"),
                "accounts.user.logged_in": _("logged in"),
                "accounts.membership.granted": _("role granted"),
                "accounts.membership.revoked": _("role revoked"),
                "accounts.token.issued": _("API token issued"),
                "accounts.token.revoked": _("API token revoked"),
            }
        )
        navigation.register(
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
        )
        workqueue.register(
            workqueue.Queue(
                key="users_without_role",
                label=_("Users without a role"),
                permission=permissions.USER_MANAGE,
                provider=workqueues.users_without_role,
                empty_text=_("Every active user holds a role."),
                order=90,
            )
        )
