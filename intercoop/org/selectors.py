"""Reads of institutions, org units and people, always through the reader's access."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from intercoop.core.access import Access, access_for, parse_pk
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.org.permissions import (
    INSTITUTION_FIGURES,
    PERSON_CHANGE,
    PERSON_LIST,
    PERSON_VIEW,
    PERSON_VIEW_SENSITIVE,
    UNIT_CHANGE,
    UNIT_VIEW,
)

# -- access functions: 404 for "missing" and for "not yours" alike ------------------------------------


def institution_of(user: Any) -> Institution:
    """The user's own institution; 404 for users outside any (supervisors) on institution pages."""
    institution: Institution | None = getattr(user, "institution", None)
    if institution is None or institution.is_archived:
        raise Http404
    return institution


def person_scope(access: Access, code: str = PERSON_VIEW) -> Q:
    return access.scope_q(code, unit_path_field="org_unit__path", person_field="pk")


def person_get_for_user(*, user: Any, pk: Any, for_write: bool = False) -> Person:
    access = access_for(user)
    pk = parse_pk(pk)
    code = PERSON_CHANGE if for_write else PERSON_VIEW
    person = (
        Person.objects.filter(person_scope(access, code), pk=pk)
        .select_related("org_unit", "institution")
        .first()
    )
    if person is None:
        raise Http404
    return person


def unit_get_for_user(*, user: Any, pk: Any, for_write: bool = False) -> OrgUnit:
    access = access_for(user)
    pk = parse_pk(pk)
    code = UNIT_CHANGE if for_write else UNIT_VIEW
    if access.institution_id is None or not access.can_anywhere(code):
        raise Http404
    if for_write and not access.can_institution_wide(code):
        raise Http404
    unit = (
        OrgUnit.objects.filter(institution_id=access.institution_id, pk=pk).select_related("parent").first()
    )
    if unit is None:
        raise Http404
    return unit


def unit_get_for_person_write(*, user: Any, pk: Any) -> OrgUnit:
    """A unit the user may place people in (their own units for a liaison); 404 otherwise."""
    access = access_for(user)
    pk = parse_pk(pk)
    if access.institution_id is None:
        raise Http404
    unit = OrgUnit.objects.filter(institution_id=access.institution_id, pk=pk).first()
    if unit is None or not access.can(PERSON_CHANGE, unit_path=unit.path):
        raise Http404
    return unit


def can_see_sensitive(*, access: Access, person: Person) -> bool:
    return access.can(
        PERSON_VIEW_SENSITIVE,
        institution_id=person.institution_id,
        unit_path=person.org_unit.path if person.org_unit else None,
        person_id=person.pk,
    )


def can_change_person(*, access: Access, person: Person) -> bool:
    return access.can(
        PERSON_CHANGE,
        institution_id=person.institution_id,
        unit_path=person.org_unit.path if person.org_unit else None,
        person_id=person.pk,
    )


# -- lists ---------------------------------------------------------------------------------------------


def person_list(
    *,
    access: Access,
    kind: str | None = None,
    unit: OrgUnit | None = None,
    search: str | None = None,
    archived: bool = False,
    foreign: bool = False,
) -> QuerySet[Person]:
    qs = Person.objects.filter(person_scope(access, PERSON_LIST))
    qs = qs.filter(archived_at__isnull=not archived)
    if kind:
        qs = qs.filter(kind=kind)
    if foreign:
        qs = qs.exclude(nationality="CN")
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    if search:
        term = search.strip()
        qs = qs.filter(
            Q(name__icontains=term)
            | Q(name_zh__icontains=term)
            | Q(name_en__icontains=term)
            | Q(number__iexact=term)
            | Q(email__icontains=term)
            | Q(organisation__icontains=term)
        )
    return qs.select_related("org_unit").order_by("name", "id")


def units_for_user(*, access: Access, include_archived: bool = False) -> list[OrgUnit]:
    """The institution's tree in display order (path order), with active people counted: one query."""
    if access.institution_id is None or not access.can_anywhere(UNIT_VIEW):
        return []
    qs = OrgUnit.objects.filter(institution_id=access.institution_id)
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    qs = qs.annotate(people_count=Count("people", filter=Q(people__archived_at__isnull=True)))
    units = list(qs)
    return _tree_order(units)


