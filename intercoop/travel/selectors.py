"""Reads of official travel: who sees which trip, lists, due reports and passports, and the figures."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.agreements import selectors as agreement_selectors
from intercoop.approvals import selectors as approval_selectors
from intercoop.attachments import selectors as attachment_selectors
from intercoop.attachments.models import Attachment
from intercoop.core.access import NOTHING, Access, access_for, parse_pk
from intercoop.core.countries import name as country_name
from intercoop.core.names import localized
from intercoop.core.periods import days_within
from intercoop.core.workdays import Calendar, calendar_for
from intercoop.org import selectors as org_selectors
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.partners import selectors as partner_selectors
from intercoop.travel.config import settings_for
from intercoop.travel.models import (
    TEACHING_PURPOSES,
    AnnualPlan,
    BudgetLine,
    Objection,
    PassportLoan,
    PlannedTrip,
    Purpose,
    TravelDocument,
    Trip,
    TripDestination,
    TripDocumentKind,
    TripMember,
)
from intercoop.travel.permissions import (
    PLAN_APPROVE,
    PLAN_EDIT,
    TRIP_APPLY,
    TRIP_MANAGE,
    TRIP_SETTLE,
    TRIP_VIEW,
)

KIND = "travel.trip"
S = Trip.Status
# Trips that happened (or will, as approved): what figures count.
COUNTED = (S.APPROVED, S.REPORTED, S.SETTLED)


def trip_scope(user: Any, access: Access, code: str = TRIP_VIEW) -> Q:
    """Trips of the user's institution the user may see: by unit, as applicant or member, or as approver."""
    if access.institution_id is None:
        return NOTHING
    base = Q(institution_id=access.institution_id)
    if access.can_institution_wide(code):
        return base
    parts = [Q(org_unit__path__startswith=p) for p in sorted(access.unit_paths(code))]
    if code in access.own and access.person_id is not None:
        members = TripMember.objects.filter(person_id=access.person_id, archived_at__isnull=True).values(
            "trip_id"
        )
        parts.append(Q(applicant_id=access.person_id) | Q(pk__in=members))
    if code == TRIP_VIEW:
        involved = approval_selectors.involved_q(user, kind=KIND)
        if involved is not NOTHING:
            parts.append(involved)
    if not parts:
        return NOTHING
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return base & combined


def trip_get_for_user(*, user: Any, pk: Any, code: str = TRIP_VIEW) -> Trip:
    """The trip, or 404 for "missing" and "not yours" alike."""
    access = access_for(user)
    trip = (
        Trip.objects.filter(trip_scope(user, access, code), pk=parse_pk(pk))
        .select_related(
            "org_unit", "applicant", "inviting_partner", "agreement", "planned_trip__plan", "institution"
        )
        .first()
    )
    if trip is None:
        raise Http404
    return trip


def trip_child_get_for_user(*, user: Any, model: type[Any], pk: Any) -> Any:
    """An objection or passport loan of a trip the user may see; 404 otherwise."""
    access = access_for(user)
    trips = Trip.objects.filter(trip_scope(user, access)).values("pk")
    obj = model.objects.filter(trip_id__in=trips, pk=parse_pk(pk)).first()
    if obj is None:
        raise Http404
    return obj


def may(user: Any, trip: Trip, code: str) -> bool:
    access = access_for(user)
    return Trip.objects.filter(trip_scope(user, access, code), pk=trip.pk).exists()


def may_record_past(user: Any) -> bool:
    """Trips are recorded afterwards, and their record corrected, by who manages trips for the whole
    institution (the international office): page, API and the list's buttons ask here."""
    access = access_for(user)
    return access.institution_id is not None and access.can_institution_wide(TRIP_MANAGE)


# -- choices: what an applicant may name (core.choices) ---------------------------------------------------

TRIP_UNIT_KINDS = (
    OrgUnit.Kind.SECONDARY_COLLEGE,
    OrgUnit.Kind.DEPARTMENT,
    OrgUnit.Kind.SCHOOL_OFFICE,
    OrgUnit.Kind.LEADERSHIP,
)
TRAVELLER_KINDS = (Person.Kind.STAFF, Person.Kind.TEACHER)


