"""Permission codes of the partner directory. Partners belong to the whole institution."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.permissions import define
from intercoop.core.roles import Role

_STAFF = [
    Role.SYSTEM_ADMIN,
    Role.OFFICE_STAFF,
    Role.COLLEGE_LIAISON,
    Role.PROJECT_LEAD,
    Role.APPROVER,
    Role.FINANCE_OFFICER,
    Role.LEADERSHIP_VIEWER,
    Role.TEACHER,
]

PARTNER_VIEW = define("partners.partner.view", _("See the partner directory"), _STAFF)
PARTNER_CHANGE = define(
    "partners.partner.change",
    _("Add and edit partners and their contacts"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.COLLEGE_LIAISON],
)
PARTNER_MERGE = define(
    "partners.partner.merge", _("Merge duplicate partners"), [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF]
)
PARTNER_IMPORT = define(
    "partners.partner.import", _("Import partners from Excel"), [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF]
)
