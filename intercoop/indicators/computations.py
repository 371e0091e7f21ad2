"""How each indicator is computed from the records of the other apps (read only).

Every computation takes the institution and the period and returns the items the figure is made of.
Rules shared with the registers' own pages (who counts as an international student at the statistical
date, which competitions count, how person-days are clipped) are the registers' own functions, so the
national table and the registers cannot disagree.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import Min, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intercoop.core.countries import name as country_name
from intercoop.core.periods import days_within
from intercoop.indicators.registry import Computation, Indicator, Item, Period, PeriodKind, register
from intercoop.influence import selectors as influence
from intercoop.influence.models import AdoptedStandard, OrganisationPost, OverseasSite
from intercoop.mobility.events import services as events
from intercoop.mobility.models import (
    Competition,
    Direction,
    ForeignExpert,
    InternationalStudent,
    Mobility,
    ParticipantKind,
    TrainingEvent,
)
from intercoop.mobility.records.selectors import CN_ENTERPRISE_Q, TEACHING_ABROAD_Q, days_in_period
from intercoop.mobility.stays.selectors import counted_students
from intercoop.org.models import Institution, Person
from intercoop.travel.models import TEACHING_PURPOSES, Trip, TripDestination, TripMember
from intercoop.travel.selectors import COUNTED

# The first recorded dates already read while this context is open: an indicator asked for several years
# (the dashboard's trends) reads its first date once.
_first_seen: contextvars.ContextVar[dict[tuple[str, str], Any] | None] = contextvars.ContextVar(
    "indicators_first_seen", default=None
)


@contextlib.contextmanager
def first_dates(memo: dict[tuple[str, str], Any]) -> Iterator[None]:
    """Remember in ``memo`` the first recorded dates read inside the block (an ``Engine`` keeps one)."""
    token = _first_seen.set(memo)
    try:
        yield
    finally:
        _first_seen.reset(token)


def _first_of(qs: QuerySet[Any], name: str) -> Any:
    seen = _first_seen.get()
    key = (str(qs.query), name)
    if seen is not None and key in seen:
        return seen[key]
    value = qs.aggregate(first=Min(name))["first"]
    if seen is not None:
        seen[key] = value
    return value


def _first(*sources: tuple[QuerySet[Any], str]) -> dt.date | None:
    """The earliest date recorded in any source: before it, a period has no data (not zero)."""
    dates = [_first_of(qs, name) for qs, name in sources]
    found = [d.date() if isinstance(d, dt.datetime) else d for d in dates if d is not None]
    return min(found) if found else None


def _item(
    record: Any,
    *,
    label: str,
    url: str,
    amount: int,
    detail: str,
    countries: tuple[str, ...] = (),
    personal: bool = False,
) -> Item:
    """One record's contribution, placed in the record's org unit."""
    unit = record.org_unit
    return Item(
        label=label,
        url=url,
        amount=amount,
        detail=detail,
        unit_path=unit.path if unit is not None else "",
        unit_name=unit.display_name if unit is not None else "",
        countries=countries,
        personal=personal,
    )


def _span(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()} – {end.isoformat()}"


def _trip_countries(trip_ids: set[int]) -> dict[int, tuple[str, ...]]:
    """The destination countries of each trip (one query)."""
    out: dict[int, list[str]] = defaultdict(list)
    rows = TripDestination.objects.filter(trip_id__in=trip_ids, archived_at__isnull=True).values_list(
        "trip_id", "country"
    )
    for trip_id, code in rows.order_by("trip_id", "id"):
        if code not in out[trip_id]:
            out[trip_id].append(code)
    return {k: tuple(v) for k, v in out.items()}


# -- row 1 ---------------------------------------------------------------------------------------------


def intl_students(institution: Institution, period: Period) -> Computation:
    base = InternationalStudent.objects.filter(institution=institution)
    students = counted_students(base, period.on).select_related("person", "org_unit")
    items = []
    for s in students:
        items.append(
            _item(
                s,
                label=s.person.display_name,
                url=reverse("mobility:stay_detail", args=["students", s.pk]),
                amount=1,
                detail=f"{s.get_programme_display()} · {_span(s.enrolled_on, s.expected_end)}",
                countries=(s.person.nationality,),
                personal=True,
            )
        )
    return Computation(items, _first((base.filter(archived_at__isnull=True), "enrolled_on")))


# -- row 2 ---------------------------------------------------------------------------------------------


def trainee_person_days(institution: Institution, period: Period) -> Computation:
    qs = TrainingEvent.objects.filter(institution=institution)
    items = []
    for e in events.trainings_in(qs, period.start, period.end):
        items.append(
            _item(
                e,
                label=e.title,
                url=reverse("mobility:training_detail", args=[e.pk]),
                amount=e.period_person_days,
                detail=_("%(trainees)s trainees × %(days)s days (%(span)s)")
                % {"trainees": e.trainees, "days": e.period_days, "span": _span(e.start_date, e.end_date)},
                countries=(e.country,),
            )
        )
    return Computation(items, _first((qs.filter(archived_at__isnull=True), "start_date")))


# -- rows 3 and 4: mobilities ------------------------------------------------------------------------------


def _mobilities(institution: Institution, period: Period, q: Q) -> QuerySet[Mobility]:
    """Confirmed mobilities of the period that have begun: nothing counts before its first day, as a trip
    counts once it has departed (a stay entered with actual dates in the future waits for them)."""
    return (
        Mobility.objects.filter(
            q, institution=institution, archived_at__isnull=True, status=Mobility.Status.CONFIRMED
        )
        .filter(start_date__lte=min(period.end, timezone.localdate()))
        .filter(Q(end_date__gte=period.start) | Q(end_date__isnull=True, planned_end__gte=period.start))
        .select_related("person", "org_unit", "host_partner")
        .order_by("start_date", "id")
    )


def _began_on(m: Mobility) -> dt.date:
    """A confirmed mobility in a period has begun: its actual first day (the query asked for it)."""
    assert m.start_date is not None
    return m.start_date


def _mobility_item(m: Mobility, days: int, detail: str) -> Item:
    return _item(
        m,
        label=f"{m.reference} · {m.who}",
        url=reverse("mobility:detail", args=[m.pk]),
        amount=days,
        detail=detail,
        countries=(m.country,),
        personal=m.person_id is not None,
    )


def cn_enterprise_person_days(institution: Institution, period: Period) -> Computation:
    items = []
    for m in _mobilities(institution, period, CN_ENTERPRISE_Q):
        days = days_in_period(m, period.start, period.end)
        last = m.end_date or m.planned_end
        host = m.host_partner.display_name if m.host_partner else country_name(m.country)
        items.append(
            _mobility_item(
                m,
                days,
                _("%(days)s days at %(host)s (%(span)s)")
                % {"days": days, "host": host, "span": _span(_began_on(m), last)},
            )
        )
    first = _first(
        (
            Mobility.objects.filter(CN_ENTERPRISE_Q, institution=institution, archived_at__isnull=True),
            "start_date",
        )
    )
    return Computation(items, first)


def teachers_abroad_person_days(institution: Institution, period: Period) -> Computation:
    """Row 4 from two sources: official trips for teaching or guidance (their teacher members) and teacher
    mobilities for teaching or training. A day a teacher spends abroad counts once even when a trip and a
    mobility record the same stay: the earlier record keeps the day, the later one shows what it adds."""
    today = timezone.localdate()
    trips = Trip.objects.filter(
        institution=institution,
        archived_at__isnull=True,
        status__in=COUNTED,
        purpose__in=TEACHING_PURPOSES,
        departure__lte=min(period.end, today),
        return_on__gte=period.start,
    )
    members = (
        TripMember.objects.filter(trip__in=trips, archived_at__isnull=True, person__kind=Person.Kind.TEACHER)
        .select_related("trip", "trip__org_unit", "person")
        .order_by("trip__departure", "trip_id", "id")
    )
    stays: list[tuple[dt.date, int, Any, dt.date, dt.date]] = []
    member_rows = list(members)
    trip_countries = _trip_countries({m.trip_id for m in member_rows})
    for member in member_rows:
        stays.append((member.trip.departure, 0, member, member.trip.departure, member.trip.return_on))
    for m in _mobilities(institution, period, TEACHING_ABROAD_Q):
        stays.append((_began_on(m), 1, m, _began_on(m), m.end_date or m.planned_end))
    stays.sort(key=lambda s: (s[0], s[1], s[2].pk))
    counted: dict[int, set[int]] = defaultdict(set)
    first_holder: dict[tuple[int, int], str] = {}
    items = []
    for _start, source, record, start, end in stays:
        first_day, last_day = max(start, period.start), min(end, period.end)
        days = [d for d in range(first_day.toordinal(), last_day.toordinal() + 1)]
        person_id = record.person_id
        if source == 0:
            label = f"{record.trip.number} · {record.person.display_name}"
        else:
            label = f"{record.reference} · {record.who}"
        if person_id is None:
            new = days
        else:
            new = [d for d in days if d not in counted[person_id]]
            overlap = {first_holder[(person_id, d)] for d in days if d in counted[person_id]}
            counted[person_id].update(new)
            for d in new:
                first_holder[(person_id, d)] = label
        detail = _("%(days)s days of %(span)s") % {"days": len(new), "span": _span(start, end)}
        if person_id is not None and len(new) < len(days):
            detail += " · " + _("%(n)s days already counted in %(other)s") % {
                "n": len(days) - len(new),
                "other": ", ".join(sorted(overlap)),
            }
        if source == 0:
            trip = record.trip
            items.append(
                _item(
                    trip,
                    label=label,
                    url=reverse("travel:detail", args=[trip.pk]),
                    amount=len(new),
                    detail=detail,
                    countries=trip_countries.get(trip.pk, ()),
                    personal=True,
                )
            )
        else:
            items.append(_mobility_item(record, len(new), detail))
    first = _first(
        (
            Trip.objects.filter(
                institution=institution, archived_at__isnull=True, purpose__in=TEACHING_PURPOSES
            ),
            "departure",
        ),
        (
            Mobility.objects.filter(TEACHING_ABROAD_Q, institution=institution, archived_at__isnull=True),
            "start_date",
        ),
    )
    return Computation(items, first)


# -- rows 5 to 9: the influence registers and competitions ---------------------------------------------


def teachers_with_foreign_posts(institution: Institution, period: Period) -> Computation:
    base = OrganisationPost.objects.filter(institution=institution)
    posts = (
        influence.posts_held(base, period.start, period.end)
        .select_related("person", "org_unit")
        .order_by("person_id", "start_on", "id")
    )
    by_person: dict[int, list[OrganisationPost]] = defaultdict(list)
    for post in posts:
        by_person[post.person_id].append(post)
    items = []
    for held in by_person.values():
        first = held[0]
        items.append(
            _item(
                first,
                label=first.person.display_name,
                url=reverse("influence:detail", args=["posts", first.pk]),
                amount=1,
                detail="; ".join(f"{p.post} · {p.organisation}" for p in held),
                countries=tuple(sorted({p.country for p in held})),
                personal=True,
            )
        )
    return Computation(items, _first((base.filter(archived_at__isnull=True), "start_on")))


def _standards(kind: str) -> Any:
    def compute(institution: Institution, period: Period) -> Computation:
        base = AdoptedStandard.objects.filter(institution=institution)
        items = []
        for s in influence.standards_adopted(base, kind, period.start, period.end).select_related("org_unit"):
            items.append(
                _item(
                    s,
                    label=s.title,
                    url=reverse("influence:detail", args=["standards", s.pk]),
                    amount=1,
                    detail=f"{s.adopter} · {country_name(s.country)} · {s.adopted_on.isoformat()}",
                    countries=(s.country,),
                )
            )
        return Computation(items, _first((base.filter(archived_at__isnull=True, kind=kind), "adopted_on")))

    return compute


def awards_abroad(institution: Institution, period: Period) -> Computation:
    base = Competition.objects.filter(institution=institution)
    items = []
    for c in (
        events.awards_in(base, period.start, period.end).select_related("org_unit").order_by("held_on", "id")
    ):
        items.append(
            _item(
                c,
                label=c.event,
                url=reverse("mobility:competition_detail", args=[c.pk]),
                amount=1,
                detail=f"{c.get_award_level_display()} · {country_name(c.country)} · {c.held_on.isoformat()}",
                countries=(c.country,),
            )
        )
    return Computation(items, _first((base.filter(archived_at__isnull=True), "held_on")))


def overseas_sites(institution: Institution, period: Period) -> Computation:
    base = OverseasSite.objects.filter(institution=institution)
    items = []
    for s in (
        influence.sites_operating(base, period.on)
        .select_related("org_unit", "partner")
        .order_by("opened_on", "id")
    ):
        items.append(
            _item(
                s,
                label=s.name,
                url=reverse("influence:detail", args=["sites", s.pk]),
                amount=1,
                detail=f"{s.partner.display_name} · {country_name(s.country)} · {s.opened_on.isoformat()}",
                countries=(s.country,),
            )
        )
    return Computation(items, _first((base.filter(archived_at__isnull=True), "opened_on")))


# -- indicators for plans and the assessment of colleges -----------------------------------------------


def _began(direction: str, kind: str) -> Any:
    def compute(institution: Institution, period: Period) -> Computation:
        q = Q(direction=direction, participant_kind=kind)
        items = []
        for m in _mobilities(institution, period, q):
            if period.start <= _began_on(m) <= period.end:
                items.append(
                    _mobility_item(
                        m, 1, f"{m.get_type_display()} · {_span(_began_on(m), m.end_date or m.planned_end)}"
                    )
                )
        first = _first(
            (Mobility.objects.filter(q, institution=institution, archived_at__isnull=True), "start_date")
        )
        return Computation(items, first)

    return compute


def foreign_experts(institution: Institution, period: Period) -> Computation:
    base = ForeignExpert.objects.filter(institution=institution, archived_at__isnull=True)
    items = []
    experts = (
        base.filter(contract_start__lte=period.end, contract_end__gte=period.start)
        .select_related("person", "org_unit")
        .order_by("contract_start", "id")
    )
    for e in experts:
        items.append(
            _item(
                e,
                label=e.person.display_name,
                url=reverse("mobility:stay_detail", args=["experts", e.pk]),
                amount=1,
                detail=f"{e.get_kind_display()} · {_span(e.contract_start, e.contract_end)}",
                countries=(e.person.nationality,),
                personal=True,
            )
        )
    return Computation(items, _first((base, "contract_start")))


def trip_person_days(institution: Institution, period: Period) -> Computation:
    today = timezone.localdate()
    members = (
        TripMember.objects.filter(
            institution=institution,
            archived_at__isnull=True,
            trip__archived_at__isnull=True,
            trip__status__in=COUNTED,
            trip__departure__lte=min(period.end, today),
            trip__return_on__gte=period.start,
        )
        .select_related("trip", "trip__org_unit", "person")
        .order_by("trip__departure", "trip_id", "id")
    )
    items = []
    member_rows = list(members)
    trip_countries = _trip_countries({m.trip_id for m in member_rows})
    for member in member_rows:
        trip = member.trip
        days = days_within(trip.departure, trip.return_on, period.start, period.end)
        items.append(
            _item(
                trip,
                label=f"{trip.number} · {member.person.display_name}",
                url=reverse("travel:detail", args=[trip.pk]),
                amount=days,
                detail=_("%(days)s days of %(span)s")
                % {"days": days, "span": _span(trip.departure, trip.return_on)},
                countries=trip_countries.get(trip.pk, ()),
                personal=True,
            )
        )
    return Computation(
        items, _first((Trip.objects.filter(institution=institution, archived_at__isnull=True), "departure"))
    )


S, C, D = PeriodKind.SCHOOL, PeriodKind.CALENDAR, PeriodKind.DATE
for indicator in (
    Indicator(
        "intl_students_fulltime",
        "全日制国（境）外留学生人数（一年以上）",
        "Full-time international students (programmes of one year or more)",
        "人",
        "people",
        gettext_lazy(
            "Full-time international students of a programme of at least one year (degree or non-degree, "
            "not short-term; enrolment to expected end at least 365 days), enrolled by the statistical date "
            "and not left by then (leaving on the date still counts)."
        ),
        D,
        intl_students,
        sources=("mobility",),
    ),
    Indicator(
        "foreign_trainee_person_days",
        "非全日制国（境）外人员培训量",
        "Training delivered to non-full-time foreign trainees",
        "人日",
        "person-days",
        gettext_lazy(
            "Trainees (the named list, else the number given) × days of every training for foreign "
            "trainees, days inside the school year, both ends included."
        ),
        S,
        trainee_person_days,
        sources=("mobility",),
    ),
    Indicator(
        "cn_enterprise_internship_person_days",
        "在校生服务“走出去”企业国（境）外实习时间",
        "Students' internship time abroad at Chinese enterprises operating overseas",
        "人日",
        "person-days",
        gettext_lazy(
            "Days inside the school year of students' confirmed outgoing mobilities of the type "
            "“internship at a Chinese enterprise operating abroad” that have begun, both ends included."
        ),
        S,
        cn_enterprise_person_days,
        sources=("mobility", "approvals"),
    ),
    Indicator(
        "teachers_abroad_person_days",
        "专任教师赴国（境）外指导和开展培训时间",
        "Full-time teachers' time abroad guiding and delivering training",
        "人日",
        "person-days",
        gettext_lazy(
            "Days inside the school year that teachers (people of kind teacher when the stay was recorded)"
            " spent abroad on departed official trips for teaching or guidance and on begun teaching or "
            "training mobilities; a day recorded by both a trip and a mobility counts once (the earlier "
            "record keeps it)."
        ),
        S,
        teachers_abroad_person_days,
        sources=("travel", "mobility", "approvals"),
    ),
    Indicator(
        "teachers_with_foreign_posts",
        "在国（境）外组织担任职务的专任教师人数",
        "Full-time teachers holding posts in international or foreign organisations",
        "人",
        "people",
        gettext_lazy(
            "Teachers holding a post in an international or foreign organisation at any time in the "
            "school year; a teacher with several posts counts once."
        ),
        S,
        teachers_with_foreign_posts,
        sources=("influence",),
    ),
    Indicator(
        "programme_standards_adopted",
        "开发并被国（境）外采用的专业教学标准数",
        "Programme teaching standards developed and adopted abroad",
        "个",
        "standards",
        gettext_lazy(
            "Programme teaching standards adopted by an institution abroad during the school year, "
            "with the adopting countries."
        ),
        S,
        _standards(AdoptedStandard.Kind.PROGRAMME),
        sources=("influence",),
        shows_countries=True,
    ),
    Indicator(
        "course_standards_adopted",
        "开发并被国（境）外采用的课程标准数",
        "Course standards developed and adopted abroad",
        "个",
        "standards",
        gettext_lazy(
            "Course standards adopted by an institution abroad during the school year, with the "
            "adopting countries."
        ),
        S,
        _standards(AdoptedStandard.Kind.COURSE),
        sources=("influence",),
        shows_countries=True,
    ),
    Indicator(
        "awards_abroad",
        "国（境）外技能大赛获奖数量",
        "Awards in skills competitions abroad",
        "项",
        "awards",
        gettext_lazy(
            "Awards won during the school year in skills competitions held abroad or international ones."
        ),
        S,
        awards_abroad,
        sources=("mobility",),
    ),
    Indicator(
        "overseas_sites",
        "在国（境）外办学点数量",
        "Overseas teaching sites",
        "个",
        "sites",
        gettext_lazy(
            "Overseas teaching sites opened by the statistical date, not closed by then (closing on the "
            "date ends it) and not suspended."
        ),
        D,
        overseas_sites,
        sources=("influence",),
        levels=("institution",),
    ),
    Indicator(
        "outgoing_students",
        "学生出国（境）交流人数",
        "Students going abroad",
        "人次",
        "mobilities",
        gettext_lazy("Confirmed outgoing student mobilities that began in the school year."),
        S,
        _began(Direction.OUTGOING, ParticipantKind.STUDENT),
        sources=("mobility", "approvals"),
    ),
    Indicator(
        "outgoing_teachers",
        "教师出国（境）交流人次",
        "Teachers going abroad on mobility",
        "人次",
        "mobilities",
        gettext_lazy("Confirmed outgoing teacher mobilities that began in the school year."),
        S,
        _began(Direction.OUTGOING, ParticipantKind.TEACHER),
        sources=("mobility", "approvals"),
    ),
    Indicator(
        "incoming_students",
        "来校交流学生人次",
        "Incoming exchange students",
        "人次",
        "mobilities",
        gettext_lazy("Confirmed incoming student mobilities that began in the school year."),
        S,
        _began(Direction.INCOMING, ParticipantKind.STUDENT),
        sources=("mobility", "approvals"),
    ),
    Indicator(
        "foreign_experts",
        "外籍专家和教师人数",
        "Foreign experts and teachers",
        "人",
        "people",
        gettext_lazy("Foreign experts and teachers whose contract runs at any time in the school year."),
        S,
        foreign_experts,
        sources=("mobility",),
    ),
    Indicator(
        "trip_person_days",
        "因公出国（境）人日数",
        "Official travel abroad",
        "人日",
        "person-days",
        gettext_lazy(
            "Members × days of approved official trips, days inside the calendar year, both ends included."
        ),
        C,
        trip_person_days,
        sources=("travel", "approvals"),
    ),
):
    register(indicator)
