from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "intercoop.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from intercoop.core import navigation, permissions
        from intercoop.core.permissions import define
        from intercoop.core.roles import Role

        define(permissions.AUDIT_VIEW, _("See the institution's audit log"), [Role.SYSTEM_ADMIN])
        navigation.register(
            navigation.NavItem(
                key="audit",
                label=_("Audit log"),
                url_name="core:audit_log",
                icon="bi-journal-text",
                permission=permissions.AUDIT_VIEW,
                section=navigation.Section.ADMIN,
                order=90,
            )
        )
