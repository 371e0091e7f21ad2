from __future__ import annotations

import pytest

from intercoop.core.models import AuditEntry
from intercoop.org.models import OrgUnit, Person

pytestmark = pytest.mark.django_db


def person_form(world, **overrides):
    data = {
        "kind": "teacher",
        "org_unit": world.units["AUTO"].pk,
        "name": "刘洋",
        "name_en": "Liu Yang",
        "nationality": "CN",
        "gender": "",
        "external_role": "",
    }
    data.update(overrides)
    return data


def test_liaison_adds_a_person_to_their_college_and_lands_on_the_record(world, client_for):
    client = client_for("liaison_a")
    response = client.post("/org/people/new/", person_form(world, number="T900"))
    person = Person.objects.get(number="T900")
    assert response.status_code == 302 and response["Location"] == f"/org/people/{person.pk}/"
    assert person.institution == world.a
    page = client.get(response["Location"]).content.decode()
    assert "The person was added." in page
    assert "person added" in page  # the history panel


def test_form_errors_appear_beside_the_field_and_nothing_is_saved(world, client_for):
    client = client_for("office")
    before = (Person.objects.count(), AuditEntry.objects.count())
    response = client.post(
        "/org/people/new/", person_form(world, number="T1", id_number="110105194912310021")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-field-error="id_number"' in page or 'data-field-error="number"' in page
    assert "is-invalid" in page
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_liaison_cannot_place_a_person_in_another_college(world, client_for):
    client = client_for("liaison_a")
    response = client.post(
        "/org/people/new/", person_form(world, org_unit=world.units["IT"].pk, number="T901")
    )
    assert response.status_code == 200
    assert 'data-field-error="org_unit"' in response.content.decode()
    assert not Person.objects.filter(number="T901").exists()


def test_liaison_form_hides_sensitive_fields_and_keeps_their_values(world, client_for):
    client = client_for("liaison_a")
    teacher = world.people["teacher"]
    page = client.get(f"/org/people/{teacher.pk}/edit/").content.decode()
    assert 'name="passport_number"' not in page
    client.post(
        f"/org/people/{teacher.pk}/edit/",
        person_form(world, name="李明", org_unit=world.units["AUTO-NEV"].pk, number="T1", position="讲师"),
    )
    teacher.refresh_from_db()
    assert teacher.position == "讲师"
    assert teacher.passport_number == "E12345678"


def test_people_list_answers_htmx_with_the_results_partial_only(world, client_for):
    client = client_for("office")
    full = client.get("/org/people/?q=li+ming").content.decode()
    partial = client.get("/org/people/?q=li+ming", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in full and "<html" not in partial
    assert "Li Ming" in partial and "1 person" in partial


def test_people_list_in_chinese_shows_localised_names_and_counts(world, client_for):
    page = client_for("office", "zh-hans").get("/org/people/").content.decode()
    assert "李明" in page and "5 人" in page


def test_admin_creates_moves_and_archives_a_unit_with_history(world, client_for):
    client = client_for("admin")
    response = client.post(
        "/org/units/new/",
        {
            "code": "lab",
            "kind": "department",
            "name": "实训中心",
            "parent": world.units["AUTO"].pk,
            "sort_order": 0,
            "function": "",
        },
    )
    unit = OrgUnit.objects.get(institution=world.a, code="LAB")
    assert response.status_code == 302
    assert unit.path.startswith(world.units["AUTO"].path)
    client.post(
        f"/org/units/{unit.pk}/edit/",
        {
            "code": "LAB",
            "kind": "department",
            "name": "实训中心",
            "parent": world.units["IT"].pk,
            "sort_order": 0,
            "function": "",
        },
    )
    unit.refresh_from_db()
    assert unit.path.startswith(world.units["IT"].path)
    client.post(f"/org/units/{unit.pk}/archive/")
    unit.refresh_from_db()
    assert unit.is_archived
    page = client.get(f"/org/units/{unit.pk}/").content.decode()
    assert "unit archived" in page and "unit changed" in page


def test_archiving_a_unit_with_people_shows_why_and_changes_nothing(world, client_for):
    client = client_for("admin")
    response = client.post(f"/org/units/{world.units['IT'].pk}/archive/", follow=True)
    assert "Move or archive the people of this unit first." in response.content.decode()
    assert not OrgUnit.objects.get(pk=world.units["IT"].pk).is_archived


def test_home_figures_link_to_the_records_they_count(world, client_for):
    client = client_for("office")
    page = client.get("/").content.decode()
    assert 'href="/org/people/?foreign=on"' in page
    foreign = client.get("/org/people/?foreign=on").content.decode()
    assert "0 people" in foreign
    from intercoop.org.tests import factories

    factories.person(world.a, world.units["IT"], name="Klaus Müller", nationality="DE")
    teachers = client.get("/org/people/?kind=teacher").content.decode()
    assert "3 people" in teachers
    assert "1 person" in client.get("/org/people/?foreign=on").content.decode()
