from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from intercoop.mobility.events import services as events
from intercoop.mobility.events.services import EventError, Trainee
from intercoop.mobility.records import selectors

pytestmark = pytest.mark.django_db


def test_a_training_needs_a_count_or_a_list_and_ordered_days(world: Any) -> None:
    data = {
        "title": "Short course",
        "org_unit": world.units["AUTO"],
        "country": "TH",
        "start_date": dt.date(2026, 4, 10),
        "end_date": dt.date(2026, 4, 9),
        "participants_count": 5,
    }
    with pytest.raises(EventError) as err:
        events.training_create(institution=world.a, data=data, actor=None)
    assert err.value.field == "end_date"
    data["end_date"] = dt.date(2026, 4, 12)
    data["participants_count"] = None
    with pytest.raises(EventError) as err:
        events.training_create(institution=world.a, data=data, actor=None)
    assert err.value.field == "participants_count"


def test_named_trainees_replace_the_count_and_are_listed_once(world: Any) -> None:
    event = world.stays["training"]  # 20 trainees given as a number, 12 days
    added, unchanged = events.trainees_add(
        event=event,
        trainees=[Trainee("Ahmed Al-Harbi", "SA", "TVTC"), Trainee("Omar  Saleh", "sa", "TVTC")],
        actor=None,
    )
    assert (added, unchanged) == (2, 0)
    again = events.trainees_add(event=event, trainees=[Trainee("ahmed al-harbi", "SA", "TVTC")], actor=None)
    assert again == (0, 1)
    with pytest.raises(EventError):
        events.trainees_add(event=event, trainees=[Trainee("Nobody", "XX")], actor=None)
    rows = events.trainings_in(
        type(event).objects.filter(pk=event.pk), dt.date(2025, 9, 1), dt.date(2026, 8, 31)
    )
    assert (rows[0].trainees, rows[0].period_person_days) == (2, 2 * 12)


def test_rows_2_and_8_count_person_days_inside_the_period_and_awards_abroad(world: Any) -> None:
    office = world.user("office")
    # 20 trainees × 12 days; and a training across 31 August: 5 trainees, 29 Aug – 3 Sep 2026.
    events.training_create(
        institution=world.a,
        actor=None,
        data={
            "title": "Across the year",
            "org_unit": world.units["IT"],
            "country": "CN",
            "start_date": dt.date(2026, 8, 29),
            "end_date": dt.date(2026, 9, 3),
            "participants_count": 5,
        },
    )
    events.competition_save(
        institution=world.a,
        actor=None,
        data={
            "event": "National skills contest",
            "country": "CN",
            "international": False,
            "held_on": dt.date(2026, 6, 1),
            "org_unit": world.units["IT"],
            "participants": "2 students",
            "award_level": "first",
        },
    )
    events.competition_save(
        institution=world.a,
        actor=None,
        data={
            "event": "Belt and Road skills contest",
            "country": "RU",
            "held_on": dt.date(2026, 7, 1),
            "org_unit": world.units["AUTO"],
            "participants": "1 student",
        },
    )
    figures = selectors.figures(user=office, start=dt.date(2025, 9, 1), end=dt.date(2026, 8, 31))
    assert figures.trainee_person_days == 20 * 12 + 5 * 3
    assert figures.awards == 1  # the silver abroad; not the national contest, not the entry without award
    nxt = selectors.figures(user=office, start=dt.date(2026, 9, 1), end=dt.date(2027, 8, 31))
    assert nxt.trainee_person_days == 5 * 3
    with pytest.raises(EventError):
        events.competition_save(
            institution=world.a,
            actor=None,
            data={
                "event": "x",
                "country": "SG",
                "held_on": dt.date(2026, 7, 1),
                "org_unit": world.units["AUTO"],
                "participants": "y",
                "award_title": "Gold",
            },
        )


def test_pages_show_the_drill_down_that_adds_up(world: Any, client_for: Any) -> None:
    client = client_for("office")
    page = client.get("/mobility/training/?start=2025-09-01&end=2026-08-31")
    assert page.context["total_person_days"] == 240
    response = client.post(
        f"/mobility/training/{world.stays['training'].pk}/", {"lines": "Ali; SA; TVTC\nBad line"}
    )
    assert response.status_code == 400
    response = client.post(f"/mobility/training/{world.stays['training'].pk}/", {"lines": "Ali; SA; TVTC"})
    assert response.status_code == 302
    assert (
        client.get("/mobility/training/?start=2025-09-01&end=2026-08-31").context["total_person_days"] == 12
    )
    awards = client.get("/mobility/competitions/?start=2025-09-01&end=2026-08-31&awards=on")
    assert awards.context["page"].paginator.count == 1
    api = client.get("/api/v1/mobility/figures?year=2026").json()
    assert (api["trainee_person_days"], api["awards"]) == (12, 1)
    assert (
        client_for("liaison_b")
        .post(f"/mobility/training/{world.stays['training'].pk}/", {"lines": "X; SA"})
        .status_code
        == 404
    )
