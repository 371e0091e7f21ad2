"""Permission codes of mobility and exchange."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.permissions import define
from intercoop.core.roles import Role

MOBILITY_VIEW = define(
    "mobility.mobility.view",
    _("See mobility records"),
    [
        Role.SYSTEM_ADMIN,
        Role.OFFICE_STAFF,
        Role.LEADERSHIP_VIEWER,
        Role.COLLEGE_LIAISON,
        Role.PROJECT_LEAD,
        Role.TEACHER,
        Role.STUDENT,
    ],
)
MOBILITY_EDIT = define(
    "mobility.mobility.edit",
    _("Record and correct mobilities"),
    [Role.OFFICE_STAFF, Role.COLLEGE_LIAISON],
)
MOBILITY_IMPORT = define(
    "mobility.mobility.import",
    _("Import mobility records from Excel or CSV"),
    [Role.OFFICE_STAFF, Role.COLLEGE_LIAISON],
)
FIGURES_VIEW = define(
    "mobility.figures.view",
    _("See mobility figures"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.LEADERSHIP_VIEWER, Role.COLLEGE_LIAISON],
)
STAY_VIEW = define(
    "mobility.stay.view",
    _("See international students and foreign experts"),
    [
        Role.SYSTEM_ADMIN,
        Role.OFFICE_STAFF,
        Role.LEADERSHIP_VIEWER,
        Role.COLLEGE_LIAISON,
        Role.TEACHER,
        Role.STUDENT,
    ],
)
STAY_EDIT = define(
    "mobility.stay.edit",
    _("Keep the records of international students and foreign experts"),
    [Role.OFFICE_STAFF, Role.COLLEGE_LIAISON],
)
PERMIT_VIEW = define(
    "mobility.permit.view",
    _("See passport, visa and permit numbers of foreign nationals"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF],
)
EVENT_VIEW = define(
    "mobility.event.view",
    _("See training for foreign trainees and competitions"),
    [
        Role.SYSTEM_ADMIN,
        Role.OFFICE_STAFF,
        Role.LEADERSHIP_VIEWER,
        Role.COLLEGE_LIAISON,
        Role.PROJECT_LEAD,
    ],
)
CALL_VIEW = define(
    "mobility.call.view",
    _("See exchange calls"),
    [
        Role.SYSTEM_ADMIN,
        Role.OFFICE_STAFF,
        Role.LEADERSHIP_VIEWER,
        Role.COLLEGE_LIAISON,
        Role.TEACHER,
        Role.STUDENT,
    ],
)
CALL_MANAGE = define(
    "mobility.call.manage",
    _("Publish exchange calls, rank and nominate applicants"),
    [Role.OFFICE_STAFF],
)
CALL_APPLY = define("mobility.call.apply", _("Apply to exchange calls"), [Role.STUDENT])
APPLICATION_VIEW = define(
    "mobility.application.view",
    _("See exchange applications"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.LEADERSHIP_VIEWER, Role.COLLEGE_LIAISON, Role.STUDENT],
)
ERASMUS_IMPORT = define(
    "mobility.erasmus.import",
    _("Import the European Commission's Erasmus mobility records"),
    [Role.OFFICE_STAFF],
)
