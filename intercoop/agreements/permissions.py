"""Permission codes for agreements. Who may take each lifecycle step is a code of its own."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.permissions import define
from intercoop.core.roles import Role

AGREEMENT_VIEW = define(
    "agreements.agreement.view",
    _("See agreements"),
    [
        Role.SYSTEM_ADMIN,
        Role.OFFICE_STAFF,
        Role.LEADERSHIP_VIEWER,
        Role.FINANCE_OFFICER,
        Role.COLLEGE_LIAISON,
        Role.APPROVER,
        Role.PROJECT_LEAD,
        Role.TEACHER,
    ],
)
AGREEMENT_CHANGE = define(
    "agreements.agreement.change",
    _("Draft and edit agreements, record obligations, documents and interactions"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.COLLEGE_LIAISON],
)
AGREEMENT_APPROVE = define(
    "agreements.agreement.approve",
    _("Approve agreements in internal review, or return them"),
    [Role.OFFICE_STAFF, Role.APPROVER],
)
AGREEMENT_SIGN = define(
    "agreements.agreement.sign",
    _("Record signing, activate, renew and terminate agreements"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF],
)
OBLIGATION_UPDATE = define(
    "agreements.obligation.update",
    _("Report on one's own obligations and upload their evidence"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.COLLEGE_LIAISON, Role.PROJECT_LEAD, Role.TEACHER],
)
AGREEMENT_IMPORT = define(
    "agreements.agreement.import", _("Import agreements from Excel"), [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF]
)
