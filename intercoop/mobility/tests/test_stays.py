from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from intercoop.core import reminders
from intercoop.core.errors import ConflictError
from intercoop.mobility.models import ForeignExpert, InternationalStudent
from intercoop.mobility.records import selectors as records_selectors
from intercoop.mobility.stays import selectors as stays_selectors
from intercoop.mobility.stays import services as stays
from intercoop.mobility.stays.services import StayError
from intercoop.org.tests import factories

pytestmark = pytest.mark.django_db


def student(world: Any, **data: Any) -> InternationalStudent:
    person = data.pop("person", None) or factories.person(
        world.a,
        world.units["AUTO"],
        kind="student",
        nationality="LA",
        number=f"L{dt.datetime.now().microsecond}",
    )
    base = {
        "person": person,
        "org_unit": world.units["AUTO"],
        "programme": "non_degree",
        "programme_name": "Chinese language and automotive basics",
        "enrolled_on": dt.date(2025, 9, 1),
        "expected_end": dt.date(2026, 8, 31),
    }
    base.update(data)
    return stays.stay_create(
        model=InternationalStudent, institution=world.a, data=base, actor=world.user("office")
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"expected_end": dt.date(2025, 8, 1)}, "expected_end"),
        ({"residence_permit_expiry": dt.date(2025, 7, 1)}, "residence_permit_expiry"),
        ({"status": "left"}, "left_on"),
        ({"left_on": dt.date(2026, 1, 1)}, "status"),
        (
            {"entry_date": dt.date(2025, 8, 30), "accommodation_registered_on": dt.date(2025, 8, 29)},
            "accommodation_registered_on",
        ),
    ],
)
def test_bad_student_records_are_refused_naming_the_field(
    world: Any, data: dict[str, Any], field: str
) -> None:
    before = InternationalStudent.objects.count()
    with pytest.raises(StayError) as err:
        student(world, **data)
    assert err.value.field == field
    assert InternationalStudent.objects.count() == before


def test_a_chinese_national_or_a_second_overlapping_record_is_refused(world: Any) -> None:
    with pytest.raises(StayError):
        student(world, person=world.people["student"])
    with pytest.raises(ConflictError):
        student(world, person=world.people["intl"])
    # After the world's student leaves, a new enrolment of the same person is fine.
    stays.stay_update(
        stay=world.stays["student"], data={"status": "left", "left_on": dt.date(2026, 1, 15)}, actor=None
    )
    student(
        world, person=world.people["intl"], enrolled_on=dt.date(2026, 2, 1), expected_end=dt.date(2026, 7, 1)
    )


def test_an_expert_whose_permit_expired_before_the_contract_is_refused(world: Any) -> None:
    with pytest.raises(StayError) as err:
        stays.stay_create(
            model=ForeignExpert,
            institution=world.a,
            actor=None,
            data={
                "person": factories.person(world.a, world.units["IT"], nationality="GB", number="F9"),
                "org_unit": world.units["IT"],
                "contract_start": dt.date(2026, 9, 1),
                "contract_end": dt.date(2027, 7, 31),
                "work_permit_expiry": dt.date(2026, 8, 1),
            },
        )
    assert err.value.field == "work_permit_expiry"


def test_deadlines_follow_the_institutions_rules(world: Any) -> None:
    s = student(world, visa_type="X1", entry_date=dt.date(2025, 8, 28), insurance_until=dt.date(2026, 2, 28))
    rules = stays.rules_for(world.a)
    due = {d.key.split(":")[0]: d for d in stays.deadlines(s, rules)}
    assert due["accommodation"].due_on == dt.date(2025, 8, 29) and not due["accommodation"].done
    assert due["residence_permit"].due_on == dt.date(2025, 9, 27)
    assert due["insurance"].due_on == dt.date(2026, 1, 29)
    world.a.settings = {"mobility": {"residence_permit_days": 20, "extension_days_before": 45}}
    world.a.save()
    rules = stays.rules_for(world.a)
    due = {d.key.split(":")[0]: d for d in stays.deadlines(s, rules)}
    assert due["residence_permit"].due_on == dt.date(2025, 9, 17)
    assert due["insurance"].due_on == dt.date(2026, 1, 14)
    expert = world.stays["expert"]
    work = {d.key.split(":")[0]: d for d in stays.deadlines(expert, rules)}["work_permit"]
    assert work.due_on == dt.date(2025, 12, 1) and work.done  # 90 days before 1 March 2026; number given


def test_reminders_fire_before_each_deadline_once_to_the_responsible_person(world: Any) -> None:
    responsible = factories.person(
        world.a, world.units["IO"], kind="staff", number="S55", email="liu@example.edu.cn"
    )
    s = student(world, visa_type="X1", entry_date=dt.date(2026, 3, 2), responsible=responsible)
    # The residence permit is due 30 days after entry: 1 April 2026. Reminders at 14 and 3 days before.
    assert not [r for r in reminders.due(dt.date(2026, 3, 10)) if f":{s.pk}:residence_permit" in r.key]
    day = dt.date(2026, 3, 18)
    found = [r for r in reminders.due(day) if f":{s.pk}:residence_permit" in r.key]
    assert len(found) == 1 and found[0].recipients == ("liu@example.edu.cn",)
    mail.outbox.clear()
    reminders.send_due(day)
    reminders.send_due(day)
    assert len([m for m in mail.outbox if "Residence permit" in m.subject]) == 1
    assert [r for r in reminders.due(dt.date(2026, 3, 29)) if f":{s.pk}:residence_permit:before3" in r.key]
    stays.stay_update(stay=s, data={"residence_permit_expiry": dt.date(2027, 3, 1)}, actor=None)
    assert not [r for r in reminders.due(dt.date(2026, 3, 29)) if f":{s.pk}:residence_permit" in r.key]


def test_row_1_counts_full_time_students_of_a_year_or_more_enrolled_at_the_statistical_date(
    world: Any,
) -> None:
    office = world.user("office")
    student(world)  # non-degree, 1 Sep 2025 – 31 Aug 2026: exactly one year, counts
    student(world, expected_end=dt.date(2026, 8, 30))  # one day short of a year
    student(world, programme="short_term", expected_end=dt.date(2025, 12, 20))
    student(world, full_time=False)
    student(world, status="left", left_on=dt.date(2026, 6, 30))  # left before the date
    student(world, enrolled_on=dt.date(2026, 9, 1), expected_end=dt.date(2029, 6, 30))  # after the date
    on = stays.statistical_date(world.a, 2026)
    assert on == dt.date(2026, 8, 31)
    qs = stays_selectors.stay_list(user=office, model=InternationalStudent, counted_on=on)
    # The world's degree student (Sep 2025 – Jun 2028) and the one-year non-degree student.
    assert qs.count() == 2
    start, end = dt.date(2025, 9, 1), dt.date(2026, 8, 31)
    assert (
        records_selectors.figures(user=office, start=start, end=end, headcount_on=on).international_students
        == 2
    )
    # A liaison of another college counts none of AUTO's students.
    assert (
        records_selectors.figures(
            user=world.user("liaison_b"), start=start, end=end, headcount_on=on
        ).international_students
        == 0
    )
