"""A realistic province for benchmarks: many institutions, each with colleges, people, partners,
agreements, mobilities and trips over many years.

Rows are written with ``bulk_create`` in batches (bounded memory, minutes for millions of rows), straight
into the tables and without audit entries: this is benchmark data, not records anyone made. At scale 1 an
institution has 2,000 people, 50 partners, 1,500 agreements, 37,500 mobilities and 12,500 trips (each
with a member and a destination), so 40 institutions make some 2,000 partners, 60,000 agreements and
2 million mobility and trip records. Trips' members and teachers' mobilities are drawn from two separate
groups of teachers, so no day is recorded twice (the benchmark compares the app's answer with a plain SQL
sum and expects them equal).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from intercoop.accounts.models import Membership, User
from intercoop.agreements.models import Agreement, AgreementParty, AgreementUnit
from intercoop.core.models import AuditEntry
from intercoop.mobility.models import Competition, InternationalStudent, Mobility, TrainingEvent
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.partners.models import Partner
from intercoop.travel.models import Trip, TripDestination, TripMember

PREFIX = "48"  # institution codes 48xxxxxxxx: never a real MoE code, never the demo's or the tests'
BATCH = 5000
COLLEGES = ("AUTO", "IT", "IM", "ECON", "CIV", "INTL")
COUNTRIES = (
    "TH",
    "MY",
    "SG",
    "ID",
    "VN",
    "LA",
    "KH",
    "LK",
    "SA",
    "AE",
    "DE",
    "FR",
    "GB",
    "FI",
    "AU",
    "KE",
    "RU",
    "KR",
    "JP",
    "US",
)
TEACHER_OUT = {("teaching", "teacher"), ("training_delivered", "teacher")}
BRI = {"TH", "MY", "ID", "VN", "LA", "KH", "LK", "SA", "AE", "KE", "RU"}


@dataclass(frozen=True)
class Size:
    people: int
    partners: int
    agreements: int
    mobilities: int
    trips: int

    @classmethod
    def at(cls, scale: float) -> Size:
        def n(base: int, least: int = 1) -> int:
            return max(least, round(base * scale))

        return cls(
            people=n(2000, 40),
            partners=n(50, 5),
            agreements=n(1500, 5),
            mobilities=n(37500, 10),
            trips=n(12500, 5),
        )


def _batches(rows: Iterator[Any], model: type[models.Model], counter: dict[str, int]) -> None:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)  # type: ignore[attr-defined]
            counter[model.__name__] = counter.get(model.__name__, 0) + len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)  # type: ignore[attr-defined]
        counter[model.__name__] = counter.get(model.__name__, 0) + len(batch)


def purge() -> int:
    """Remove earlier scale data (institutions with the scale prefix)."""
    ids = list(Institution.objects.filter(code__startswith=PREFIX).values_list("pk", flat=True))
    if not ids:
        return 0
    for model in (
        TripDestination,
        TripMember,
        Trip,
        Mobility,
        InternationalStudent,
        Competition,
        TrainingEvent,
        AgreementUnit,
        AgreementParty,
        Agreement,
        Partner,
        Person,
    ):
        # A plain DELETE: the ORM's delete would first load every row to look for dependants (4.5 GB
        # for a full province); these tables are removed in dependency order and nothing else points
        # at generated rows.
        qs = model.objects.filter(institution_id__in=ids)
        qs._raw_delete(qs.db)
    # The benchmark's logins (bench_office, bench_supervisor) and what their grants wrote.
    users = list(User.objects.filter(username__startswith="bench_").values_list("pk", flat=True))
    AuditEntry.objects.filter(institution_id__in=ids).delete()
    AuditEntry.objects.filter(actor_id__in=users).delete()
    Membership.objects.filter(institution_id__in=ids).delete()
    Membership.objects.filter(user_id__in=users).delete()
    User.objects.filter(pk__in=users).delete()
    for unit in OrgUnit.objects.filter(institution_id__in=ids).order_by("-depth"):
        unit.delete()
    Institution.objects.filter(pk__in=ids).delete()
    return len(ids)


def generate(
    *,
    institutions: int,
    years: int,
    scale: float,
    seed: int = 7,
    today: dt.date | None = None,
    progress: Callable[[str], None] = lambda s: None,
) -> dict[str, int]:
    today = today or timezone.localdate()
    rng = random.Random(seed)
    size = Size.at(scale)
    counter: dict[str, int] = {}
    first_year = today.year - years + 1
    for index in range(1, institutions + 1):
        with transaction.atomic():
            _institution(index, size, first_year, today, rng, counter)
        progress(f"institution {index}/{institutions}: {sum(counter.values()):,} rows so far")
    return counter


def _day(rng: random.Random, first_year: int, today: dt.date) -> dt.date:
    start = dt.date(first_year, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, today.toordinal() - 20))


def _institution(
    index: int, size: Size, first_year: int, today: dt.date, rng: random.Random, counter: dict[str, int]
) -> None:
    code = f"{PREFIX}{index:08d}"
    inst = Institution.objects.create(
        code=code,
        name=f"规模测试职业学院 {index:02d}",
        name_zh=f"规模测试职业学院 {index:02d}",
        name_en=f"Scale Test Polytechnic {index:02d}",
        city="重庆市",
        province="重庆市",
    )
    office = OrgUnit.objects.create(
        institution=inst, code="IO", kind=OrgUnit.Kind.SCHOOL_OFFICE, name="国际处"
    )
    office.path = f"/{office.pk:08d}/"
    office.save(update_fields=["path"])
    colleges = []
    for n, unit_code in enumerate(COLLEGES):
        unit = OrgUnit.objects.create(
            institution=inst,
            code=unit_code,
            kind=OrgUnit.Kind.SECONDARY_COLLEGE,
            name=f"{unit_code} 学院",
            sort_order=n,
        )
        unit.path = f"/{unit.pk:08d}/"
        unit.save(update_fields=["path"])
        colleges.append(unit)
    counter["OrgUnit"] = counter.get("OrgUnit", 0) + len(colleges) + 1

    teachers = max(6, size.people // 7)

    def people() -> Iterator[Person]:
        for n in range(size.people):
            kind = Person.Kind.TEACHER if n < teachers else Person.Kind.STUDENT
            yield Person(
                institution=inst,
                kind=kind,
                org_unit=colleges[n % len(colleges)],
                number=f"P{n:06d}",
                name=f"人员 {n}",
                name_en=f"Person {n}",
                nationality="CN",
            )

    _batches(people(), Person, counter)
    person_ids = list(
        Person.objects.filter(institution=inst).order_by("pk").values_list("pk", "kind", "org_unit_id")
    )
    trip_teachers = [p for p in person_ids[: teachers // 2]]
    mobility_teachers = [p for p in person_ids[teachers // 2 : teachers]]
    students = [p for p in person_ids[teachers:]]

    def partners() -> Iterator[Partner]:
        for n in range(size.partners):
            country = COUNTRIES[(n + index) % len(COUNTRIES)]
            yield Partner(
                institution=inst,
                kind="university",
                name=f"Partner University {index:02d}-{n:03d}",
                country=country,
                belt_and_road=country in BRI,
                name_key=f"partner university {index:02d}-{n:03d}",
            )

    _batches(partners(), Partner, counter)
    partner_rows = list(Partner.objects.filter(institution=inst).values_list("pk", "country"))

    statuses = ["active"] * 6 + ["expired", "signed", "draft", "terminated"]

    def agreements() -> Iterator[Agreement]:
        for n in range(size.agreements):
            signed = _day(rng, first_year, today)
            yield Agreement(
                institution=inst,
                number=f"AG-{signed.year}-{n:05d}",
                title=f"合作协议 {n}",
                type=rng.choice(("mou", "cooperation", "student_exchange", "staff_exchange", "internship")),
                status=rng.choice(statuses),
                signed_on=signed,
                valid_from=signed,
                valid_to=signed + dt.timedelta(days=rng.choice((365, 730, 1095, 1825))),
            )

    _batches(agreements(), Agreement, counter)
    agreement_ids = list(Agreement.objects.filter(institution=inst).values_list("pk", flat=True))
    _batches(
        (
            AgreementParty(
                institution=inst, agreement_id=a, partner_id=partner_rows[n % len(partner_rows)][0]
            )
            for n, a in enumerate(agreement_ids)
        ),
        AgreementParty,
        counter,
    )
    _batches(
        (
            AgreementUnit(institution=inst, agreement_id=a, org_unit=colleges[n % len(colleges)])
            for n, a in enumerate(agreement_ids)
        ),
        AgreementUnit,
        counter,
    )

    kinds = [
        ("out", "study", "student", 120),
        ("out", "internship", "student", 60),
        ("out", "cn_enterprise", "student", 45),
        ("in", "study", "student", 60),
        ("out", "teaching", "teacher", 12),
        ("out", "training_delivered", "teacher", 10),
        ("in", "teaching", "teacher", 20),
    ]

    span = today.toordinal() - 30 - dt.date(first_year, 1, 1).toordinal()
    teacher_out = sum(1 for n in range(size.mobilities) if kinds[n % len(kinds)][1:3] in TEACHER_OUT)
    slots: dict[int, int] = {}

    def slot(person_id: int, uses: int) -> dt.date:
        """The person's next free stretch: one person's stays never overlap (gap of span / uses days)."""
        k = slots.get(person_id, 0)
        slots[person_id] = k + 1
        gap = max(14, span // max(1, uses))
        return dt.date.fromordinal(
            dt.date(first_year, 1, 1).toordinal() + (k * gap) % span + rng.randint(0, gap - 13)
        )

    def mobilities() -> Iterator[Mobility]:
        per_teacher = teacher_out // max(1, len(mobility_teachers)) + 1
        picks = itertools.count()  # teachers in turn (not by row number, which repeats with the kinds)
        for n in range(size.mobilities):
            direction, mtype, kind, days = kinds[n % len(kinds)]
            start = _day(rng, first_year, today)
            partner_id, country = partner_rows[rng.randrange(len(partner_rows))]
            person_id = None
            unit_id = colleges[n % len(colleges)].pk
            if kind == "teacher" and direction == "out" and mobility_teachers:
                person_id, _k, unit_id = mobility_teachers[next(picks) % len(mobility_teachers)]
                start = slot(person_id, per_teacher)
            elif kind == "student" and n % 5 == 0 and students:
                person_id, _k, unit_id = students[n % len(students)]
            end = start + dt.timedelta(days=rng.randint(days // 2, days) - 1)
            took_place = end < today
            yield Mobility(
                institution=inst,
                reference=f"MOB-{start.year}-{n:06d}",
                direction=direction,
                type=mtype,
                status="confirmed" if took_place else "planned",
                person_id=person_id,
                participant_label="" if person_id else f"Participant {n}",
                participant_kind=kind,
                org_unit_id=unit_id,
                host_partner_id=partner_id if direction == "out" else None,
                home_partner_id=partner_id if direction == "in" else None,
                country=country,
                planned_start=start,
                planned_end=end,
                start_date=start if took_place else None,
                end_date=end if took_place else None,
            )

    _batches(mobilities(), Mobility, counter)

    def trips() -> Iterator[Trip]:
        per_teacher = size.trips // max(1, len(trip_teachers)) + 1
        for n in range(size.trips):
            person_id, _k, unit_id = trip_teachers[n % len(trip_teachers)]
            departure = slot(person_id, per_teacher)
            yield Trip(
                institution=inst,
                number=f"CG-{departure.year}-{n:05d}",
                title=f"出访 {n}",
                purpose=rng.choice(("teaching", "guidance", "exchange", "conference", "training")),
                status=rng.choice(("approved", "reported", "settled", "reported", "draft")),
                org_unit_id=unit_id,
                applicant_id=person_id,
                departure=departure,
                return_on=departure + dt.timedelta(days=rng.randint(3, 10)),
                fund_source="special_fund",
            )

    _batches(trips(), Trip, counter)
    trip_rows = list(
        Trip.objects.filter(institution=inst).values_list("pk", "applicant_id", "departure", "return_on")
    )
    _batches(
        (TripMember(institution=inst, trip_id=t, person_id=p, is_leader=True) for t, p, _d, _r in trip_rows),
        TripMember,
        counter,
    )
    _batches(
        (
            TripDestination(
                institution=inst,
                trip_id=t,
                country=COUNTRIES[t % len(COUNTRIES)],
                days=(r - d).days + 1,
            )
            for t, _p, d, r in trip_rows
        ),
        TripDestination,
        counter,
    )