def unit_choices(user: Any) -> list[OrgUnit]:
    """Units a trip may be filed under: all for the office, a liaison's subtree, a teacher's own unit and the
    units above it (school leadership excepted)."""
    return org_selectors.unit_choices(user, TRIP_APPLY, kinds=TRIP_UNIT_KINDS, own_line=True)


def traveller_choices(user: Any) -> QuerySet[Person]:
    """Staff and teachers the user may name as applicant, members or leader: the people the user may see
    and, for a teacher who applies for their own trips, the staff and teachers of their own college (a
    delegation of colleagues; never students, never another college)."""
    access = access_for(user)
    people = org_selectors.person_choices(user, kinds=TRAVELLER_KINDS)
    if TRIP_APPLY not in access.own or access.person_id is None or access.can_institution_wide(TRIP_APPLY):
        return people
    line = [u for u in unit_choices(user) if u.path not in access.unit_paths(TRIP_APPLY)]
    colleges = [u for u in line if u.kind == OrgUnit.Kind.SECONDARY_COLLEGE] or line[-1:]
    if not colleges:
        return people
    colleagues = Person.objects.filter(
        institution_id=access.own_institution(),
        org_unit__path__startswith=colleges[0].path,
        kind__in=TRAVELLER_KINDS,
        archived_at__isnull=True,
    )
    return (people | colleagues).select_related("org_unit").order_by("name", "id")


def inviting_partner_choices(user: Any) -> QuerySet[Any]:
    return partner_selectors.partner_choices(user).exclude(country="CN")


def agreement_choices(user: Any) -> QuerySet[Any]:
    return agreement_selectors.agreement_choices(user)


def planned_trip_choices(user: Any, trip: Trip | None = None) -> QuerySet[PlannedTrip]:
    """Lines of this and next year's approved plans of the units the user may file under, and the line the
    trip already names."""
    access = access_for(user)
    if access.institution_id is None:
        return PlannedTrip.objects.none()
    today = timezone.localdate()
    units = [u.pk for u in unit_choices(user)]
    qs = PlannedTrip.objects.filter(
        institution_id=access.institution_id,
        plan__status=AnnualPlan.Status.APPROVED,
        plan__year__in=[today.year, today.year + 1],
        plan__org_unit_id__in=units,
        archived_at__isnull=True,
    )
    if trip is not None and trip.planned_trip_id:
        qs = qs | PlannedTrip.objects.filter(pk=trip.planned_trip_id, institution_id=access.institution_id)
    return qs.select_related("plan__org_unit").order_by("plan__year", "plan__org_unit__path", "month")


def trip_list(
    *,
    user: Any,
    search: str | None = None,
    status: str | None = None,
    purpose: str | None = None,
    unit: OrgUnit | None = None,
    country: str | None = None,
    person_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Trip]:
    access = access_for(user)
    qs = Trip.objects.filter(trip_scope(user, access), archived_at__isnull=True)
    if search:
        qs = qs.filter(
            Q(number__icontains=search) | Q(title__icontains=search) | Q(applicant__name__icontains=search)
        )
    if status:
        qs = qs.filter(status=status)
    if purpose:
        qs = qs.filter(purpose=purpose)
    if unit is not None:
        qs = qs.filter(org_unit__path__startswith=unit.path)
    if country:
        qs = qs.filter(
            Exists(
                TripDestination.objects.filter(trip=OuterRef("pk"), country=country, archived_at__isnull=True)
            )
        )
    if person_id:
        qs = qs.filter(
            Exists(
                TripMember.objects.filter(trip=OuterRef("pk"), person_id=person_id, archived_at__isnull=True)
            )
        )
    if start is not None:
        qs = qs.filter(return_on__gte=start)
    if end is not None:
        qs = qs.filter(departure__lte=end)
    return (
        qs.select_related("org_unit", "applicant")
        .annotate(member_count=Count("members", filter=Q(members__archived_at__isnull=True), distinct=True))
        .order_by("-departure", "-id")
    )


def attach_countries(trips: list[Trip]) -> list[Trip]:
    """Set ``country_codes`` on each trip (one query for the whole page)."""
    codes: dict[int, list[str]] = defaultdict(list)
    for trip_id, country in (
        TripDestination.objects.filter(trip__in=[t.pk for t in trips], archived_at__isnull=True)
        .order_by("position", "id")
        .values_list("trip_id", "country")
    ):
        if country not in codes[trip_id]:
            codes[trip_id].append(country)
    for trip in trips:
        trip.country_codes = codes.get(trip.pk, [])  # type: ignore[attr-defined]
    return trips


