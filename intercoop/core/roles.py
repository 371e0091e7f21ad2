"""The roles a user can hold, and how far each one reaches.

A role is granted per org unit (``accounts.Membership``). Its *scope* says what the grant covers:

* ``INSTITUTION``: the whole institution, wherever in the tree it was granted (office staff sit in the
  international office but work for the whole college);
* ``UNIT``: the unit it was granted on and everything below it (a college liaison and their college);
* ``SELF``: only records about the user's own person (a student sees their own applications);
* ``AGGREGATE``: aggregated figures of the institutions it was granted on, never personal data.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    INSTITUTION = "institution", _("Whole institution")
    UNIT = "unit", _("Unit and the units below it")
    SELF = "self", _("Own records")
    AGGREGATE = "aggregate", _("Aggregated figures only")


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    OFFICE_STAFF = "office_staff", _("International office staff")
    COLLEGE_LIAISON = "college_liaison", _("College liaison")
    PROJECT_LEAD = "project_lead", _("Project lead")
    APPROVER = "approver", _("Approver")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    ENTERPRISE_MENTOR = "enterprise_mentor", _("Enterprise mentor")
    LEADERSHIP_VIEWER = "leadership_viewer", _("Leadership viewer")
    SUPERVISOR = "supervisor", _("Supervisor")


ROLE_SCOPE: dict[str, Scope] = {
    Role.SYSTEM_ADMIN: Scope.INSTITUTION,
    Role.OFFICE_STAFF: Scope.INSTITUTION,
    Role.FINANCE_OFFICER: Scope.INSTITUTION,
    Role.LEADERSHIP_VIEWER: Scope.INSTITUTION,
    Role.COLLEGE_LIAISON: Scope.UNIT,
    Role.PROJECT_LEAD: Scope.UNIT,
    Role.APPROVER: Scope.UNIT,
    Role.TEACHER: Scope.SELF,
    Role.STUDENT: Scope.SELF,
    Role.ENTERPRISE_MENTOR: Scope.SELF,
    Role.SUPERVISOR: Scope.AGGREGATE,
}

# Unit-scoped roles granted without a unit reach the whole institution (a school leader who approves
# every trip). A college liaison is always a liaison *of a college*, so that role needs its unit.
ROLES_REQUIRING_UNIT = frozenset({Role.COLLEGE_LIAISON})

ROLE_DESCRIPTIONS: dict[str, Any] = {
    Role.SYSTEM_ADMIN: _("Manages users, roles and the organisation tree of the institution."),
    Role.OFFICE_STAFF: _("Runs partners, agreements, approvals, indicators and reports for the institution."),
    Role.COLLEGE_LIAISON: _("Keeps the plans, trips, mobilities and evidence of one secondary college."),
    Role.PROJECT_LEAD: _("Runs a cooperation project or agreement and reports its implementation."),
    Role.APPROVER: _("Approves trips, agreements and spending for the unit it is granted on."),
    Role.FINANCE_OFFICER: _("Keeps the special fund, budgets, expenditure and settlements."),
    Role.TEACHER: _("Applies for trips and exchanges and files trip reports."),
    Role.STUDENT: _("Applies for exchanges and overseas internships and sees own records."),
    Role.ENTERPRISE_MENTOR: _("Sees and keeps only their own dual-mentor duties and order classes."),
    Role.LEADERSHIP_VIEWER: _("Reads dashboards, rankings and reports of the institution."),
    Role.SUPERVISOR: _("Sees aggregated figures of several institutions, without personal data."),
}


def scope_of(role: str) -> Scope:
    return ROLE_SCOPE[role]
