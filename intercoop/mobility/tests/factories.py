"""Test data of mobility: an international student and a foreign expert added to the persona world.

They are not in the shared world itself, because two foreign people would change every headcount that
other apps' tests count by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from intercoop.mobility.models import ForeignExpert, InternationalStudent
from intercoop.mobility.stays import services as stay_services
from intercoop.org.models import Person
from intercoop.org.tests import factories


def add_stays(w: Any) -> Any:
    p = w.people
    u = w.units
    a = w.a
    p["intl"] = factories.person(
        a,
        u["AUTO"],
        kind=Person.Kind.STUDENT,
        name="Somchai Jaidee",
        nationality="TH",
        number="L1",
        passport_number="AA1234567",
    )
    p["expert"] = factories.person(
        a, u["IT"], name="Anna Schmidt", nationality="DE", number="F1", passport_number="C01X00T47"
    )
    w.stays["student"] = stay_services.stay_create(
        model=InternationalStudent,
        institution=a,
        actor=None,
        data={
            "person": p["intl"],
            "org_unit": u["AUTO"],
            "programme": "degree",
            "programme_name": "Automotive technology",
            "enrolled_on": dt.date(2025, 9, 1),
            "expected_end": dt.date(2028, 6, 30),
            "visa_type": "X1",
            "entry_date": dt.date(2025, 8, 25),
            "accommodation_registered_on": dt.date(2025, 8, 25),
            "residence_permit_number": "RP-TH-0001",
            "residence_permit_expiry": dt.date(2026, 8, 31),
        },
    )
    w.stays["expert"] = stay_services.stay_create(
        model=ForeignExpert,
        institution=a,
        actor=None,
        data={
            "person": p["expert"],
            "org_unit": u["IT"],
            "contract_start": dt.date(2026, 3, 1),
            "contract_end": dt.date(2027, 2, 28),
            "visa_type": "Z",
            "work_permit_number": "WP-DE-0001",
        },
    )
    from intercoop.mobility.events import services as events

    w.stays["training"] = events.training_create(
        institution=a,
        actor=None,
        data={
            "title": "沙特职业技术培训公司汽车维修师资培训",
            "org_unit": u["AUTO"],
            "host": "Saudi Arabia talent-training base",
            "country": "SA",
            "language": "English",
            "start_date": dt.date(2026, 3, 2),
            "end_date": dt.date(2026, 3, 13),
            "participants_count": 20,
        },
    )
    w.stays["competition"] = events.competition_save(
        institution=a,
        actor=None,
        data={
            "event": "WorldSkills ASEAN",
            "country": "SG",
            "held_on": dt.date(2026, 5, 20),
            "org_unit": u["IT"],
            "participants": "王芳 (supervisor); 3 students",
            "award_level": "second",
            "award_title": "Silver: IT network systems administration",
        },
    )
    from decimal import Decimal

    from intercoop.mobility.calls import services as calls

    today = dt.date.today()
    call = calls.call_save(
        institution=a,
        actor=None,
        data={
            "title": "Exchange call",
            "opens_on": today - dt.timedelta(days=5),
            "closes_on": today + dt.timedelta(days=20),
            "mobility_start": today + dt.timedelta(days=200),
            "mobility_end": today + dt.timedelta(days=320),
        },
        places=[calls.Place(w.partners["malaya"], 2)],
    )
    w.stays["call"] = calls.call_set_status(call=call, status="open", actor=None)
    application = {
        "first_choice": call.places.get(),
        "year_of_study": 2,
        "gpa": Decimal("3.2"),
        "language_level": "CET-4",
        "statement": "Motivation",
    }
    w.stays["application"] = calls.application_submit(
        call=w.stays["call"], student=p["student"], data=application, actor=None
    )
    other = factories.person(a, u["AUTO"], kind=Person.Kind.STUDENT, name="赵磊", number="S2")
    w.stays["other_application"] = calls.application_submit(
        call=w.stays["call"], student=other, data=application, actor=None
    )
    return w
