"""Reads of the influence registers, and the rules by which they count in the national table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from intercoop.core.access import access_for, parse_pk
from intercoop.influence.models import AdoptedStandard, OrganisationPost, OverseasSite
from intercoop.influence.permissions import INFLUENCE_VIEW
from intercoop.influence.registers import Register
from intercoop.org.models import OrgUnit


def scope(user: Any, register: Register, code: str = INFLUENCE_VIEW) -> Q:
    """Institution-wide, the user's colleges, or (posts only) the teacher's own."""
    return access_for(user).scope_q(
        code, unit_path_field="org_unit__path", person_field=register.person_field
    )


def get_for_user(*, user: Any, register: Register, pk: Any, code: str = INFLUENCE_VIEW) -> Any:
    qs = register.model.objects.filter(scope(user, register, code), pk=parse_pk(pk)).select_related(
        "org_unit", "institution"
    )
    if register.model is OrganisationPost:
        qs = qs.select_related("person")
    elif register.model in (AdoptedStandard, OverseasSite):
        qs = qs.select_related("partner")
    entry = qs.first()
    if entry is None:
        raise Http404
    return entry


def entries(
    *,
    user: Any,
    register: Register,
    search: str | None = None,
    unit: OrgUnit | None = None,
    country: str | None = None,
    kind: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    archived: bool = False,
) -> QuerySet[Any]:
    qs = register.model.objects.filter(scope(user, register)).filter(archived_at__isnull=not archived)
    if search:
        q = Q()
        for name in register.search:
            q |= Q(**{f"{name}__icontains": search})
        qs = qs.filter(q)
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    if country:
        qs = qs.filter(country=country.upper())
    if kind and register.model is not OverseasSite:
        qs = qs.filter(kind=kind)
    if start:
        qs = qs.filter(**{f"{register.date_field}__gte": start})
    if end:
        qs = qs.filter(**{f"{register.date_field}__lte": end})
    related = ["org_unit"] + (["person"] if register.model is OrganisationPost else ["partner"])
    return qs.select_related(*related).order_by(f"-{register.date_field}", "-id")


# -- what counts in the international influence table (DOMAIN.md §3.4) --------------------------------


def posts_held(qs: QuerySet[OrganisationPost], start: dt.date, end: dt.date) -> QuerySet[OrganisationPost]:
    """Row 5: posts held at any time in the period by a teacher."""
    return qs.filter(archived_at__isnull=True, start_on__lte=end, person__kind="teacher").filter(
        Q(end_on__isnull=True) | Q(end_on__gte=start)
    )


def standards_adopted(
    qs: QuerySet[AdoptedStandard], kind: str, start: dt.date, end: dt.date
) -> QuerySet[AdoptedStandard]:
    """Rows 6 and 7: standards of ``kind`` adopted abroad in the period."""
    return qs.filter(archived_at__isnull=True, kind=kind, adopted_on__gte=start, adopted_on__lte=end).exclude(
        country="CN"
    )


def sites_operating(qs: QuerySet[OverseasSite], on: dt.date) -> QuerySet[OverseasSite]:
    """Row 9: sites opened by ``on``, not closed by then, and not suspended."""
    return (
        qs.filter(archived_at__isnull=True, opened_on__lte=on)
        .exclude(status=OverseasSite.Status.SUSPENDED)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on))
    )
