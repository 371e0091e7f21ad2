"""Reads of mobility: who sees which record, the filtered list, and the figures with their drill-down."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from intercoop.core.access import Access, access_for, parse_pk
from intercoop.core.countries import name as country_name
from intercoop.core.periods import days_within
from intercoop.mobility.models import Direction, Mobility, MobilityType, ParticipantKind
from intercoop.mobility.permissions import EVENT_VIEW, MOBILITY_VIEW
from intercoop.org.models import OrgUnit

M = Mobility.Status

# Rows of the national table fed by mobility records (DOMAIN.md §3.4).
CN_ENTERPRISE_Q = Q(
    direction=Direction.OUTGOING, type=MobilityType.CN_ENTERPRISE, participant_kind=ParticipantKind.STUDENT
)
TEACHING_ABROAD_Q = Q(
    direction=Direction.OUTGOING,
    type__in=(MobilityType.TEACHING, MobilityType.TRAINING_DELIVERED),
    participant_kind=ParticipantKind.TEACHER,
)


# The drill-down of the national-table figures: ``?row=teaching`` lists exactly what that row counts.
NATIONAL_ROWS = {"cn_enterprise": CN_ENTERPRISE_Q, "teaching": TEACHING_ABROAD_Q}


def mobility_scope(access: Access, code: str = MOBILITY_VIEW) -> Q:
    """Mobilities the user may see: institution-wide, their units' subtree, or their own."""
    return access.scope_q(code, unit_path_field="org_unit__path", person_field="person_id")


def mobility_get_for_user(*, user: Any, pk: Any, code: str = MOBILITY_VIEW) -> Mobility:
    access = access_for(user)
    mobility = (
        Mobility.objects.filter(mobility_scope(access, code), pk=parse_pk(pk))
        .select_related("person", "org_unit", "home_partner", "host_partner", "agreement", "institution")
        .first()
    )
    if mobility is None:
        raise Http404
    return mobility


def mobility_list(
    *,
    user: Any,
    search: str | None = None,
    direction: str | None = None,
    type: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    country: str | None = None,
    partner_id: int | None = None,
    unit: OrgUnit | None = None,
    person_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    counted: bool = False,
    archived: bool = False,
    row: str | None = None,
) -> QuerySet[Mobility]:
    """The list page and the drill-down of a figure (``counted``: took place, days meet the period)."""
    access = access_for(user)
    qs = Mobility.objects.filter(mobility_scope(access)).filter(archived_at__isnull=not archived)
    if search:
        qs = qs.filter(
            Q(reference__icontains=search)
            | Q(person__name__icontains=search)
            | Q(person__name_en__icontains=search)
            | Q(person__number__icontains=search)
            | Q(participant_label__icontains=search)
            | Q(host_partner__name__icontains=search)
            | Q(home_partner__name__icontains=search)
            | Q(host_partner__name_zh__icontains=search)
            | Q(home_partner__name_zh__icontains=search)
        )
    if direction:
        qs = qs.filter(direction=direction)
    if type:
        qs = qs.filter(type=type)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(participant_kind=kind)
    if country:
        qs = qs.filter(country=country.upper())
    if partner_id:
        qs = qs.filter(Q(host_partner_id=partner_id) | Q(home_partner_id=partner_id))
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    if person_id:
        qs = qs.filter(person_id=person_id)
    if row in NATIONAL_ROWS:
        qs = qs.filter(NATIONAL_ROWS[row])
    if counted:
        qs = qs.filter(status=M.CONFIRMED)
        if start:
            qs = qs.filter(Q(end_date__gte=start) | Q(end_date__isnull=True, planned_end__gte=start))
        if end:
            qs = qs.filter(start_date__lte=end)
    else:
        if start:
            qs = qs.filter(planned_end__gte=start)
        if end:
            qs = qs.filter(planned_start__lte=end)
    return qs.select_related("person", "org_unit", "home_partner", "host_partner").order_by(
        "-planned_start", "-id"
    )


def began_in(mobility: Mobility, start: dt.date, end: dt.date) -> bool:
    """A mobility counts once, in the period in which it actually began."""
    return mobility.start_date is not None and start <= mobility.start_date <= end


def days_in_period(mobility: Mobility, start: dt.date, end: dt.date) -> int:
    """Days of a mobility that took place inside the period, inclusive (actual dates; the planned end
    while the actual end is not yet known)."""
    if mobility.start_date is None:
        return 0
    last = mobility.end_date or mobility.planned_end
    return days_within(mobility.start_date, last, start, end)


# -- figures ----------------------------------------------------------------------------------------


@dataclass
class Cell:
    count: int = 0
    person_days: int = 0


@dataclass
class Group:
    key: str
    label: str
    outgoing: Cell = field(default_factory=Cell)
    incoming: Cell = field(default_factory=Cell)

    @property
    def total(self) -> int:
        return self.outgoing.count + self.incoming.count


@dataclass
class Figures:
    start: dt.date
    end: dt.date
    outgoing: int = 0
    incoming: int = 0
    planned: int = 0
    person_days: int = 0
    cn_enterprise_person_days: int = 0
    teaching_abroad_person_days: int = 0
    credits_obtained: float = 0.0
    by_type: list[Group] = field(default_factory=list)
    by_country: list[Group] = field(default_factory=list)
    by_partner: list[Group] = field(default_factory=list)
    by_unit: list[Group] = field(default_factory=list)
    headcount_on: dt.date | None = None
    international_students: int = 0
    trainee_person_days: int = 0
    awards: int = 0


