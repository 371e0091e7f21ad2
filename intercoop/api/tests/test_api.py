from __future__ import annotations

import json

import pytest
from django.test import Client

from intercoop.api.management.commands.export_openapi import SNAPSHOT, openapi_text
from intercoop.core.models import AuditEntry
from intercoop.org.models import Person

pytestmark = pytest.mark.django_db


def token_for(client: Client, username: str, password: str = "pw") -> str:
    response = client.post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


def bearer(token: str, language: str = "en") -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": language}


def test_token_flow_issue_use_revoke(world):
    client = Client()
    token = token_for(client, "office")
    me = client.get("/api/v1/me", **bearer(token)).json()
    assert me["username"] == "office"
    assert "org.person.view_sensitive" in me["permissions"]
    assert {"role": "office_staff", "institution_id": world.a.pk, "org_unit_id": world.units["IO"].pk} in me[
        "roles"
    ]
    assert client.delete("/api/v1/auth/token", **bearer(token)).status_code == 204
    response = client.get("/api/v1/me", **bearer(token))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_token_endpoint_rejects_wrong_passwords_and_throttles(world):
    client = Client()
    for _ in range(5):
        response = client.post(
            "/api/v1/auth/token", {"username": "office", "password": "x"}, content_type="application/json"
        )
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_credentials"
    response = client.post(
        "/api/v1/auth/token", {"username": "office", "password": "pw"}, content_type="application/json"
    )
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


