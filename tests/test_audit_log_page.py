from __future__ import annotations

import pytest

from intercoop.org import services

pytestmark = pytest.mark.django_db


def test_audit_log_shows_only_the_institutions_own_entries_with_sensitive_values_masked(world, client_for):
    services.person_update(
        person=world.people["teacher"], data={"passport_number": "E55555555"}, actor=world.users["office"]
    )
    services.person_update(
        person=world.people["b_person"], data={"position": "科长"}, actor=world.users["other_office"]
    )
    page = client_for("admin").get("/audit/?action=org.person.changed").content.decode()
    assert "李明" in page and "黄磊" not in page
    assert "E55555555" not in page and "••••" in page
    other = client_for("other_office").get("/audit/").content.decode()
    assert "黄磊" in other and "李明" not in other


def test_audit_log_filters_by_actor_and_answers_htmx_with_the_partial(world, client_for):
    services.person_update(
        person=world.people["teacher"], data={"position": "讲师"}, actor=world.users["office"]
    )
    client = client_for("admin")
    partial = client.get("/audit/?actor=office", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial
    assert "person changed" in partial
