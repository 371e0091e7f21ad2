"""Reads of foreign nationals' stays: who sees which stay and its permits, what the national table
counts, the deadlines due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from intercoop.core.access import Access, access_for, parse_pk
from intercoop.mobility.permissions import PERMIT_VIEW, STAY_VIEW
from intercoop.org.models import OrgUnit

# -- international students and foreign experts --------------------------------------------------------


def stay_scope(access: Access, code: str | None = None) -> Q:
    return access.scope_q(code or STAY_VIEW, unit_path_field="org_unit__path", person_field="person_id")


def stay_get_for_user(*, user: Any, model: type[Any], pk: Any, code: str | None = None) -> Any:
    access = access_for(user)
    stay = (
        model.objects.filter(stay_scope(access, code), pk=parse_pk(pk))
        .select_related("person", "org_unit", "responsible", "home_partner", "institution")
        .first()
    )
    if stay is None:
        raise Http404
    return stay


def can_see_permits(access: Access, stay: Any) -> bool:
    """Passport and permit numbers: the office (and admins), and the person themselves."""
    return access.can(PERMIT_VIEW, institution_id=stay.institution_id) or (
        access.person_id is not None and access.person_id == stay.person_id
    )


def counts_in_table(student: Any, on: dt.date) -> bool:
    """Row 1 of the international influence table: a full-time international student of a programme of
    one year or more (a degree, or a non-degree programme of at least a year), enrolled at the
    statistical date ``on``."""
    long_enough = (student.expected_end - student.enrolled_on).days + 1 >= 365
    return (
        student.full_time
        and student.programme != "short_term"
        and long_enough
        and student.enrolled_on <= on
        and (student.left_on is None or student.left_on > on)
        and student.archived_at is None
    )


def counted_students(qs: QuerySet[Any], on: dt.date) -> QuerySet[Any]:
    """``qs`` narrowed to the students row 1 counts at ``on`` (the rule is read in Python: one query more)."""
    candidates = (
        qs.filter(full_time=True, enrolled_on__lte=on).exclude(programme="short_term").select_related(None)
    )
    ids = [
        s.pk
        for s in candidates.only(
            "pk", "full_time", "programme", "enrolled_on", "expected_end", "left_on", "archived_at"
        )
        if counts_in_table(s, on)
    ]
    return qs.filter(pk__in=ids)


def stay_list(
    *,
    user: Any,
    model: type[Any],
    search: str | None = None,
    status: str | None = None,
    programme: str | None = None,
    unit: OrgUnit | None = None,
    country: str | None = None,
    counted_on: dt.date | None = None,
    archived: bool = False,
) -> QuerySet[Any]:
    access = access_for(user)
    qs = model.objects.filter(stay_scope(access)).filter(archived_at__isnull=not archived)
    if search:
        qs = qs.filter(
            Q(person__name__icontains=search)
            | Q(person__name_en__icontains=search)
            | Q(person__name_zh__icontains=search)
            | Q(person__number__icontains=search)
        )
    if status:
        qs = qs.filter(status=status)
    if programme:
        qs = qs.filter(programme=programme)
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    if country:
        qs = qs.filter(person__nationality=country.upper())
    if counted_on is not None:
        qs = counted_students(qs, counted_on)
    order = "-enrolled_on" if hasattr(model, "enrolled_on") else "-contract_start"
    return qs.select_related("person", "org_unit", "responsible").order_by(order, "-id")


@dataclass
class DueItem:
    stay: Any
    deadline: Any
    state: str
    rules: Any  # the institution's deadline rules, read once per institution


def deadlines_due(
    *, today: dt.date, within_days: int = 30, user: Any = None, institution_id: int | None = None
) -> list[DueItem]:
    """Open deadlines of live stays falling due within ``within_days`` (or overdue), oldest first."""
    from intercoop.mobility.models import ForeignExpert, InternationalStudent
    from intercoop.mobility.stays.services import deadlines, rules_for

    horizon = today + dt.timedelta(days=within_days)
    items: list[DueItem] = []
    rules: dict[int, Any] = {}
    for model, live in (
        (
            InternationalStudent,
            Q(status__in=("enrolled", "suspended")) & Q(expected_end__gte=today - dt.timedelta(days=30)),
        ),
        (ForeignExpert, Q(contract_end__gte=today)),
    ):
        qs = model.objects.filter(live, archived_at__isnull=True)
        if user is not None:
            qs = qs.filter(stay_scope(access_for(user)))
        if institution_id is not None:
            qs = qs.filter(institution_id=institution_id)
        for stay in qs.select_related("person__user", "responsible__user", "institution", "org_unit"):
            if stay.institution_id not in rules:
                rules[stay.institution_id] = rules_for(stay.institution)
            for deadline in deadlines(stay, rules[stay.institution_id]):
                if not deadline.done and deadline.due_on <= horizon:
                    items.append(DueItem(stay, deadline, deadline.state(today), rules[stay.institution_id]))
    return sorted(items, key=lambda i: i.deadline.due_on)
