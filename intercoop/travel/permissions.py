"""Permission codes of official travel."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.permissions import define
from intercoop.core.roles import Role

TRIP_VIEW = define(
    "travel.trip.view",
    _("See trips abroad"),
    [
        Role.SYSTEM_ADMIN,
        Role.OFFICE_STAFF,
        Role.LEADERSHIP_VIEWER,
        Role.FINANCE_OFFICER,
        Role.COLLEGE_LIAISON,
        Role.APPROVER,
        Role.TEACHER,
    ],
)
TRIP_APPLY = define(
    "travel.trip.apply",
    _("Apply for trips abroad and file their reports"),
    [Role.OFFICE_STAFF, Role.COLLEGE_LIAISON, Role.TEACHER],
)
TRIP_MANAGE = define(
    "travel.trip.manage",
    _("Run public notices, mission approvals and passports"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF],
)
TRIP_SETTLE = define(
    "travel.trip.settle",
    _("Settle the expenses of trips"),
    [Role.FINANCE_OFFICER],
)
PLAN_EDIT = define(
    "travel.plan.edit",
    _("Draft and submit a college's annual travel plan"),
    [Role.OFFICE_STAFF, Role.COLLEGE_LIAISON],
)
PLAN_APPROVE = define(
    "travel.plan.approve",
    _("Consolidate and approve the annual travel plans"),
    [Role.OFFICE_STAFF],
)
FIGURES_VIEW = define(
    "travel.figures.view",
    _("See travel figures"),
    [
        Role.SYSTEM_ADMIN,
        Role.OFFICE_STAFF,
        Role.LEADERSHIP_VIEWER,
        Role.FINANCE_OFFICER,
        Role.COLLEGE_LIAISON,
    ],
)
