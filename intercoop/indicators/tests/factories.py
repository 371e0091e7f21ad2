"""A small known set of records for the international influence table, each chosen to sit on a rule's edge
(the 31 August / 1 September boundary, the statistical date, inclusive days, a day recorded twice)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from intercoop.influence import services as influence
from intercoop.influence.models import AdoptedStandard, OrganisationPost, OverseasSite
from intercoop.mobility.events import services as events
from intercoop.mobility.models import InternationalStudent
from intercoop.mobility.records import services as mobility
from intercoop.mobility.stays import services as stays
from intercoop.org.models import Person
from intercoop.org.tests import factories as org
from intercoop.travel import services as travel
from intercoop.travel.services import Destination
from intercoop.travel.tests import factories as travel_factories
from intercoop.travel.tests.factories import pdf


def done_trip(world: Any, departure: dt.date, days: int, **kwargs: Any) -> Any:
    """A trip that took place: created and approved under the dates of its time."""
    with time_machine.travel(dt.datetime.combine(departure - dt.timedelta(days=60), dt.time(9)), tick=False):
        trip = travel_factories.trip(world, departure=departure, days=days, **kwargs)
        travel.trip_submit(trip=trip, actor=world.user("teacher"))
        travel_factories.approve_all(world, trip)
        trip.refresh_from_db()
        travel.mission_issue(trip=trip, actor=None, today=trip.notice_ends_on + dt.timedelta(days=1))
    trip.refresh_from_db()
    return trip


def _student(world: Any, n: int, **data: Any) -> InternationalStudent:
    person = org.person(
        world.a,
        world.units["AUTO"],
        kind=Person.Kind.STUDENT,
        name=f"Student {n}",
        nationality="TH",
        number=f"L{n}",
    )
    base = {
        "person": person,
        "org_unit": world.units["AUTO"],
        "programme": "degree",
        "programme_name": "Automotive technology",
        "enrolled_on": dt.date(2025, 9, 1),
        "expected_end": dt.date(2028, 6, 30),
        "visa_type": "X1",
    }
    base.update(data)
    return stays.stay_create(model=InternationalStudent, institution=world.a, actor=None, data=base)  # type: ignore[no-any-return]


def _mobility(world: Any, **data: Any) -> Any:
    base = {
        "direction": "out",
        "person": world.people["teacher"],
        "participant_kind": "teacher",
        "org_unit": world.units["AUTO"],
        "host_partner": world.partners["malaya"],
        "country": "MY",
    }
    base.update(data)
    base.setdefault("planned_start", base.get("start_date"))
    base.setdefault("planned_end", base.get("end_date"))
    return mobility.mobility_create(institution=world.a, data=base, actor=None)


def known_set(world: Any) -> dict[str, Any]:
    """Records with their expected contribution to report year 2026 (1 Sep 2025 – 31 Aug 2026, statistical
    date 31 Aug 2026) and, where it matters, to 2025."""
    w, u, p = world, world.units, world.people
    out: dict[str, Any] = {}
    # Row 1: two count on 31 Aug 2026; short-term, left on the date, enrolled after it do not.
    _student(w, 1)
    _student(w, 2, programme="non_degree", enrolled_on=dt.date(2026, 3, 1), expected_end=dt.date(2027, 2, 28))
    _student(w, 3, programme="short_term", enrolled_on=dt.date(2026, 3, 1), expected_end=dt.date(2026, 7, 1))
    _student(
        w,
        4,
        enrolled_on=dt.date(2023, 9, 1),
        expected_end=dt.date(2026, 6, 30),
        left_on=dt.date(2026, 8, 31),
        status="graduated",
    )
    _student(w, 5, enrolled_on=dt.date(2026, 9, 1), expected_end=dt.date(2029, 6, 30))
    # Row 2: 10 trainees × 2 days (30–31 Aug 2026; 1–2 Sep belong to 2027) + 3 named trainees × 5 days.
    events.training_create(
        institution=w.a,
        actor=None,
        data={
            "title": "Boundary training",
            "org_unit": u["AUTO"],
            "host": "Riyadh",
            "country": "SA",
            "start_date": dt.date(2026, 8, 30),
            "end_date": dt.date(2026, 9, 2),
            "participants_count": 10,
        },
    )
    named = events.training_create(
        institution=w.a,
        actor=None,
        data={
            "title": "Named trainees",
            "org_unit": u["IT"],
            "host": "Campus",
            "country": "CN",
            "start_date": dt.date(2025, 11, 10),
            "end_date": dt.date(2025, 11, 14),
            "participants_count": 1,  # replaced by the named list below
        },
    )
    events.trainees_add(
        event=named,
        trainees=[events.Trainee("Ali", "SA"), events.Trainee("Budi", "ID"), events.Trainee("Chai", "TH")],
        actor=None,
    )
    # Row 3: 20 Aug – 10 Sep 2025 gives 12 days to 2025 and 10 to 2026; 1–31 Jul 2026 gives 31.
    student = org.person(w.a, u["AUTO"], kind=Person.Kind.STUDENT, name="周强", number="S77")
    student2 = org.person(w.a, u["IT"], kind=Person.Kind.STUDENT, name="吴敏", number="S78")
    for person, start, end in (
        (student, dt.date(2025, 8, 20), dt.date(2025, 9, 10)),
        (student2, dt.date(2026, 7, 1), dt.date(2026, 7, 31)),
    ):
        _mobility(
            w,
            type="cn_enterprise",
            person=person,
            participant_kind="student",
            host_partner=w.partners["changan"],
            country="TH",
            org_unit=person.org_unit,
            start_date=start,
            end_date=end,
        )
    # Row 4: a teaching trip 2–6 Mar 2026 (5 days; a staff member on it does not count) and the same
    # teacher's teaching mobility 4–10 Mar (7 days, 3 already counted: adds 4); another teacher's
    # training 28 Aug – 3 Sep 2025 (4 days to 2025, 3 to 2026).
    staff = org.person(w.a, u["AUTO"], kind=Person.Kind.STAFF, name="赵敏", number="ST5")
    out["trip"] = done_trip(
        w,
        dt.date(2026, 3, 2),
        5,
        members=[p["teacher"], staff],
        destinations=[Destination("MY", 5, "Kuala Lumpur")],
    )
    out["overlap"] = _mobility(
        w, type="teaching", start_date=dt.date(2026, 3, 4), end_date=dt.date(2026, 3, 10)
    )
    _mobility(
        w,
        type="training_delivered",
        person=p["it_teacher"],
        org_unit=u["IT"],
        start_date=dt.date(2025, 8, 28),
        end_date=dt.date(2025, 9, 3),
    )
    # Row 5: a post that ended on 31 Aug 2025 does not count; one teacher with two posts counts once.
    for person, org_name, start, end in (
        (p["teacher"], "Old Council", dt.date(2024, 1, 1), dt.date(2025, 8, 31)),
        (p["teacher"], "ASEAN TVET Council", dt.date(2025, 9, 1), None),
        (p["teacher"], "SAE International", dt.date(2026, 1, 1), None),
        (p["it_teacher"], "WFCP", dt.date(2020, 1, 1), None),
    ):
        influence.save(
            model=OrganisationPost,
            institution=w.a,
            data={
                "person": person,
                "organisation": org_name,
                "kind": "international",
                "country": "TH",
                "post": "Member",
                "start_on": start,
                "end_on": end,
            },
            actor=None,
        )
    # Rows 6 and 7: adoption on 1 Sep 2025 counts in 2026, on 31 Aug 2025 in 2025.
    for kind, title, country, adopted in (
        ("programme", "NEV programme standard", "TH", dt.date(2025, 9, 1)),
        ("programme", "Old programme standard", "LA", dt.date(2025, 8, 31)),
        ("course", "Battery course standard", "MY", dt.date(2026, 8, 31)),
        ("course", "Python course standard", "LK", dt.date(2026, 1, 15)),
    ):
        influence.save(
            model=AdoptedStandard,
            institution=w.a,
            data={
                "kind": kind,
                "title": title,
                "org_unit": u["AUTO"],
                "adopter": "Partner college",
                "country": country,
                "adopted_on": adopted,
            },
            evidence=pdf("adoption.pdf"),
            actor=None,
        )
    # Row 8: an award abroad counts; an award at a national competition and an entry without award do not.
    for event, country, international, award in (
        ("WorldSkills Germany", "DE", True, "gold"),
        ("National contest", "CN", False, "first"),
        ("ASEAN Skills", "SG", True, "none"),
    ):
        events.competition_save(
            institution=w.a,
            actor=None,
            data={
                "event": event,
                "country": country,
                "international": international,
                "held_on": dt.date(2026, 5, 1),
                "org_unit": u["IT"],
                "participants": "3 students",
                "award_level": award,
            },
        )
    # Row 9: one site operates on 31 Aug 2026; suspended, closed that day and opened after it do not count.
    for name, status, opened, closed in (
        ("Saudi base", "operating", dt.date(2024, 5, 1), None),
        ("Laos lab", "suspended", dt.date(2024, 5, 1), None),
        ("Thai centre", "closed", dt.date(2024, 5, 1), dt.date(2026, 8, 31)),
        ("Kenya workshop", "operating", dt.date(2026, 9, 1), None),
    ):
        out[name] = influence.save(
            model=OverseasSite,
            institution=w.a,
            data={
                "name": name,
                "partner": w.partners["malaya"],
                "country": "MY",
                "org_unit": u["AUTO"],
                "opened_on": opened,
                "status": status,
                "closed_on": closed,
            },
            actor=None,
        )
    return out


EXPECTED_2026 = {1: 2, 2: 35, 3: 41, 4: 12, 5: 2, 6: 1, 7: 2, 8: 1, 9: 1}
EXPECTED_COUNTRIES_2026 = {6: ["TH"], 7: ["LK", "MY"]}
