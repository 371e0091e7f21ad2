from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from intercoop.core.choices import NotAChoiceError
from intercoop.core.errors import ConflictError
from intercoop.core.models import AuditEntry
from intercoop.core.periods import period_bounds
from intercoop.mobility.models import Mobility
from intercoop.mobility.records import selectors, services
from intercoop.mobility.records.services import MobilityError
from intercoop.org.tests import factories

pytestmark = pytest.mark.django_db


def record(world: Any, **data: Any) -> Mobility:
    base = {
        "direction": "out",
        "type": "study",
        "person": world.people["teacher"],
        "participant_kind": "teacher",
        "org_unit": world.units["AUTO"],
        "host_partner": world.partners["malaya"],
        "country": "MY",
        "planned_start": dt.date(2026, 3, 1),
        "planned_end": dt.date(2026, 3, 10),
    }
    actor = base.pop("actor", "office")
    base.update(data)
    actor = base.pop("actor", actor)
    return services.mobility_create(
        institution=world.a, data=base, actor=world.user(actor) if actor else None
    )


def test_a_mobility_gets_a_reference_a_status_from_its_dates_and_an_audit_entry(world: Any) -> None:
    planned = record(world)
    assert planned.reference.startswith("MOB-2026-")
    assert planned.status == Mobility.Status.PLANNED
    done = record(
        world,
        planned_start=dt.date(2026, 5, 1),
        planned_end=dt.date(2026, 5, 3),
        start_date=dt.date(2026, 5, 2),
        end_date=dt.date(2026, 5, 4),
    )
    assert done.status == Mobility.Status.CONFIRMED
    assert done.days == 3
    assert done.reference != planned.reference
    entry = AuditEntry.objects.get(action="mobility.created", object_id=str(done.pk))
    assert entry.changes["start_date"] == [None, "2026-05-02"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"planned_end": dt.date(2026, 2, 1)}, "planned_end"),
        ({"start_date": dt.date(2026, 3, 5), "end_date": dt.date(2026, 3, 4)}, "end_date"),
        ({"end_date": dt.date(2026, 3, 4)}, "start_date"),
        ({"country": "XX"}, "country"),
        ({"person": None}, "person"),
    ],
)
def test_bad_records_are_refused_naming_the_field_and_nothing_is_written(
    world: Any, data: dict[str, Any], field: str
) -> None:
    before = Mobility.objects.count()
    with pytest.raises(MobilityError) as err:
        record(world, **data)
    assert err.value.field == field
    assert Mobility.objects.count() == before


def test_a_partner_or_person_of_another_institution_is_refused(world: Any) -> None:
    # Named by a user: not among what they may name (404 on the API). By the system: not of this institution.
    for actor, error in (("office", NotAChoiceError), (None, MobilityError)):
        with pytest.raises(error):
            record(world, host_partner=world.partners["b_partner"], actor=actor)
        with pytest.raises(error):
            record(world, person=world.people["b_person"], actor=actor)


def test_a_liaison_names_only_their_college_s_people_units_and_agreements(world: Any) -> None:
    before = Mobility.objects.count()
    for field, value in (
        ("person", world.people["student"]),  # a student of AUTO, hidden from the IT liaison
        ("org_unit", world.units["AUTO"]),
        ("agreement", world.agreements["secret"]),  # confidential, owned by AUTO
    ):
        data = {"org_unit": world.units["IT"], "person": world.people["it_teacher"], field: value}
        with pytest.raises(NotAChoiceError) as err:
            record(world, actor="liaison_b", **data)
        assert err.value.field == field
    assert Mobility.objects.count() == before
    assert record(world, actor="liaison_b", org_unit=world.units["IT"], person=world.people["it_teacher"])


