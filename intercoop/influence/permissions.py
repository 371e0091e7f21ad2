"""Permission codes of the influence registers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.permissions import define
from intercoop.core.roles import Role

INFLUENCE_VIEW = define(
    "influence.view",
    _("See posts abroad, standards adopted abroad and overseas sites"),
    [
        Role.SYSTEM_ADMIN,
        Role.OFFICE_STAFF,
        Role.LEADERSHIP_VIEWER,
        Role.COLLEGE_LIAISON,
        Role.PROJECT_LEAD,
        Role.TEACHER,
    ],
)
INFLUENCE_EDIT = define(
    "influence.edit",
    _("Record posts abroad, standards adopted abroad and overseas sites"),
    [Role.OFFICE_STAFF, Role.COLLEGE_LIAISON],
)