def members_of(trip: Trip) -> QuerySet[TripMember]:
    return trip.members.filter(archived_at__isnull=True).select_related("person", "person__org_unit")


def destinations_of(trip: Trip) -> QuerySet[TripDestination]:
    return trip.destinations.filter(archived_at__isnull=True).order_by("position", "id")


def countries_of(trip: Trip) -> list[str]:
    return [d.country for d in destinations_of(trip)]


def member_people(trip: Trip) -> QuerySet[Person]:
    """The people of the delegation (for handing out passports)."""
    return Person.objects.filter(pk__in=members_of(trip).values("person_id"))


def budget_of(trip: Trip) -> QuerySet[BudgetLine]:
    return trip.budget_lines.filter(archived_at__isnull=True).order_by("id")


def receipts_by_line(trip: Trip) -> dict[int, list[Any]]:
    """The receipts kept on the trip, by the budget line each is about (the settlement's evidence)."""
    found: dict[int, list[Any]] = {}
    for receipt in attachment_selectors.files_of(trip, kinds=(TripDocumentKind.RECEIPT,)):
        if receipt.part_id is not None:
            found.setdefault(receipt.part_id, []).append(receipt)
    return found


def budget_total(trip: Trip) -> Decimal:
    return budget_of(trip).aggregate(total=Sum("amount"))["total"] or Decimal(0)


def documents_of(trip: Trip) -> list[Attachment]:
    """The trip's files (invitation, itinerary, report attachments…), in the order of their kinds."""
    order = {k: i for i, k in enumerate(TripDocumentKind.values)}
    return sorted(attachment_selectors.listed(trip), key=lambda f: (order.get(f.kind, 99), f.pk))


def has_document(trip: Trip, kind: str) -> bool:
    return attachment_selectors.files_of(trip, kinds=(kind,)).exists()


def may_attach(user: Any, trip: Trip, part: Any = None) -> bool:
    """The applicant side (who may apply for the trip) and the international office attach and archive
    a trip's files; the finance office its receipts (a file about a budget line)."""
    access = access_for(user)
    if isinstance(part, BudgetLine) and access.can(TRIP_SETTLE, institution_id=trip.institution_id):
        return True
    return may(user, trip, TRIP_APPLY) or access.can(TRIP_MANAGE, institution_id=trip.institution_id)


def objections_of(trip: Trip) -> QuerySet[Objection]:
    return trip.objections.filter(archived_at__isnull=True).order_by("received_on", "id")


HKMO = frozenset({"HK", "MO"})
TAIWAN = frozenset({"TW"})


def documents_needed(countries: Iterable[str]) -> list[str]:
    """The travel documents a trip to these places needs (因公赴港澳台 takes permits, not the passport)."""
    places = {c.upper() for c in countries}
    needed: list[str] = []
    if places - HKMO - TAIWAN:
        needed.append(TravelDocument.PASSPORT)
    if places & HKMO:
        needed.append(TravelDocument.HKMO_PERMIT)
    if places & TAIWAN:
        needed.append(TravelDocument.TW_PERMIT)
    return needed


def scope_label(countries: Iterable[str]) -> Any:
    """出国 abroad, 赴港澳 / 赴台 for Hong Kong, Macao and Taiwan, 出国（境） for a trip to both."""
    places = {c.upper() for c in countries}
    regions = places & (HKMO | TAIWAN)
    if not regions:
        return _("Official travel abroad")
    if places - regions:
        return _("Official travel abroad and to Hong Kong, Macao or Taiwan")
    if regions <= HKMO:
        return _("Official travel to Hong Kong and Macao")
    if regions <= TAIWAN:
        return _("Official travel to Taiwan")
    return _("Official travel to Hong Kong, Macao and Taiwan")


def passports_of(trip: Trip) -> QuerySet[PassportLoan]:
    return trip.passports.filter(archived_at__isnull=True).select_related("person")


