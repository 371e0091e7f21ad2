from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from intercoop.mobility.models import Mobility

pytestmark = pytest.mark.django_db


def _payload(world: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "direction": "out",
        "type": "teaching",
        "person_id": world.people["teacher"].pk,
        "participant_kind": "teacher",
        "org_unit_id": world.units["AUTO"].pk,
        "host_partner_id": world.partners["malaya"].pk,
        "country": "MY",
        "planned_start": "2026-05-04",
        "planned_end": "2026-05-08",
        "start_date": "2026-05-04",
        "end_date": "2026-05-08",
    }
    data.update(extra)
    return data


def test_the_page_form_records_a_mobility_and_shows_errors_beside_the_field(
    world: Any, client_for: Any
) -> None:
    client = client_for("liaison_a")
    form = {k: v for k, v in _payload(world).items() if not k.endswith("_id")}
    form.update(
        person=world.people["teacher"].pk,
        org_unit=world.units["AUTO"].pk,
        host_partner=world.partners["malaya"].pk,
        currency="CNY",
        end_date="2026-05-01",
    )
    response = client.post("/mobility/new/", form)
    assert response.status_code == 400
    assert b"actual end is before the actual start" in response.content
    assert not Mobility.objects.filter(person=world.people["teacher"]).exists()
    form["end_date"] = "2026-05-08"
    response = client.post("/mobility/new/", form)
    assert response.status_code == 302
    mobility = Mobility.objects.get(person=world.people["teacher"])
    assert mobility.status == "confirmed" and mobility.days == 5
    page = client.get(f"/mobility/{mobility.pk}/")
    assert b"mobility recorded" in page.content
    # A liaison of another college cannot record under AUTO: the unit is not offered.
    other = client_for("liaison_b").post("/mobility/new/", form)
    assert other.status_code == 400


def test_the_api_records_corrects_and_refuses_overlaps_with_409(world: Any, client_for: Any) -> None:
    client = client_for("office")
    created = client.post("/api/v1/mobility/mobilities", _payload(world), content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["days"] == 5 and body["status"] == "confirmed"
    clash = client.post(
        "/api/v1/mobility/mobilities",
        _payload(world, planned_start="2026-05-08", planned_end="2026-05-09", start_date=None, end_date=None),
        content_type="application/json",
    )
    assert clash.status_code == 409 and body["reference"] in clash.json()["message"]
    changed = client.put(
        f"/api/v1/mobility/mobilities/{body['id']}",
        _payload(world, end_date="2026-05-10", planned_end="2026-05-10", credits_obtained="2.0"),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["days"] == 7
    foreign = client.post(
        "/api/v1/mobility/mobilities",
        _payload(world, host_partner_id=world.partners["b_partner"].pk, planned_start="2026-07-01"),
        content_type="application/json",
    )
    assert foreign.status_code == 404
    liaison = client_for("liaison_b").post(
        "/api/v1/mobility/mobilities",
        _payload(world, planned_start="2026-08-01"),
        content_type="application/json",
    )
    assert liaison.status_code == 404


def test_each_figure_opens_records_whose_days_add_up_to_it(world: Any, client_for: Any) -> None:
    client = client_for("office")
    client.post("/api/v1/mobility/mobilities", _payload(world), content_type="application/json")
    api = client.get("/api/v1/mobility/figures?year=2026").json()
    # The world's exchange (153 days) and this teaching week (5 days), both in school year 2025.
    assert (api["outgoing"], api["person_days"], api["teaching_abroad_person_days"]) == (2, 158, 5)
    page = client.get("/mobility/figures/?year=2026")
    assert b'data-testid="fig-person-days"' in page.content
    drill = client.get("/mobility/?counted=1&start=2025-09-01&end=2026-08-31")
    assert drill.context["total_days"] == 158 and drill.context["began"] == 2
    teaching = client.get("/mobility/?counted=1&start=2025-09-01&end=2026-08-31&direction=out&type=teaching")
    assert teaching.context["total_days"] == 5
    xlsx = client.get("/mobility/figures/?year=2026&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Person-days"] == 158


def test_a_student_sees_only_their_own_records_and_cancelling_needs_a_reason(
    world: Any, client_for: Any
) -> None:
    student = client_for("student")
    listed = student.get("/api/v1/mobility/mobilities").json()
    assert [m["id"] for m in listed["items"]] == [world.mobilities["student"].pk]
    office = client_for("office")
    it = world.mobilities["it"]
    assert office.post(f"/mobility/{it.pk}/cancel/", {"reason": ""}).status_code == 302
    it.refresh_from_db()
    assert it.status == "planned"
    office.post(
        f"/api/v1/mobility/mobilities/{it.pk}/cancel", {"reason": "visa"}, content_type="application/json"
    )
    it.refresh_from_db()
    assert it.status == "cancelled"
    assert office.post(f"/mobility/{it.pk}/delete/").status_code == 404
    assert office.post(f"/mobility/{it.pk}/archive/").status_code == 302
    it.refresh_from_db()
    assert it.archived_at is not None