RECORDING_KINDS = tuple(k for k in OrgUnit.Kind if k != OrgUnit.Kind.LEADERSHIP)


def units_for(user: Any, code: str | None = None) -> list[OrgUnit]:
    """Units the user sees (for filters), or, with ``code``, those under which the user may do ``code``:
    every unit for the office, a liaison's subtree. School leadership records nothing."""
    return unit_choices(user, code, kinds=RECORDING_KINDS)


# -- choices: what a user may name in a write (core.choices) --------------------------------------------


def unit_choices(
    user: Any, code: str | None = None, *, kinds: Any = None, own_line: bool = False
) -> list[OrgUnit]:
    """The active units the user may name for ``code``, in tree order (one query, two with ``own_line``).

    Institution-wide holders of ``code`` may name every unit, a liaison the units of their subtree. With
    ``own_line``, a user who holds ``code`` for their own records (a teacher) may also name their own
    unit and the units above it, school leadership excepted. Without ``code``: every unit the user sees.
    ``kinds`` keeps only units of those kinds.
    """
    access = access_for(user)
    units = colleges_first(units_for_user(access=access))
    if kinds is not None:
        units = [u for u in units if u.kind in kinds]
    if code is None or access.can_institution_wide(code):
        return units
    paths = access.unit_paths(code)
    own_path = None
    if own_line and code in access.own and access.person_id is not None:
        own_path = (
            Person.objects.filter(pk=access.person_id, archived_at__isnull=True)
            .values_list("org_unit__path", flat=True)
            .first()
        )
    return [
        u
        for u in units
        if any(u.path.startswith(p) for p in paths)
        or (own_path and own_path.startswith(u.path) and u.kind != OrgUnit.Kind.LEADERSHIP)
    ]


def colleges_first(units: list[OrgUnit]) -> list[OrgUnit]:
    """The tree with the secondary colleges and what lies under them first (what most records belong to),
    then the school-level offices and the rest, each part in tree order."""
    by_pk = {u.pk: u for u in units}

    def top(unit: OrgUnit) -> OrgUnit:
        while unit.parent_id in by_pk:
            unit = by_pk[unit.parent_id]
        return unit

    return sorted(
        units, key=lambda u: top(u).kind != OrgUnit.Kind.SECONDARY_COLLEGE
    )  # stable: tree order kept


def person_choices(
    user: Any, code: str = PERSON_VIEW, *, kinds: Any = None, keep: Any = ()
) -> QuerySet[Person]:
    """The active people the user may name in a write: those the user may see for ``code``.

    A liaison names the people of their college, a teacher or student only themselves, the office anyone
    of the institution. Naming someone shows their name back, so it needs the right to see them. ``keep``:
    ids a record already names, which may stay on an edit form (the service lets an unchanged link be).
    """
    access = access_for(user)
    visible = person_scope(access, code)
    kept = [pk for pk in keep if pk]
    if kept and access.institution_id is not None:
        visible |= Q(pk__in=kept, institution_id=access.institution_id)
    qs = Person.objects.filter(visible, archived_at__isnull=True)
    if kinds is not None:
        qs = qs.filter(kind__in=list(kinds))
    return qs.select_related("org_unit").order_by("name", "id")


def _tree_order(units: list[OrgUnit]) -> list[OrgUnit]:
    """Depth-first order with siblings by (sort_order, code), independent of how ids compare as text."""
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    for siblings in children.values():
        siblings.sort(key=lambda u: (u.sort_order, u.code))
    ids = {u.pk for u in units}
    ordered: list[OrgUnit] = []

    def walk(parent_id: int | None) -> None:
        for unit in children.get(parent_id, []):
            ordered.append(unit)
            walk(unit.pk)

    roots = [pid for pid in children if pid is None or pid not in ids]
    for root in sorted(roots, key=lambda r: (r is not None, r or 0)):
        walk(root)
    return ordered


