from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from intercoop.accounts.models import User
from intercoop.core.models import AuditEntry
from intercoop.demo import data
from intercoop.org.models import Institution, OrgUnit, Person
from tests.personas import restore_snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_db"), pytest.mark.xdist_group("demo")]

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


def test_seed_demo_builds_two_bilingual_chongqing_colleges_and_prints_the_logins(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-secret")  # the password can be set by the environment
    output = seed()
    for username in DEMO_USERS:
        assert f"  {username} " in output
    assert "password for all: another-secret" in output
    assert User.objects.get(username="office").check_password("another-secret")
    main = Institution.objects.get(code=data.MAIN_CODE)
    assert main.name_zh and main.name_en and main.city == "重庆市"
    auto = OrgUnit.objects.get(institution=main, code="AUTO")
    assert auto.name_en == "School of Automotive Engineering"
    assert Person.objects.filter(institution=main, organisation__contains="长安汽车").count() >= 2
    assert Person.objects.filter(institution=main).exclude(nationality="CN").count() >= 10
    assert Person.objects.filter(institution=main, name_en="").count() == 0
    assert Institution.objects.filter(code=data.OTHER_CODE).exists()
    assert AuditEntry.objects.filter(action="org.person.changed").exists()


def test_seed_demo_refuses_without_debug_or_a_flag_and_is_idempotent_and_reset_rebuilds(
    settings, demo_snapshot, django_db_blocker
):
    """Each seed costs seconds: the demo seeded once for the test database (``demo_snapshot``, made by the
    same ``seed.build``) stands for the first run; a second run writes nothing, a reset seeds it anew."""
    settings.ALLOW_DEMO_SEED = False
    with pytest.raises(CommandError, match="known password"):
        seed()
    assert not Institution.objects.filter(code=data.MAIN_CODE).exists()
    restore_snapshot(demo_snapshot)
    counts = (
        Person.objects.count(),
        User.objects.count(),
        OrgUnit.objects.count(),
        AuditEntry.objects.count(),
    )
    flag = ("--allow-demo-logins", "--quiet-logins")
    assert "present already" in seed(*flag)
    assert (
        Person.objects.count(),
        User.objects.count(),
        OrgUnit.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    output = seed("--reset", *flag)
    assert "Demo data created." in output and "password for all" not in output
    assert (Person.objects.count(), User.objects.count(), OrgUnit.objects.count()) == counts[:3]