def report_due_on(trip: Trip, cal: Calendar | None = None) -> dt.date:
    """The report's deadline in working days after the return; lists pass the institution's calendar."""
    conf = settings_for(trip.institution)
    return (cal or calendar_for(trip.institution)).add(trip.return_on, conf.report_working_days)


def reports_due(*, user: Any, today: dt.date | None = None) -> QuerySet[Trip]:
    """Approved trips that are back and have no report yet (the user's own, or all they manage). A trip
    recorded afterwards had its report outside the system: none is due here."""
    today = today or timezone.localdate()
    access = access_for(user)
    return (
        Trip.objects.filter(
            trip_scope(user, access), status=S.APPROVED, return_on__lt=today, archived_at__isnull=True
        )
        .filter(recorded_afterwards=False)
        .select_related("institution", "applicant", "org_unit")
        .order_by("return_on")
    )


def passports_out(*, institution_id: int) -> QuerySet[PassportLoan]:
    return (
        PassportLoan.objects.filter(
            institution_id=institution_id, returned_on__isnull=True, archived_at__isnull=True
        )
        .select_related("person", "trip")
        .order_by("due_on")
    )


# -- plans ---------------------------------------------------------------------------------------------


def plan_scope(access: Access, code: str = PLAN_EDIT) -> Q:
    if access.can_institution_wide(PLAN_APPROVE):
        return Q(institution_id=access.institution_id)
    return access.scope_q(code, unit_path_field="org_unit__path")


