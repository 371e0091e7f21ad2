"""What one user may reach: the combination of their role grants.

``access_for(user)`` reads the user's active memberships once per request and answers:

* ``can(code, ...)``: may the user do ``code`` on a record of this institution / unit / person?
* ``scope_q(code, ...)``: a ``Q`` that keeps only the rows the user may see for ``code`` inside their
  own institution; selectors combine it with the institution filter, so a forgotten check shows nothing
  rather than everything.
* ``institutions_with(code)``: institutions where the user holds ``code`` institution-wide or as an
  aggregate (supervisors).

Org units carry a materialised ``path`` (``/00000003/00000017/``), so "this unit and below" is
one ``startswith``.
The module reads memberships through the user's ``memberships`` relation and knows no domain model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.http import Http404

from intercoop.core.bounds import MAX_PK
from intercoop.core.permissions import codes_for_role
from intercoop.core.roles import Role, Scope, scope_of

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Grant:
    role: str
    institution_id: int
    unit_id: int | None
    unit_path: str | None


@dataclass
class Access:
    user_id: int | None = None
    institution_id: int | None = None
    person_id: int | None = None
    grants: tuple[Grant, ...] = ()
    whole: dict[str, set[int]] = field(default_factory=dict)
    paths: dict[str, set[str]] = field(default_factory=dict)
    own: set[str] = field(default_factory=set)

    # -- construction -------------------------------------------------------------------------------
    @classmethod
    def from_grants(
        cls,
        *,
        user_id: int | None,
        institution_id: int | None,
        person_id: int | None,
        grants: list[Grant],
    ) -> Access:
        access = cls(
            user_id=user_id, institution_id=institution_id, person_id=person_id, grants=tuple(grants)
        )
        for grant in grants:
            scope = scope_of(grant.role)
            codes = codes_for_role(grant.role)
            institution_wide = (
                scope == Scope.UNIT and grant.unit_id is None and grant.institution_id == institution_id
            )
            if scope in (Scope.INSTITUTION, Scope.AGGREGATE) or institution_wide:
                for code in codes:
                    access.whole.setdefault(code, set()).add(grant.institution_id)
            elif scope == Scope.UNIT:
                if grant.institution_id != institution_id or not grant.unit_path:
                    continue  # a unit grant outside the user's own institution reaches nothing
                for code in codes:
                    access.paths.setdefault(code, set()).add(grant.unit_path)
            elif scope == Scope.SELF and grant.institution_id == institution_id:
                access.own.update(codes)
        return access

    # -- questions ----------------------------------------------------------------------------------
    @property
    def roles(self) -> set[str]:
        return {g.role for g in self.grants}

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.roles

    def can_anywhere(self, code: str) -> bool:
        """Does the user hold ``code`` at all (navigation, page-level gates)?"""
        if code in self.whole or code in self.paths:
            return True
        return code in self.own and self.person_id is not None

    def can_institution_wide(self, code: str, institution_id: int | None = None) -> bool:
        inst = self.institution_id if institution_id is None else institution_id
        return inst is not None and inst in self.whole.get(code, set())

    def can(
        self,
        code: str,
        *,
        institution_id: int | None = None,
        unit_path: str | None = None,
        person_id: int | None = None,
    ) -> bool:
        """May the user do ``code`` on a record with these coordinates?"""
        inst = self.institution_id if institution_id is None else institution_id
        if inst is None:
            return False
        if inst in self.whole.get(code, set()):
            return True
        if inst != self.institution_id:
            return False
        if unit_path and any(unit_path.startswith(p) for p in self.paths.get(code, ())):
            return True
        return code in self.own and person_id is not None and person_id == self.person_id

    def own_institution(self) -> int:
        """The user's institution; 404 for users outside any (supervisors) on institution pages."""
        if self.institution_id is None:
            raise Http404
        return self.institution_id

    def institutions_with(self, code: str) -> set[int]:
        return set(self.whole.get(code, set()))

    def unit_paths(self, code: str) -> set[str]:
        return set(self.paths.get(code, set()))

    def scope_q(
        self,
        code: str,
        *,
        unit_path_field: str | None = "org_unit__path",
        person_field: str | None = None,
    ) -> Q:
        """Rows of the user's own institution the user may see for ``code``.

        ``unit_path_field`` names the lookup to the row's org-unit path, ``person_field`` the lookup
        to the person the row is about (for own-record roles). The institution filter is included.
        """
        if self.institution_id is None:
            return NOTHING
        base = Q(institution_id=self.institution_id)
        if self.institution_id in self.whole.get(code, set()):
            return base
        parts: list[Q] = []
        if unit_path_field:
            parts.extend(Q(**{f"{unit_path_field}__startswith": p}) for p in sorted(self.paths.get(code, ())))
        if person_field and code in self.own and self.person_id is not None:
            parts.append(Q(**{person_field: self.person_id}))
        if not parts:
            return NOTHING
        combined = parts[0]
        for part in parts[1:]:
            combined |= part
        return base & combined


ANONYMOUS = Access()


def require_anywhere(user: Any, code: str) -> None:
    """Page-level gate: 404 unless the user belongs to an institution and holds ``code`` somewhere in it."""
    access = access_for(user)
    if access.institution_id is None or not access.can_anywhere(code):
        raise Http404


def parse_pk(value: Any) -> int:
    """A primary key from a URL or API call; anything that is not a positive integer is simply not found."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk <= MAX_PK:
        raise Http404
    return pk


_CACHE_ATTR = "_intercoop_access"


def access_for(user: Any) -> Access:
    """The access of ``user``, computed once per user object (one query)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached: Access | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    rows = user.memberships.filter(
        revoked_at__isnull=True, institution__archived_at__isnull=True
    ).values_list("role", "institution_id", "org_unit_id", "org_unit__path", "org_unit__archived_at")
    grants = [
        Grant(role=role, institution_id=inst, unit_id=unit, unit_path=path)
        for role, inst, unit, path, unit_archived in rows
        if unit_archived is None
    ]
    access = Access.from_grants(
        user_id=user.pk,
        institution_id=user.institution_id,
        person_id=user.person_id,
        grants=grants,
    )
    setattr(user, _CACHE_ATTR, access)
    return access


def forget_access(user: Any) -> None:
    """Drop the cached access (after a role change in the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
