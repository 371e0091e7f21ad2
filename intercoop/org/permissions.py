"""Permission codes of the org app and the access functions for its objects."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.permissions import define
from intercoop.core.roles import Role

_MEMBERS = [r for r in Role if r != Role.SUPERVISOR]

UNIT_VIEW = define("org.unit.view", _("See the organisation tree"), _MEMBERS)
UNIT_CHANGE = define("org.unit.change", _("Create, edit and archive org units"), [Role.SYSTEM_ADMIN])
PERSON_LIST = define(
    "org.person.list",
    _("List people"),
    [
        Role.SYSTEM_ADMIN,
        Role.OFFICE_STAFF,
        Role.FINANCE_OFFICER,
        Role.LEADERSHIP_VIEWER,
        Role.COLLEGE_LIAISON,
        Role.APPROVER,
        Role.PROJECT_LEAD,
    ],
)
PERSON_VIEW = define(
    "org.person.view",
    _("See a person's record"),
    [
        Role.SYSTEM_ADMIN,
        Role.OFFICE_STAFF,
        Role.FINANCE_OFFICER,
        Role.LEADERSHIP_VIEWER,
        Role.COLLEGE_LIAISON,
        Role.APPROVER,
        Role.PROJECT_LEAD,
        Role.TEACHER,
        Role.STUDENT,
        Role.ENTERPRISE_MENTOR,
    ],
)
PERSON_VIEW_SENSITIVE = define(
    "org.person.view_sensitive",
    _("See passport, ID number, phone and date of birth"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.TEACHER, Role.STUDENT, Role.ENTERPRISE_MENTOR],
)
PERSON_CHANGE = define(
    "org.person.change",
    _("Create, edit and archive people"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.COLLEGE_LIAISON],
)
INSTITUTION_FIGURES = define(
    "org.institution.figures",
    _("See aggregated figures of the institution"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF, Role.LEADERSHIP_VIEWER, Role.SUPERVISOR],
)
INSTITUTION_SETTINGS = define(
    "org.institution.settings",
    _("Change the institution's settings (rules, codes, statistical date)"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF],
)
