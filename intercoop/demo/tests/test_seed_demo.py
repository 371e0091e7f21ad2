from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from intercoop.accounts.models import User
from intercoop.core.models import AuditEntry
from intercoop.demo import data
from intercoop.org.models import Institution, OrgUnit, Person

pytestmark = pytest.mark.django_db

DEMO_USERS = [
    "admin",
    "office",
    "liaison_auto",
    "liaison_it",
    "teacher",
    "student",
    "leader",
    "finance",
    "mentor",
    "supervisor",
    "other_office",
]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_builds_two_bilingual_chongqing_colleges_and_prints_the_logins():
    output = seed()
    for username in DEMO_USERS:
        assert f"  {username} " in output
    assert "password for all: demo" in output
    main = Institution.objects.get(code=data.MAIN_CODE)
    assert main.name_zh and main.name_en and main.city == "重庆市"
    auto = OrgUnit.objects.get(institution=main, code="AUTO")
    assert auto.name_en == "School of Automotive Engineering"
    assert Person.objects.filter(institution=main, organisation__contains="长安汽车").count() >= 2
    assert Person.objects.filter(institution=main).exclude(nationality="CN").count() >= 10
    assert Person.objects.filter(institution=main, name_en="").count() == 0
    assert Institution.objects.filter(code=data.OTHER_CODE).exists()
    assert AuditEntry.objects.filter(action="org.person.changed").exists()


def test_seed_demo_is_idempotent_and_reset_rebuilds():
    seed()
    counts = (
        Person.objects.count(),
        User.objects.count(),
        OrgUnit.objects.count(),
        AuditEntry.objects.count(),
    )
    assert "present already" in seed()
    assert (
        Person.objects.count(),
        User.objects.count(),
        OrgUnit.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    seed("--reset")
    assert (Person.objects.count(), User.objects.count(), OrgUnit.objects.count()) == counts[:3]


def test_demo_password_can_be_set_by_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret")
    output = seed()
    assert "another-secret" in output
    assert User.objects.get(username="office").check_password("another-secret")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_demo_user_can_log_in_and_sees_a_home_page(language):
    seed("--quiet-logins")
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

    seed()
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

    seed()
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
