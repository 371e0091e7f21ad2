"""Permission codes of the accounts app."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intercoop.core.permissions import define
from intercoop.core.roles import Role

USER_MANAGE = define("accounts.user.manage", _("Manage users and their roles"), [Role.SYSTEM_ADMIN])