def test_requests_without_credentials_or_with_a_malformed_token_get_401(world):
    assert Client().get("/api/v1/people").status_code == 401
    assert Client().get("/api/v1/people", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401
    assert Client().get("/api/v1/people", HTTP_AUTHORIZATION="Basic b2ZmaWNlOnB3").status_code == 401


def test_session_auth_works_and_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("office"))
    assert client.get("/api/v1/people").status_code == 200
    response = client.post(
        "/api/v1/people",
        {"kind": "teacher", "name": "x", "org_unit_id": world.units["IT"].pk},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert not Person.objects.filter(name="x").exists()


def test_people_list_is_scoped_and_paginated(world):
    client = Client()
    token = token_for(client, "liaison_a")
    data = client.get("/api/v1/people?limit=2", **bearer(token)).json()
    assert data["count"] == 3
    assert len(data["items"]) == 2
    names = {p["name"] for p in client.get("/api/v1/people", **bearer(token)).json()["items"]}
    assert names == {"李明", "张悦", "陈刚"}
    assert client.get("/api/v1/people", **bearer(token_for(client, "student"))).json()["count"] == 0


def test_sensitive_fields_are_null_for_readers_who_may_not_see_them(world):
    client = Client()
    teacher = world.people["teacher"]
    liaison = client.get(f"/api/v1/people/{teacher.pk}", **bearer(token_for(client, "liaison_a"))).json()
    assert liaison["passport_number"] is None and liaison["sensitive_visible"] is False
    own = client.get(f"/api/v1/people/{teacher.pk}", **bearer(token_for(client, "teacher"))).json()
    assert own["passport_number"] == "E12345678"


def test_other_institution_gets_404_through_the_api(world):
    client = Client()
    token = token_for(client, "other_office")
    teacher = world.people["teacher"]
    for url in (
        f"/api/v1/people/{teacher.pk}",
        f"/api/v1/people/{teacher.pk}/history",
        f"/api/v1/org/units/{world.units['AUTO'].pk}",
    ):
        response = client.get(url, **bearer(token))
        assert response.status_code == 404, url
        assert response.json() == {"message": "Not found.", "code": "not_found"}
    for method, url in (
        ("patch", f"/api/v1/people/{teacher.pk}"),
        ("post", f"/api/v1/people/{teacher.pk}/archive"),
    ):
        response = getattr(client, method)(
            url, {"name": "hacked"}, content_type="application/json", **bearer(token)
        )
        assert response.status_code == 404
    teacher.refresh_from_db()
    assert teacher.name == "李明" and not teacher.is_archived


def test_liaison_creates_people_only_in_their_own_college(world):
    client = Client()
    token = token_for(client, "liaison_a")
    ok = client.post(
        "/api/v1/people",
        {"kind": "student", "name": "刘洋", "org_unit_id": world.units["AUTO-NEV"].pk, "number": "S77"},
        content_type="application/json",
        **bearer(token),
    )
    assert ok.status_code == 201, ok.content
    assert ok.json()["org_unit_id"] == world.units["AUTO-NEV"].pk
    denied = client.post(
        "/api/v1/people",
        {"kind": "student", "name": "x", "org_unit_id": world.units["IT"].pk},
        content_type="application/json",
        **bearer(token),
    )
    assert denied.status_code == 404
    foreign = client.post(
        "/api/v1/people",
        {"kind": "student", "name": "x", "org_unit_id": world.units["B-CIV"].pk},
        content_type="application/json",
        **bearer(token),
    )
    assert foreign.status_code == 404
    assert not Person.objects.filter(name="x").exists()


def test_domain_errors_answer_with_message_code_and_field(world):
    client = Client()
    token = token_for(client, "office")
    response = client.post(
        "/api/v1/people",
        {"kind": "teacher", "name": "重复", "number": "T1", "org_unit_id": world.units["IT"].pk},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 409
    assert response.json() == {
        "message": "Another person has the number T1.",
        "code": "conflict",
        "field": "number",
    }
    chinese = client.post(
        "/api/v1/people",
        {"kind": "teacher", "name": "重复", "number": "T1", "org_unit_id": world.units["IT"].pk},
        content_type="application/json",
        **bearer(token, "zh-hans"),
    )
    assert chinese.json()["message"] == "已有其他人员使用编号 T1。"
    response = client.post(
        "/api/v1/people",
        {"kind": "teacher", "name": "x", "nationality": "XX", "org_unit_id": world.units["IT"].pk},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "nationality"


def test_schema_violations_answer_422_naming_the_field(world):
    client = Client()
    token = token_for(client, "office")
    response = client.post(
        "/api/v1/people", {"kind": "wizard", "name": ""}, content_type="application/json", **bearer(token)
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert {e["field"] for e in body["errors"]} >= {"kind", "name"}
    response = client.post("/api/v1/people", "{not json", content_type="application/json", **bearer(token))
    assert response.status_code in (400, 422)


def test_patch_changes_only_given_fields_is_audited_and_ignores_sensitive_fields_for_liaisons(world):
    client = Client()
    teacher = world.people["teacher"]
    token = token_for(client, "liaison_a")
    response = client.patch(
        f"/api/v1/people/{teacher.pk}",
        {"position": "讲师", "passport_number": "E00000001"},
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 200
    teacher.refresh_from_db()
    assert teacher.position == "讲师"
    assert teacher.passport_number == "E12345678"
    entry = AuditEntry.objects.filter(object_id=str(teacher.pk), action="org.person.changed").latest("at")
    assert entry.changes == {"position": ["", "讲师"]}
    history = client.get(f"/api/v1/people/{teacher.pk}/history", **bearer(token)).json()
    assert history[0]["action"] == "org.person.changed"


def test_archive_and_restore_through_the_api(world):
    client = Client()
    token = token_for(client, "office")
    person = world.people["it_teacher"]
    assert client.post(f"/api/v1/people/{person.pk}/archive", **bearer(token)).json()["archived"] is True
    again = client.post(f"/api/v1/people/{person.pk}/archive", **bearer(token))
    assert again.status_code == 400 and again.json()["code"] == "invalid"
    assert client.post(f"/api/v1/people/{person.pk}/restore", **bearer(token)).json()["archived"] is False


def test_supervisor_sees_figures_of_both_institutions_and_no_people(world):
    client = Client()
    token = token_for(client, "supervisor")
    figures = client.get("/api/v1/org/figures", **bearer(token)).json()
    assert {f["code"] for f in figures} == {"4159900001", "4159900002"}
    assert client.get("/api/v1/people", **bearer(token)).json()["count"] == 0
    assert client.get(f"/api/v1/people/{world.people['teacher'].pk}", **bearer(token)).status_code == 404
    assert client.get("/api/v1/org/institution", **bearer(token)).status_code == 404


def test_openapi_document_is_served_and_the_committed_snapshot_is_current():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/auth/token" in paths and "/api/v1/people/{person_id}" in paths
    assert SNAPSHOT.read_text(encoding="utf-8") == openapi_text(), "run `make openapi` and commit the result"
    assert json.loads(openapi_text())["info"]["title"] == "intercoop API"
