"""Permission code of the one-screen dashboard."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.permissions import define
from intercoop.core.roles import Role

DASHBOARD_VIEW = define(
    "dashboard.view",
    _("See the one-screen dashboard"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.LEADERSHIP_VIEWER, Role.COLLEGE_LIAISON, Role.SUPERVISOR],
)
