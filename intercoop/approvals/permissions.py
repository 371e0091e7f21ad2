"""Permission codes of the approval engine."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.permissions import define
from intercoop.core.roles import Role

CHAIN_MANAGE = define(
    "approvals.chain.manage",
    _("Configure approval chains"),
    [Role.SYSTEM_ADMIN, Role.OFFICE_STAFF],
)
# Deciding is not a permission code: a step names a role and a unit, and whoever holds that role there
# (or stands in for them) decides it. Seeing the queue needs only a role that can be named in a step.
QUEUE_VIEW = define(
    "approvals.queue.view",
    _("See the approvals waiting for me"),
    [
        Role.SYSTEM_ADMIN,
        Role.OFFICE_STAFF,
        Role.APPROVER,
        Role.FINANCE_OFFICER,
        Role.COLLEGE_LIAISON,
        Role.LEADERSHIP_VIEWER,
        Role.PROJECT_LEAD,
    ],
)
