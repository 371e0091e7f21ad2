"""Permission codes of indicators and national report tables."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.permissions import define
from intercoop.core.roles import Role

INDICATOR_VIEW = define(
    "indicators.view",
    _("See indicators and national report tables"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.LEADERSHIP_VIEWER, Role.COLLEGE_LIAISON, Role.SUPERVISOR],
)
INDICATOR_RECORDS = define(
    "indicators.records",
    _("Open the records behind an indicator"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.LEADERSHIP_VIEWER, Role.COLLEGE_LIAISON],
)
INDICATOR_ADJUST = define(
    "indicators.adjust",
    _("Adjust an indicator's value, with a reason and evidence"),
    [Role.OFFICE_STAFF],
)
REPORT_SUBMIT = define(
    "indicators.report.submit",
    _("Submit and reopen national report tables"),
    [Role.OFFICE_STAFF],
)
