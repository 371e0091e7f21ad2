"""Permission codes of plans, targets and the assessment of colleges."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.permissions import define
from intercoop.core.roles import Role

PLAN_VIEW = define(
    "planning.plan.view",
    _("See plans, targets and progress"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.LEADERSHIP_VIEWER, Role.COLLEGE_LIAISON],
)
PLAN_EDIT = define("planning.plan.edit", _("Draw up plans and set targets"), [Role.OFFICE_STAFF])
ASSESSMENT_VIEW = define(
    "planning.assessment.view",
    _("See the assessment of secondary colleges"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.LEADERSHIP_VIEWER, Role.COLLEGE_LIAISON],
)
ASSESSMENT_MANAGE = define(
    "planning.assessment.manage", _("Set the assessment scheme of secondary colleges"), [Role.OFFICE_STAFF]
)