def test_overlapping_mobilities_of_one_person_are_refused_unless_cancelled(world: Any) -> None:
    first = record(world)
    with pytest.raises(ConflictError) as err:
        record(world, planned_start=dt.date(2026, 3, 10), planned_end=dt.date(2026, 3, 20))
    assert first.reference in str(err.value)
    # The day after is free; so are the same days once the first is cancelled.
    record(world, planned_start=dt.date(2026, 3, 11), planned_end=dt.date(2026, 3, 20))
    services.mobility_cancel(mobility=first, reason="visa refused", actor=world.user("office"))
    record(world, planned_start=dt.date(2026, 3, 1), planned_end=dt.date(2026, 3, 5))
    # Restoring nothing overlapping works; archiving frees the days too.
    with pytest.raises(MobilityError):
        services.mobility_cancel(mobility=first, reason="again", actor=world.user("office"))


def test_a_mobility_that_took_place_cannot_be_cancelled_and_a_cancel_needs_a_reason(world: Any) -> None:
    done = record(world, start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 3, 10))
    with pytest.raises(MobilityError):
        services.mobility_cancel(mobility=done, reason="x", actor=None)
    planned = record(world, planned_start=dt.date(2026, 6, 1), planned_end=dt.date(2026, 6, 2))
    with pytest.raises(MobilityError):
        services.mobility_cancel(mobility=planned, reason=" ", actor=None)


def test_restoring_an_archived_mobility_refuses_an_overlap_created_meanwhile(world: Any) -> None:
    first = record(world)
    services.mobility_set_archived(mobility=first, archived=True, actor=None)
    record(world)  # the same days, now free
    with pytest.raises(ConflictError):
        services.mobility_set_archived(mobility=first, archived=False, actor=None)
    assert Mobility.objects.get(pk=first.pk).archived_at is not None


def test_figures_count_once_in_the_period_of_the_start_and_clip_person_days_at_31_august(world: Any) -> None:
    office = world.user("office")
    student = factories.person(world.a, world.units["AUTO"], kind="student", name="周强", number="S77")
    # A student's internship at a Chinese enterprise abroad across the school-year boundary:
    # 20–31 Aug 2025 is 12 days of school year 2024, 1–10 Sep 2025 is 10 days of 2025.
    across = record(
        world,
        person=student,
        participant_kind="student",
        type="cn_enterprise",
        host_partner=world.partners["changan"],
        country="TH",
        planned_start=dt.date(2025, 8, 20),
        planned_end=dt.date(2025, 9, 10),
        start_date=dt.date(2025, 8, 20),
        end_date=dt.date(2025, 9, 10),
    )
    # A teacher teaching abroad for 5 days in school year 2025; and a planned one that does not count.
    record(
        world,
        type="teaching",
        start_date=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 3, 6),
    )
    record(world, type="teaching", planned_start=dt.date(2026, 4, 1), planned_end=dt.date(2026, 4, 9))
    start, end = period_bounds("school", 2025)  # 1 Sep 2024 – 31 Aug 2025
    y2024 = selectors.figures(user=office, start=start, end=end)
    assert (y2024.outgoing, y2024.cn_enterprise_person_days) == (1, 12)
    start, end = period_bounds("school", 2026)  # 1 Sep 2025 – 31 Aug 2026
    y2025 = selectors.figures(user=office, start=start, end=end)
    assert y2025.cn_enterprise_person_days == 10
    # The world's study exchange (1 Sep 2025 – 31 Jan 2026: 153 days) also began in 2025.
    assert (y2025.outgoing, y2025.person_days) == (2, 10 + 5 + 153)
    assert y2025.teaching_abroad_person_days == 5
    assert y2025.planned == 2  # this one and the world's incoming lecturer (March 2026), not yet under way
    assert across.pk in {
        m.pk for m in selectors.mobility_list(user=office, start=start, end=end, counted=True)
    }
    # The drill-down adds up to the figure.
    rows = selectors.mobility_list(user=office, start=start, end=end, counted=True)
    assert sum(selectors.days_in_period(m, start, end) for m in rows) == y2025.person_days
