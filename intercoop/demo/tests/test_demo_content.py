"""What the seeded demo holds. The demo is seeded once per test database (``demo_snapshot`` in the root
conftest) and put in place for this module inside a transaction rolled back at its end; the tests of
seeding itself are in ``test_seed_demo``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation

from intercoop.accounts.models import User
from intercoop.demo import data
from intercoop.demo.tests.test_seed_demo import DEMO_USERS
from intercoop.org.models import Institution
from tests.personas import restore_snapshot

# One worker runs every test that starts from the demo snapshot, so it is seeded once per run.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo"), pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="module")
def demo(demo_snapshot, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock(), translation.override("en"), transaction.atomic():
        restore_snapshot(demo_snapshot)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_demo_user_can_log_in_and_sees_a_home_page(language):
    greeting = "欢迎" if language == "zh-hans" else "Welcome"
    for username in DEMO_USERS:
        client = Client()
        client.cookies["django_language"] = language
        response = client.post("/accounts/login/", {"username": username, "password": "demo"})
        assert response.status_code == 302, username
        home = client.get("/")
        assert home.status_code == 200
        assert greeting in home.content.decode(), username


def test_seed_demo_has_trips_in_every_state_over_several_years_and_approvals_waiting():
    from intercoop.approvals import selectors as approval_selectors
    from intercoop.travel.models import AnnualPlan, Trip

    trips = Trip.objects.filter(institution__code=data.MAIN_CODE)
    assert set(trips.values_list("status", flat=True)) == set(Trip.Status.values)
    assert len({t.departure.year for t in trips}) >= 4
    assert approval_selectors.waiting_for(User.objects.get(username="leader"))
    assert approval_selectors.waiting_for(User.objects.get(username="finance"))
    assert approval_selectors.waiting_for(User.objects.get(username="office"))
    assert AnnualPlan.objects.filter(status=AnnualPlan.Status.APPROVED).exists()
    assert AnnualPlan.objects.filter(status=AnnualPlan.Status.SUBMITTED).exists()


def test_every_row_of_the_demo_table_is_computed_from_records_and_its_drill_down_adds_up():
    from intercoop.indicators import registry
    from intercoop.indicators.selectors import Engine, build_table, default_year
    from intercoop.indicators.tables import INTERNATIONAL_INFLUENCE
    from intercoop.planning.selectors import assess, scheme_for

    main = Institution.objects.get(code=data.MAIN_CODE)
    year = default_year()
    engine = Engine(main)
    table = build_table(main, INTERNATIONAL_INFLUENCE, year, engine)
    for row in table["rows"]:
        indicator = registry.get(row["code"])
        comp, _period = engine.computation(indicator, year)
        assert row["computed"] is not None and row["computed"] > 0, row["code"]
        assert sum(i.amount for i in comp.items) == row["computed"] == row["current"], row["code"]
    scores = assess(main, scheme_for(main, year), engine)
    assert len(scores) == 5 and len({s.total for s in scores}) == 5  # five colleges, no tie
    assert all(round(sum(p.points for p in s.parts), 2) == s.total for s in scores)


def test_the_demo_office_finds_todays_reminders_in_its_notification_centre():
    from intercoop.core.models import Notification

    office = User.objects.get(username="office")
    assert Notification.objects.filter(user=office, read_at__isnull=True).count() >= 3
    client = Client()
    client.post("/accounts/login/", {"username": "office", "password": "demo"})
    assert 'data-testid="unread-count"' in client.get("/").content.decode()


def test_no_step_of_a_demo_trip_lies_in_the_future_of_its_state():
    """Issue 15 item 9: an approved trip's notice and mission approval were dated after the day seeded."""
    from django.utils import timezone

    from intercoop.travel.models import Trip

    today = timezone.localdate()
    past_notice = Trip.objects.filter(
        status__in=("approved", "reported", "settled"), recorded_afterwards=False
    )
    assert past_notice.exists()
    for trip in past_notice:
        assert trip.notice_ends_on < today and trip.mission_issued_on <= today, trip.number
    # trips of earlier years, recorded afterwards: over, with the approval they had, no notice in the system
    earlier = Trip.objects.filter(recorded_afterwards=True)
    assert earlier.count() == 2
    for trip in earlier:
        assert (
            trip.return_on < today and trip.mission_issued_on < trip.departure and trip.notice_ends_on is None
        )
    for trip in Trip.objects.filter(status="notice"):
        assert trip.notice_starts_on <= today <= trip.notice_ends_on, trip.number


def test_plans_trainings_competitions_and_calls_read_in_the_pages_language():
    """Issue 15 item 9: their titles were written "中文 English" in one field and shown glued together."""
    import re

    client = Client()
    client.post("/accounts/login/", {"username": "office", "password": "demo"})
    glued = re.compile(r"[\u4e00-\u9fff）] [A-Z][a-z]+ [a-z]+")
    lists = ("/planning/", "/mobility/training/", "/mobility/competitions/", "/mobility/calls/")
    for url in (*lists, "/influence/standards/", "/influence/sites/"):
        for language, script in (("zh-hans", r"[\u4e00-\u9fff]"), ("en", r"[A-Za-z]{4,}")):
            client.cookies["django_language"] = language
            page = client.get(url).content.decode()
            body = page[page.index("<tbody>") : page.index("</tbody>")]
            titles = re.findall(r'<td><a href="[^"]+">([^<]+)</a>', body) or re.findall(
                r"<td>([^<]+)<div", body
            )
            assert titles, (url, language)
            assert not any(glued.search(t) for t in titles), (url, language, titles)
            assert all(re.search(script, t) for t in titles), (url, language, titles)


def test_posts_held_abroad_read_in_the_pages_language():
    client = Client()
    client.post("/accounts/login/", {"username": "office", "password": "demo"})
    client.cookies["django_language"] = "zh-hans"
    zh = client.get("/influence/posts/").content.decode()
    client.cookies["django_language"] = "en"
    en = client.get("/influence/posts/").content.decode()
    assert "<td>理事</td>" in zh and "Council member" not in zh
    assert "<td>Council member</td>" in en and "理事" not in en
