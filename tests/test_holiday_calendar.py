"""The holiday calendar the office keeps (issue 15 item 14): a year's days entered from the State
Council's notice, audited, archived rather than deleted, read by every working-day deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from intercoop.core import calendar
from intercoop.core.errors import DomainError
from intercoop.core.models import AuditEntry, CalendarDay, CalendarYear
from intercoop.core.workdays import calendar_for, calendars_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)
NOTICE_2027 = """2027-01-01 休 元旦
2027-02-06 休 春节
2027-02-07 休 春节
2027-02-14 班 春节调休
"""


def test_days_entered_for_a_new_year_count_in_working_days_and_complete_the_year(world):
    office = world.user("office")
    assert not calendar_for(world.a).covered(2027)
    assert calendar_for(world.a).is_workday(dt.date(2027, 1, 1))  # a Friday, before the office adds it
    added = calendar.days_add(
        institution=world.a, year=2027, text=NOTICE_2027, complete=True, actor=office, today=TODAY
    )
    assert added == 4
    cal = calendar_for(world.a)
    assert cal.covered(2027)
    assert not cal.is_workday(dt.date(2027, 1, 1))
    assert cal.is_workday(dt.date(2027, 2, 14))  # a Sunday worked
    assert calendar_for(world.b).is_workday(dt.date(2027, 1, 1))  # another college keeps its own
    assert AuditEntry.objects.filter(action="core.calendar_day.added", institution=world.a).count() == 4
    assert AuditEntry.objects.filter(action="core.calendar_year.completed").count() == 1
    # The same notice again changes nothing; a corrected line replaces the day, keeping the old row.
    assert (
        calendar.days_add(
            institution=world.a, year=2027, text=NOTICE_2027, complete=True, actor=office, today=TODAY
        )
        == 0
    )
    assert (
        calendar.days_add(
            institution=world.a,
            year=2027,
            text="2027-02-14 休 春节",
            complete=False,
            actor=office,
            today=TODAY,
        )
        == 1
    )
    assert CalendarDay.objects.filter(day=dt.date(2027, 2, 14)).count() == 2
    assert not calendar_for(world.a).is_workday(dt.date(2027, 2, 14))
    both = calendars_for([world.a.pk, world.b.pk])
    assert not both[world.a.pk].is_workday(dt.date(2027, 1, 1)) and both[world.b.pk].is_workday(
        dt.date(2027, 1, 1)
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-10-01 休 国庆节\n2027-13-01 休 x", "Line 2: “2027-13-01” is not a date"),
        ("2027-01-01 maybe 元旦", "Line 1: “maybe” is neither 休"),
        ("2027-10-01 休 国庆节\n2028-01-01 休 元旦", "Line 2: 2028-01-01 is not in 2027"),
        ("2027-01-01 休 元旦\n\n2027-01-01 班 x", "Line 3: 2027-01-01 is listed twice"),
        ("元旦放假", "Line 1: write the date"),
        ("   ", "at least one day"),
    ],
)
def test_a_wrong_line_is_named_and_nothing_is_saved(world, text, message):
    before = (CalendarDay.objects.count(), CalendarYear.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError, match=message):
        calendar.days_add(institution=world.a, year=2027, text=text, complete=True, actor=None, today=TODAY)
    assert (CalendarDay.objects.count(), CalendarYear.objects.count(), AuditEntry.objects.count()) == before


def test_the_office_keeps_the_calendar_on_its_page_and_others_get_404(world, client_for):
    office = client_for("office", "zh-hans")
    page = office.get("/calendar/?year=2027")
    assert page.status_code == 200
    html = page.content.decode()
    assert "节假日" in html and 'data-testid="calendar-missing"' in html
    saved = office.post("/calendar/?year=2027", {"year": "2027", "days": NOTICE_2027, "complete": "on"})
    assert saved.status_code == 302
    html = office.get("/calendar/?year=2027").content.decode()
    assert 'data-testid="calendar-covered"' in html and "春节调休" in html
    refused = office.post("/calendar/?year=2027", {"year": "2027", "days": "2027-02-30 休 x"})
    assert refused.status_code == 400 and "第 1 行" in refused.content.decode()
    day = CalendarDay.objects.get(day=dt.date(2027, 1, 1), institution=world.a)
    for persona in ("liaison_a", "teacher", "student", "leader", "finance", "supervisor", "norole"):
        client = client_for(persona)
        assert client.get("/calendar/").status_code == 404, persona
        assert client.post(f"/calendar/days/{day.pk}/archive/").status_code == 404, persona
    other = client_for("other_office")  # keeps its own college's calendar, never this one's
    assert "None for this year." in other.get("/calendar/?year=2027").content.decode()
    assert other.post(f"/calendar/days/{day.pk}/archive/").status_code == 404
    assert client_for("admin").get("/calendar/").status_code == 200
    assert office.post(f"/calendar/days/{day.pk}/archive/").status_code == 302
    day.refresh_from_db()
    assert day.archived_at is not None
    assert calendar_for(world.a).is_workday(dt.date(2027, 1, 1))


def test_a_trip_in_a_year_without_holidays_links_the_office_to_the_calendar(world, client_for):
    from intercoop.travel.tests import factories as travel_factories

    trip = travel_factories.trip(world, departure=dt.date(2027, 5, 10))
    page = client_for("office").get(f"/travel/{trip.pk}/").content.decode()
    assert 'data-testid="calendar-link"' in page and "/calendar/?year=2027" in page
    liaison = client_for("liaison_a").get(f"/travel/{trip.pk}/")  # the warning, without a link to a 404
    assert liaison.status_code == 200
    assert 'data-testid="calendar-missing"' in liaison.content.decode()
    assert 'data-testid="calendar-link"' not in liaison.content.decode()
    calendar.days_add(
        institution=world.a, year=2027, text=NOTICE_2027, complete=True, actor=None, today=TODAY
    )
    assert (
        'data-testid="calendar-missing"'
        not in client_for("office").get(f"/travel/{trip.pk}/").content.decode()
    )