def _college_of(unit_id: int | None, units: dict[int, OrgUnit]) -> OrgUnit | None:
    """The secondary college a unit belongs to (the unit itself, or its nearest college ancestor)."""
    unit = units.get(unit_id) if unit_id else None
    if unit is None:
        return None
    for ancestor_id in reversed(unit.ancestor_ids):
        ancestor = units.get(ancestor_id)
        if ancestor is not None and ancestor.kind == OrgUnit.Kind.SECONDARY_COLLEGE:
            return ancestor
    return unit


def figures(
    *,
    user: Any,
    start: dt.date,
    end: dt.date,
    unit: OrgUnit | None = None,
    headcount_on: dt.date | None = None,
) -> Figures:
    """Counts (mobilities that began in the period) and person-days (days inside the period) of every
    mobility that took place, by direction and type, country, partner and college. Three queries."""
    access = access_for(user)
    base = Mobility.objects.filter(mobility_scope(access), archived_at__isnull=True)
    if unit is not None:
        base = base.filter(org_unit__path__startswith=unit.path)
    rows = list(
        base.filter(status=M.CONFIRMED, start_date__lte=min(end, timezone.localdate()))  # begun, as trips
        .filter(Q(end_date__gte=start) | Q(end_date__isnull=True, planned_end__gte=start))
        .select_related("host_partner", "home_partner")
        .only(
            "direction",
            "type",
            "participant_kind",
            "country",
            "start_date",
            "end_date",
            "planned_end",
            "org_unit_id",
            "credits_obtained",
            "host_partner__name",
            "host_partner__name_zh",
            "host_partner__name_en",
            "home_partner__name",
            "home_partner__name_zh",
            "home_partner__name_en",
        )
    )
    result = Figures(start=start, end=end)
    result.planned = base.filter(status=M.PLANNED, planned_start__gte=start, planned_start__lte=end).count()
    units = {u.pk: u for u in OrgUnit.objects.filter(institution_id=access.institution_id or 0)}
    type_labels = dict(MobilityType.choices)
    groups: dict[str, dict[str, Group]] = defaultdict(dict)

    def add(table: str, key: str, label: Any, mobility: Mobility, began: bool, days: int) -> None:
        group = groups[table].get(key)
        if group is None:
            group = groups[table][key] = Group(key=key, label=str(label))
        cell = group.outgoing if mobility.direction == Direction.OUTGOING else group.incoming
        cell.count += 1 if began else 0
        cell.person_days += days

    for mobility in rows:
        days = days_in_period(mobility, start, end)
        began = began_in(mobility, start, end)
        if began:
            if mobility.direction == Direction.OUTGOING:
                result.outgoing += 1
            else:
                result.incoming += 1
            result.credits_obtained += float(mobility.credits_obtained or 0)
        result.person_days += days
        if (
            mobility.participant_kind == ParticipantKind.STUDENT
            and mobility.direction == Direction.OUTGOING
            and mobility.type == MobilityType.CN_ENTERPRISE
        ):
            result.cn_enterprise_person_days += days
        if (
            mobility.participant_kind == ParticipantKind.TEACHER
            and mobility.direction == Direction.OUTGOING
            and mobility.type in (MobilityType.TEACHING, MobilityType.TRAINING_DELIVERED)
        ):
            result.teaching_abroad_person_days += days
        add("type", mobility.type, type_labels.get(mobility.type, mobility.type), mobility, began, days)
        add("country", mobility.country, country_name(mobility.country), mobility, began, days)
        partner = mobility.partner
        add(
            "partner",
            str(partner.pk) if partner else "",
            partner.display_name if partner else "—",
            mobility,
            began,
            days,
        )
        college = _college_of(mobility.org_unit_id, units)
        add(
            "unit",
            str(college.pk) if college else "",
            college.display_name if college else "—",
            mobility,
            began,
            days,
        )

    def ordered(table: str) -> list[Group]:
        return sorted(
            groups[table].values(),
            key=lambda g: (-g.total, -(g.outgoing.person_days + g.incoming.person_days), g.label),
        )

    if headcount_on is not None:
        from intercoop.mobility.models import InternationalStudent
        from intercoop.mobility.stays.selectors import counted_students, stay_list

        result.headcount_on = headcount_on
        result.international_students = counted_students(
            stay_list(user=user, model=InternationalStudent, unit=unit), headcount_on
        ).count()
    from intercoop.mobility.events import services as events
    from intercoop.mobility.models import Competition, TrainingEvent

    event_scope = access.scope_q(EVENT_VIEW, unit_path_field="org_unit__path")
    trainings = TrainingEvent.objects.filter(event_scope)
    competitions = Competition.objects.filter(event_scope)
    if unit is not None:
        trainings = trainings.filter(org_unit__path__startswith=unit.path)
        competitions = competitions.filter(org_unit__path__startswith=unit.path)
    result.trainee_person_days = sum(e.period_person_days for e in events.trainings_in(trainings, start, end))
    result.awards = events.awards_in(competitions, start, end).count()
    result.by_type = ordered("type")
    result.by_country = ordered("country")
    result.by_partner = ordered("partner")
    result.by_unit = ordered("unit")
    return result
