"""What the dashboard adds to the shared registries: its menu entry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core import navigation
from intercoop.core.declarations import Declarations
from intercoop.dashboard import permissions

DECLARATIONS = Declarations(
    navigation=[
        navigation.NavItem(
            key="dashboard",
            label=_("Dashboard"),
            url_name="dashboard:index",
            icon="bi-display",
            permission=permissions.DASHBOARD_VIEW,
            order=1,
            personal_data=False,
        )
    ]
)