def plan_get_for_user(*, user: Any, pk: Any) -> AnnualPlan:
    plan = (
        AnnualPlan.objects.filter(plan_scope(access_for(user)), pk=parse_pk(pk), archived_at__isnull=True)
        .select_related("org_unit", "institution")
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def plans_for_year(*, user: Any, year: int) -> QuerySet[AnnualPlan]:
    return (
        AnnualPlan.objects.filter(plan_scope(access_for(user)), year=year, archived_at__isnull=True)
        .select_related("org_unit")
        .annotate(
            line_count=Count("lines", filter=Q(lines__archived_at__isnull=True)),
            people_total=Sum("lines__people", filter=Q(lines__archived_at__isnull=True)),
            budget_total=Sum("lines__budget", filter=Q(lines__archived_at__isnull=True)),
        )
        .order_by("org_unit__path")
    )


def plan_lines(plan: AnnualPlan) -> QuerySet[Any]:
    return plan.lines.filter(archived_at__isnull=True).select_related("partner").order_by("month", "id")


def approved_plan_lines(*, institution_id: int, year: int, unit: OrgUnit | None = None) -> QuerySet[Any]:
    from intercoop.travel.models import PlannedTrip

    qs = PlannedTrip.objects.filter(
        institution_id=institution_id,
        plan__year=year,
        plan__status=AnnualPlan.Status.APPROVED,
        plan__archived_at__isnull=True,
        archived_at__isnull=True,
    ).select_related("plan__org_unit", "partner")
    qs = qs.annotate(
        used=Count(
            "trips",
            filter=~Q(trips__status__in=(S.CANCELLED, S.REJECTED)) & Q(trips__archived_at__isnull=True),
        )
    )
    if unit is not None:
        qs = qs.filter(plan__org_unit_id__in=unit.ancestor_ids)
    return qs.order_by("plan__org_unit__path", "month", "id")


# -- figures -------------------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    trips: int = 0
    people: int = 0
    person_days: int = 0
    trip_ids: set[int] = field(default_factory=set)


@dataclass
class Figures:
    start: dt.date
    end: dt.date
    trips: int = 0
    person_days: int = 0
    teaching_person_days: int = 0
    by_purpose: list[Row] = field(default_factory=list)
    by_unit: list[Row] = field(default_factory=list)
    by_person: list[Row] = field(default_factory=list)
    by_country: list[Row] = field(default_factory=list)
    reports_due: int = 0
    reports_on_time: int = 0
    reports_late: int = 0
    reports_missing: int = 0

    @property
    def compliance(self) -> float | None:
        """Reports filed on time among reports due in the period (None when none were due)."""
        return None if self.reports_due == 0 else self.reports_on_time / self.reports_due


def figures(
    *,
    user: Any,
    institution: Institution,
    start: dt.date,
    end: dt.date,
    unit: OrgUnit | None = None,
    today: dt.date | None = None,
) -> Figures:
    """Person-days abroad by purpose, unit, person and country for trips that happened in the period.

    Days are counted inclusive of both ends and clipped to the period: a trip from 28 August to
    3 September gives 4 days to one school year and 3 to the next. Four queries whatever the data size.
    """
    today = today or timezone.localdate()
    trips = list(
        trip_list(user=user, unit=unit, start=start, end=end)
        .filter(status__in=COUNTED, departure__lte=today)
        .select_related("report")
    )
    result = Figures(start=start, end=end)
    if not trips:
        return result
    ids = [t.pk for t in trips]
    members: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for trip_id, person_id, name, name_zh, name_en, kind in TripMember.objects.filter(
        trip_id__in=ids, archived_at__isnull=True
    ).values_list(
        "trip_id", "person_id", "person__name", "person__name_zh", "person__name_en", "person__kind"
    ):
        members[trip_id].append((person_id, localized(name, name_zh, name_en), kind))
    countries: dict[int, list[str]] = defaultdict(list)
    legs: dict[int, list[tuple[str, int]]] = defaultdict(list)  # each destination's country and days
    for trip_id, code, leg_days in (
        TripDestination.objects.filter(trip_id__in=ids, archived_at__isnull=True)
        .order_by("trip_id", "position", "id")
        .values_list("trip_id", "country", "days")
    ):
        legs[trip_id].append((code, leg_days or 0))
        if code not in countries[trip_id]:
            countries[trip_id].append(code)
    purposes = {k: Row(key=k, label=str(v)) for k, v in Purpose.choices}
    units: dict[int, Row] = {}
    people: dict[int, Row] = {}
    by_country: dict[str, Row] = {}
    cal = calendar_for(institution)
    conf = settings_for(institution)
    for trip in trips:
        days = days_within(trip.departure, trip.return_on, start, end)
        if days == 0:
            continue
        group = members.get(trip.pk, [])
        pd = days * len(group)
        result.trips += 1
        result.person_days += pd
        if trip.purpose in TEACHING_PURPOSES:
            # teachers' person-days: the teacher members only, the same set as national-table row 4
            result.teaching_person_days += days * sum(1 for m in group if m[2] == Person.Kind.TEACHER)
        for row in (
            purposes[trip.purpose],
            units.setdefault(trip.org_unit_id, Row(key=str(trip.org_unit_id), label=str(trip.org_unit))),
        ):
            row.trips += 1
            row.people += len(group)
            row.person_days += pd
            row.trip_ids.add(trip.pk)
        for person_id, person_name, _kind in group:
            row = people.setdefault(person_id, Row(key=str(person_id), label=person_name))
            row.trips += 1
            row.people = 1
            row.person_days += days
            row.trip_ids.add(trip.pk)
        for code in countries.get(trip.pk, []):
            row = by_country.setdefault(code, Row(key=code, label=country_name(code)))
            row.trips += 1
            row.people += len(group)
            row.trip_ids.add(trip.pk)
        # Person-days per country: each destination's days, one after the other from the departure, inside
        # the period and the trip (travel days between legs belong to no country).
        first = trip.departure
        for code, leg_days in legs.get(trip.pk, []):
            if leg_days <= 0:
                continue
            last = min(first + dt.timedelta(days=leg_days - 1), trip.return_on)
            by_country[code].person_days += days_within(first, last, start, end) * len(group)
            first = last + dt.timedelta(days=1)
        # Report compliance: reports that fell due in the period, up to today (a trip recorded afterwards
        # had its report filed outside the system: it is not "missing").
        if start <= trip.return_on <= end and not trip.recorded_afterwards:
            due = cal.add(trip.return_on, conf.report_working_days)
            report = getattr(trip, "report", None) if trip.status != S.APPROVED else None
            if due < today or report is not None:
                result.reports_due += 1
                if report is None:
                    result.reports_missing += 1
                elif report.submitted_on <= due:
                    result.reports_on_time += 1
                else:
                    result.reports_late += 1
    result.by_purpose = [r for r in purposes.values() if r.trips]
    result.by_unit = sorted(units.values(), key=lambda r: -r.person_days)
    result.by_person = sorted(people.values(), key=lambda r: (-r.person_days, r.label))
    result.by_country = sorted(by_country.values(), key=lambda r: (-r.trips, r.label))
    return result
