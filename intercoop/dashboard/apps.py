from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "intercoop.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        from intercoop.core import navigation
        from intercoop.dashboard import permissions

        navigation.register(
            navigation.NavItem(
                key="dashboard",
                label=_("Dashboard"),
                url_name="dashboard:index",
                icon="bi-display",
                permission=permissions.DASHBOARD_VIEW,
                order=1,
                personal_data=False,
            )
        )
