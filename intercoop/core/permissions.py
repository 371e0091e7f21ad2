"""Permission codes and the roles that grant them.

Each app defines its codes once, in its ``AppConfig.ready`` or ``permissions`` module::

    PERSON_VIEW = define("org.person.view", _("See people"), [Role.OFFICE_STAFF, ...])

How far a code reaches follows the scope of the role that grants it (see ``core.roles``); the access
object (``core.access``) combines codes and scopes for one user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from intercoop.core.roles import Role


@dataclass(frozen=True)
class PermissionDef:
    code: str
    label: Any  # a lazily translated string
    roles: frozenset[str]


_DEFS: dict[str, PermissionDef] = {}

AUDIT_VIEW = "core.audit.view"  # defined with its roles in CoreConfig.ready
CALENDAR_CHANGE = "core.calendar.change"  # likewise


def define(code: str, label: Any, roles: Iterable[Role | str]) -> str:
    """Register ``code`` as granted by ``roles``; returns the code for use as a constant."""
    roles_set = frozenset(str(r) for r in roles)
    unknown = roles_set - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown roles for {code}: {sorted(unknown)}")
    existing = _DEFS.get(code)
    if existing is not None and existing.roles != roles_set:
        raise ValueError(f"Permission {code} is defined twice with different roles")
    _DEFS[code] = PermissionDef(code=code, label=label, roles=roles_set)
    return code


def get(code: str) -> PermissionDef:
    try:
        return _DEFS[code]
    except KeyError:
        raise KeyError(f"Unknown permission code {code!r}") from None


def codes_for_role(role: str) -> frozenset[str]:
    return frozenset(d.code for d in _DEFS.values() if role in d.roles)


def all_definitions() -> list[PermissionDef]:
    return sorted(_DEFS.values(), key=lambda d: d.code)
