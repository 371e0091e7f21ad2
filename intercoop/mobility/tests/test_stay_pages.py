from __future__ import annotations

from typing import Any

import pytest

from intercoop.mobility.models import InternationalStudent

pytestmark = pytest.mark.django_db


def test_permit_and_passport_numbers_only_for_the_office(world: Any, client_for: Any) -> None:
    url = f"/mobility/students/{world.stays['student'].pk}/"
    office = client_for("office").get(url)
    assert b"RP-TH-0001" in office.content and b"AA1234567" in office.content
    liaison = client_for("liaison_a").get(url)
    assert liaison.status_code == 200
    assert b"RP-TH-0001" not in liaison.content and b"AA1234567" not in liaison.content
    export = client_for("liaison_a").get("/mobility/students/?format=xlsx")
    assert b"RP-TH-0001" not in export.content
    assert client_for("liaison_b").get(url).status_code == 404


def test_the_form_and_api_record_a_student_and_refuse_a_permit_expired_before_the_stay(
    world: Any, client_for: Any
) -> None:
    from intercoop.org.tests import factories

    person = factories.person(world.a, world.units["AUTO"], kind="student", nationality="KE", number="L77")
    client = client_for("liaison_a")
    form = {
        "person": person.pk,
        "org_unit": world.units["AUTO"].pk,
        "programme": "degree",
        "programme_name": "Mechatronics",
        "full_time": "on",
        "enrolled_on": "2026-09-01",
        "expected_end": "2029-06-30",
        "status": "enrolled",
        "visa_type": "X1",
        "entry_date": "2026-08-28",
        "residence_permit_expiry": "2026-01-31",
    }
    response = client.post("/mobility/students/new/", form)
    assert response.status_code == 400
    assert b"expired on 2026-01-31, before the stay began" in response.content
    assert not InternationalStudent.objects.filter(person=person).exists()
    form["residence_permit_expiry"] = ""
    assert client.post("/mobility/students/new/", form).status_code == 302
    created = InternationalStudent.objects.get(person=person)
    api = client_for("office").get(f"/api/v1/mobility/students/{created.pk}").json()
    assert {d["key"] for d in api["deadlines"]} == {"accommodation", "residence_permit"}
    payload = {
        "person_id": world.people["expert"].pk,
        "org_unit_id": world.units["IT"].pk,
        "contract_start": "2027-03-01",
        "contract_end": "2028-02-28",
    }
    assert (
        client_for("liaison_a")
        .post("/api/v1/mobility/experts", payload, content_type="application/json")
        .status_code
        == 404
    )
    made = client_for("liaison_b").post("/api/v1/mobility/experts", payload, content_type="application/json")
    assert made.status_code == 201, made.content
