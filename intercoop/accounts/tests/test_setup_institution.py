from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from intercoop.accounts.models import Membership, User
from intercoop.core.roles import Role
from intercoop.org.models import Institution, OrgUnit

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("setup_institution", *args, stdout=out)
    return out.getvalue()


def test_setup_creates_the_institution_from_the_moe_list_with_offices_and_an_admin(monkeypatch):
    monkeypatch.setenv("INTERCOOP_ADMIN_PASSWORD", "a-long-and-unusual-passphrase")
    output = run("--code", "4150012605", "--admin", "itadmin", "--email", "it@example.edu.cn")
    institution = Institution.objects.get(code="4150012605")
    assert institution.name == "重庆三峡职业学院"
    assert "Created 重庆三峡职业学院" in output
    assert OrgUnit.objects.filter(institution=institution, function="international").exists()
    admin = User.objects.get(username="itadmin")
    assert admin.check_password("a-long-and-unusual-passphrase")
    assert Membership.objects.filter(user=admin, role=Role.SYSTEM_ADMIN, institution=institution).exists()
    assert "nothing changed" in run("--code", "4150012605")


def test_setup_refuses_weak_passwords_and_unknown_codes_without_a_name_and_leaves_nothing(monkeypatch):
    monkeypatch.setenv("INTERCOOP_ADMIN_PASSWORD", "demo")
    users = User.objects.count()
    with pytest.raises(CommandError, match="too short"):
        run("--code", "4150012605", "--admin", "itadmin")
    monkeypatch.setenv("INTERCOOP_ADMIN_PASSWORD", "a-long-and-unusual-passphrase")
    with pytest.raises(CommandError, match="not on the MoE list"):
        run("--code", "4159999999", "--admin", "itadmin")
    assert not Institution.objects.filter(code__in=["4150012605", "4159999999"]).exists()
    assert User.objects.count() == users and not User.objects.filter(username="itadmin").exists()