def units_for_person_form(*, access: Access) -> list[OrgUnit]:
    """Units where the user may place people they edit."""
    units = units_for_user(access=access)
    if access.can_institution_wide(PERSON_CHANGE):
        return units
    prefixes = access.unit_paths(PERSON_CHANGE)
    return [u for u in units if any(u.path.startswith(p) for p in prefixes)]


def unit_children(*, unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(parent=unit, archived_at__isnull=True).order_by("sort_order", "code")


def secondary_colleges(*, institution_id: int) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        institution_id=institution_id, kind=OrgUnit.Kind.SECONDARY_COLLEGE, archived_at__isnull=True
    ).order_by("sort_order", "code")


# -- figures -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstitutionFigures:
    institution_id: int
    code: str
    name: str
    units: int
    colleges: int
    staff: int
    teachers: int
    students: int
    external: int
    foreign_nationals: int


def institution_figures(*, access: Access) -> list[InstitutionFigures]:
    """Counts per institution the user may see figures of (no personal data): three queries."""
    ids = access.institutions_with(INSTITUTION_FIGURES)
    if not ids:
        return []
    institutions = Institution.objects.filter(pk__in=ids, archived_at__isnull=True).order_by("code")
    units = {
        row["institution_id"]: row
        for row in OrgUnit.objects.filter(institution_id__in=ids, archived_at__isnull=True)
        .values("institution_id")
        .annotate(n=Count("pk"), colleges=Count("pk", filter=Q(kind=OrgUnit.Kind.SECONDARY_COLLEGE)))
    }
    people = (
        Person.objects.filter(institution_id__in=ids, archived_at__isnull=True)
        .values("institution_id")
        .annotate(
            staff=Count("pk", filter=Q(kind=Person.Kind.STAFF)),
            teachers=Count("pk", filter=Q(kind=Person.Kind.TEACHER)),
            students=Count("pk", filter=Q(kind=Person.Kind.STUDENT)),
            external=Count("pk", filter=Q(kind=Person.Kind.EXTERNAL)),
            foreign=Count("pk", filter=~Q(nationality="CN")),
        )
    )
    by_inst = {row["institution_id"]: row for row in people}
    result = []
    for inst in institutions:
        row = by_inst.get(inst.pk, {})
        unit_row = units.get(inst.pk, {})
        result.append(
            InstitutionFigures(
                institution_id=inst.pk,
                code=inst.code,
                name=inst.display_name,
                units=unit_row.get("n", 0),
                colleges=unit_row.get("colleges", 0),
                staff=row.get("staff", 0),
                teachers=row.get("teachers", 0),
                students=row.get("students", 0),
                external=row.get("external", 0),
                foreign_nationals=row.get("foreign", 0),
            )
        )
    return result


@dataclass(frozen=True)
class CollegeHeadcount:
    unit_id: int
    name: str
    teachers: int
    students: int
    staff: int


def college_headcounts(*, access: Access) -> list[CollegeHeadcount]:
    """People per secondary college of the user's institution (teachers, students, staff): one query."""
    if access.institution_id is None or not access.can_institution_wide(INSTITUTION_FIGURES):
        return []
    colleges = list(secondary_colleges(institution_id=access.institution_id))
    counts: dict[int, dict[str, int]] = {c.pk: {} for c in colleges}
    paths = {c.pk: c.path for c in colleges}
    rows = (
        Person.objects.filter(
            institution_id=access.institution_id,
            archived_at__isnull=True,
            org_unit__isnull=False,
        )
        .values("org_unit__path", "kind")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        for college_id, path in paths.items():
            if row["org_unit__path"].startswith(path):
                bucket = counts[college_id]
                bucket[row["kind"]] = bucket.get(row["kind"], 0) + row["n"]
    return [
        CollegeHeadcount(
            unit_id=c.pk,
            name=c.display_name,
            teachers=counts[c.pk].get(Person.Kind.TEACHER, 0),
            students=counts[c.pk].get(Person.Kind.STUDENT, 0),
            staff=counts[c.pk].get(Person.Kind.STAFF, 0),
        )
        for c in colleges
    ]
