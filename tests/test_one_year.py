"""Issue 17 items 1, 3 and 4: one meaning of a year, one rule for who is a teacher, nothing counted before it
has begun. Expected values are literals, worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from intercoop.core import periods
from intercoop.indicators import registry
from intercoop.indicators.engine import Engine
from intercoop.mobility.models import Mobility
from intercoop.mobility.records import services as mobility
from intercoop.org.models import Person
from intercoop.org.tests import factories

pytestmark = pytest.mark.django_db

DECEMBER = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)


def token() -> dict[str, str]:
    response = Client().post(
        "/api/v1/auth/token", {"username": "office", "password": "pw"}, content_type="application/json"
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}", "HTTP_ACCEPT_LANGUAGE": "en"}


# -- 1. one meaning of "2026" -----------------------------------------------------------------------------


def test_report_year_2026_is_the_same_period_on_every_page_and_endpoint(world, client_for):
    headers = token()
    travel = Client().get("/api/v1/travel/figures?year=2026", **headers).json()
    moves = Client().get("/api/v1/mobility/figures?year=2026", **headers).json()
    indicator = Engine(world.a).period(registry.get("teachers_abroad_person_days"), 2026)
    # report year 2026 = 1 Sep 2025 – 31 Aug 2026, everywhere
    assert (travel["start"], travel["end"]) == ("2025-09-01", "2026-08-31")
    assert (moves["start"], moves["end"]) == ("2025-09-01", "2026-08-31")
    assert (indicator.start, indicator.end) == (dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    page = client_for("office").get("/travel/figures/?year=2026").content.decode()
    assert "Report year 2026" in page and "2025-09-01" in page
    calendar = Client().get("/api/v1/travel/figures?year=2026&period=calendar", **headers).json()
    assert (calendar["start"], calendar["end"]) == ("2026-01-01", "2026-12-31")
    assert (
        "Calendar year 2026"
        in client_for("office").get("/mobility/figures/?year=2026&period=calendar").content.decode()
    )


def test_every_year_parameter_defaults_to_the_latest_ended_report_year(world, client_for):
    with time_machine.travel(DECEMBER):
        assert periods.default_year() == 2026  # 1 Sep 2025 – 31 Aug 2026 ended in August
        headers = token()
        assert Client().get("/api/v1/travel/figures", **headers).json()["start"] == "2025-09-01"
        assert Client().get("/api/v1/mobility/figures", **headers).json()["start"] == "2025-09-01"
        assert 'value="2026" selected' in client_for("office").get("/travel/figures/").content.decode()
    with time_machine.travel(dt.datetime(2026, 7, 15, 10, tzinfo=dt.UTC)):
        assert periods.default_year() == 2025  # 2026 has not ended in July 2026


# -- 3. who is a teacher ----------------------------------------------------------------------------------


def test_a_teachers_stay_counts_as_a_teachers_whatever_the_form_said(world):
    office = world.user("office")
    teacher = world.people["teacher"]
    staff = factories.person(world.a, world.units["IT"], kind=Person.Kind.STAFF, name="职员", number="ST9")
    data = {"direction": "out", "type": "teaching", "country": "DE", "participant_kind": "student"}
    taught = mobility.mobility_create(
        institution=world.a,
        data={
            **data,
            "person": teacher,
            "planned_start": dt.date(2026, 3, 2),
            "planned_end": dt.date(2026, 3, 11),
            "start_date": dt.date(2026, 3, 2),
            "end_date": dt.date(2026, 3, 11),
        },
        actor=office,
    )
    assert taught.participant_kind == "teacher"  # the person's kind, not the form's default "student"
    marked = mobility.mobility_create(
        institution=world.a,
        data={
            **data,
            "participant_kind": "teacher",
            "person": staff,
            "planned_start": dt.date(2026, 4, 6),
            "planned_end": dt.date(2026, 4, 10),
            "start_date": dt.date(2026, 4, 6),
            "end_date": dt.date(2026, 4, 10),
        },
        actor=office,
    )
    assert marked.participant_kind == "staff"  # a staff member is not counted as a teacher, as on trips
    anonymous = mobility.mobility_create(
        institution=world.a,
        data={
            **data,
            "participant_kind": "teacher",
            "participant_label": "Erasmus 1",
            "planned_start": dt.date(2026, 5, 4),
            "planned_end": dt.date(2026, 5, 8),
        },
        actor=office,
    )
    assert anonymous.participant_kind == "teacher"  # nobody named: what the record says


def test_travel_figures_count_only_teacher_members_as_teachers(world):
    from intercoop.travel import selectors as travel
    from intercoop.travel.models import Purpose
    from intercoop.travel.services import Destination
    from intercoop.travel.tests.test_services import _done

    staff = factories.person(
        world.a, world.units["AUTO"], kind=Person.Kind.STAFF, name="职员乙", number="ST8"
    )
    _done(
        world,
        dt.date(2026, 3, 2),
        5,
        members=[world.people["teacher"], staff],
        destinations=[Destination("DE", 5)],
        purpose=Purpose.TEACHING,
    )
    start, end = periods.period_bounds("school", 2026)
    figures = travel.figures(
        user=world.user("office"), institution=world.a, start=start, end=end, today=dt.date(2026, 9, 1)
    )
    # 2–6 Mar 2026: 5 days × 2 members abroad; teachers' person-days 5 × 1 (the staff member is not one)
    assert (figures.person_days, figures.teaching_person_days) == (10, 5)


# -- 4. nothing counts before it has begun ----------------------------------------------------------------


def test_a_stay_with_actual_dates_ahead_counts_only_once_it_has_begun(world):
    office = world.user("office")
    with time_machine.travel(dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)):
        ahead = mobility.mobility_create(
            institution=world.a,
            data={
                "direction": "out",
                "type": "cn_enterprise",
                "country": "SA",
                "person": world.people["student"],
                "planned_start": dt.date(2026, 8, 22),
                "planned_end": dt.date(2026, 8, 31),
                "start_date": dt.date(2026, 8, 22),
                "end_date": dt.date(2026, 8, 31),
            },
            actor=office,
        )
        assert ahead.status == Mobility.Status.CONFIRMED
        from intercoop.mobility.records import selectors as moves

        start, end = periods.period_bounds("school", 2026)
        before = moves.figures(user=office, start=start, end=end)
        indicator = registry.get("cn_enterprise_internship_person_days")
        row3 = Engine(world.a).value(indicator, 2026).computed
    with time_machine.travel(dt.datetime(2026, 8, 25, 10, tzinfo=dt.UTC)):
        after = moves.figures(user=office, start=start, end=end)
        row3_after = Engine(world.a).value(indicator, 2026).computed
    # 22–31 Aug 2026 = 10 days, counted once the stay has begun (25 Aug), not on 1 June
    assert after.cn_enterprise_person_days - before.cn_enterprise_person_days == 10
    assert (row3_after or 0) - (row3 or 0) == 10


# -- 2. a setting a figure reads makes it stale -----------------------------------------------------------


def test_changing_the_statistical_date_recomputes_the_stored_figure(world):
    from intercoop.influence.tests.factories import site

    site(world)  # opened 1 May 2024: operating on either date
    site(world, name="Opened in July", opened_on=dt.date(2026, 7, 15))  # operating on 31 Aug, not on 30 June
    indicator = registry.get("overseas_sites")
    on_31_august = Engine(world.a).value(indicator, 2026).computed  # stored now
    world.a.settings = {**(world.a.settings or {}), "mobility": {"statistical_date": "06-30"}}
    world.a.save(update_fields=["settings"])
    engine = Engine(world.a)
    on_30_june = engine.value(indicator, 2026).computed
    drill_down, period = engine.computation(indicator, 2026)
    assert period.end == dt.date(2026, 6, 30)
    assert (on_31_august, on_30_june) == (2, 1)  # the July site no longer counts
    assert on_30_june == drill_down.value()  # the figure and its drill-down agree


def test_saving_an_institution_without_changing_its_settings_keeps_the_figures(world):
    from intercoop.core.models import RecordChange

    before = RecordChange.objects.filter(institution_id=world.a.pk).count()
    world.a.save()
    world.a.save(update_fields=["name"])
    assert RecordChange.objects.filter(institution_id=world.a.pk).count() == before


# -- 7. smaller -------------------------------------------------------------------------------------------


def test_a_mobility_read_from_the_api_can_be_sent_back_unchanged(world):
    from intercoop.mobility.records.api import MobilityIn

    headers = token()
    record = next(m for m in world.mobilities.values() if not m.funding)
    read = Client().get(f"/api/v1/mobility/mobilities/{record.pk}", **headers).json()
    body = {name: read[name] for name in MobilityIn.model_fields if name in read}
    assert body["funding"] == ""
    response = Client().put(
        f"/api/v1/mobility/mobilities/{record.pk}", body, content_type="application/json", **headers
    )
    assert response.status_code == 200, response.content


def test_a_figure_asked_for_at_a_level_it_is_not_kept_at_says_so(world, client_for):
    college = world.units["AUTO"]
    api = Client().get(f"/api/v1/indicators/overseas_sites?unit_id={college.pk}", **token())
    assert api.status_code == 400 and api.json()["code"] == "level"
    assert "whole institution only" in api.json()["message"]
    page = client_for("office").get(f"/indicators/overseas_sites/?unit={college.pk}")
    assert page.status_code == 400 and "whole institution only" in page.content.decode()
    department = world.units["AUTO-NEV"]
    asked = client_for("office").get(f"/indicators/teachers_abroad_person_days/?unit={department.pk}")
    assert asked.status_code == 400 and "counted in" in asked.content.decode()
    other = world.units["B-CIV"]  # another institution's college: not theirs, not found
    assert (
        client_for("office").get(f"/indicators/teachers_abroad_person_days/?unit={other.pk}").status_code
        == 404
    )


def test_the_dashboard_shows_a_submitted_years_submitted_figures_and_says_so(world, client_for):
    from intercoop.dashboard import selectors as dashboard
    from intercoop.indicators import services as indicators
    from intercoop.indicators.tables import INTERNATIONAL_INFLUENCE
    from intercoop.indicators.tests.factories import _student, known_set

    known_set(world)  # row 1 of 2026: 2 students (indicators/tests/factories.py, computed by hand)
    office = world.user("office")
    indicators.submit(
        institution=world.a,
        table=INTERNATIONAL_INFLUENCE,
        year=2026,
        actor=office,
        today=dt.date(2026, 11, 29),
    )
    _student(world, 9, enrolled_on=dt.date(2025, 9, 1), expected_end=dt.date(2028, 6, 30))  # a third, later
    board = dashboard.board(office, dashboard.Filters(year=2026))
    kpi = next(k for k in board.kpis if k.indicator.code == "intl_students_fulltime")
    assert kpi.value == 2 and board.submitted  # the submitted value, not today's 3
    live = Engine(world.a).value(registry.get("intl_students_fulltime"), 2026).reported
    assert live == 3
    page = client_for("office").get("/dashboard/?year=2026").content.decode()
    assert 'data-testid="kpis-submitted"' in page


def test_a_statistical_date_ahead_is_no_data_and_its_drill_down_lists_nothing(world):
    from intercoop.influence.tests.factories import site

    site(world)  # opened 1 May 2024, operating
    indicator = registry.get("overseas_sites")
    with time_machine.travel(DECEMBER):  # the statistical date of 2027 (31 Aug 2027) is ahead
        engine = Engine(world.a)
        comp, period = engine.computation(indicator, 2027)
        assert period.end == dt.date(2027, 8, 31)
        assert engine.value(indicator, 2027).no_data and comp.items == []
        assert engine.value(indicator, 2026).computed == 1  # the statistical date of 2026 has passed
