from __future__ import annotations

import datetime as dt

import pytest

from intercoop.core.errors import ConflictError, DomainError
from intercoop.core.models import AuditEntry
from intercoop.org import services
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.org.tests import factories

pytestmark = pytest.mark.django_db


def test_institution_takes_name_and_place_from_the_moe_list():
    inst = services.institution_create(data={"code": "4150012605"}, actor=None)
    assert inst.name == "重庆三峡职业学院"
    assert (inst.city, inst.level) == ("重庆市", "专科")
    assert AuditEntry.objects.filter(action="org.institution.created", institution_id=inst.pk).exists()


@pytest.mark.parametrize("code", ["415001260", "ABCDEFGHIJ", ""])
def test_institution_code_must_have_ten_digits(code):
    with pytest.raises(DomainError) as exc:
        services.institution_create(data={"code": code, "name": "x"}, actor=None)
    assert exc.value.field == "code"
    assert not Institution.objects.filter(code=code).exists()


def test_institution_not_on_the_moe_list_needs_a_name_and_codes_are_unique():
    with pytest.raises(DomainError) as exc:
        services.institution_create(data={"code": "4159999999"}, actor=None)
    assert exc.value.field == "name"
    services.institution_create(data={"code": "4159999999", "name": "新学院"}, actor=None)
    with pytest.raises(ConflictError):
        services.institution_create(data={"code": "4159999999", "name": "另一个"}, actor=None)


def test_unit_paths_follow_the_tree_and_a_move_carries_the_subtree(world):
    a = world.a
    college = world.units["AUTO"]
    dept = world.units["AUTO-NEV"]
    assert dept.path == f"{college.path}{dept.pk:08d}/"
    assert dept.depth == 1
    sub = factories.unit(a, "AUTO-NEV-LAB", parent=dept)
    services.unit_update(unit=dept, data={"parent": world.units["IT"]}, actor=None)
    dept.refresh_from_db()
    sub.refresh_from_db()
    assert dept.path.startswith(world.units["IT"].path)
    assert sub.path == f"{dept.path}{sub.pk:08d}/"
    assert sub.depth == 2


def test_a_unit_cannot_move_under_itself_or_under_another_institution(world):
    college = world.units["AUTO"]
    with pytest.raises(DomainError):
        services.unit_update(unit=college, data={"parent": world.units["AUTO-NEV"]}, actor=None)
    with pytest.raises(DomainError) as exc:
        services.unit_update(unit=college, data={"parent": world.units["B-CIV"]}, actor=None)
    assert exc.value.field == "parent"
    college.refresh_from_db()
    assert college.parent is None


def test_unit_codes_are_unique_within_an_institution_only(world):
    with pytest.raises(ConflictError):
        factories.unit(world.a, "auto")
    factories.unit(world.b, "AUTO")


def test_a_unit_with_people_or_units_below_cannot_be_archived(world):
    with pytest.raises(DomainError, match="units below"):
        services.unit_archive(unit=world.units["AUTO"], actor=None)
    with pytest.raises(DomainError, match="people"):
        services.unit_archive(unit=world.units["IT"], actor=None)
    empty = factories.unit(world.a, "EMPTY")
    services.unit_archive(unit=empty, actor=None)
    empty.refresh_from_db()
    assert empty.is_archived
    services.unit_restore(unit=empty, actor=None)
    empty.refresh_from_db()
    assert not empty.is_archived


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"nationality": "XX"}, "nationality"),
        ({"id_number": "110105194912310021"}, "id_number"),
        ({"passport_number": "E1"}, "passport_number"),
        ({"birth_date": dt.date(2999, 1, 1)}, "birth_date"),
        ({"email": "not-an-address"}, "email"),
        ({"number": "T1"}, "number"),
        ({"org_unit": None}, "org_unit"),
    ],
)
def test_person_create_rejects_bad_input_naming_the_field_and_saves_nothing(world, fields, field):
    before = (Person.objects.count(), AuditEntry.objects.count())
    data = {"kind": "teacher", "org_unit": world.units["IT"], "name": "新人", **fields}
    with pytest.raises(DomainError) as exc:
        services.person_create(institution=world.a, data=data, actor=None)
    assert exc.value.field == field
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_person_cannot_be_placed_in_a_unit_of_another_institution(world):
    with pytest.raises(DomainError) as exc:
        services.person_create(
            institution=world.a,
            data={"kind": "teacher", "org_unit": world.units["B-CIV"], "name": "x"},
            actor=None,
        )
    assert exc.value.field == "org_unit"


def test_the_same_number_may_exist_in_two_institutions(world):
    person = factories.person(world.b, world.units["B-CIV"], number="T1")
    assert person.number == "T1"


def test_person_identifiers_are_normalised(world):
    person = factories.person(world.a, world.units["IT"], nationality="de", passport_number="c 01x 00t47")
    assert person.nationality == "DE"
    assert person.passport_number == "C01X00T47"


def test_a_foreign_id_number_is_not_checked_against_the_chinese_rule(world):
    person = factories.person(world.a, world.units["IT"], nationality="TH", id_number="1103700012345")
    assert person.id_number == "1103700012345"


def test_external_person_needs_an_organisation_or_role(world):
    with pytest.raises(DomainError) as exc:
        services.person_create(institution=world.a, data={"kind": "external", "name": "x"}, actor=None)
    assert exc.value.field == "organisation"
    ok = services.person_create(
        institution=world.a,
        data={
            "kind": "external",
            "name": "Klaus Müller",
            "organisation": "BBZ Stuttgart",
            "nationality": "DE",
        },
        actor=None,
    )
    assert ok.org_unit is None


def test_archived_people_cannot_be_edited_and_restore_needs_an_active_unit(world):
    person = world.people["it_teacher"]
    services.person_archive(person=person, actor=None)
    with pytest.raises(DomainError, match="Restore"):
        services.person_update(person=person, data={"position": "x"}, actor=None)
    with pytest.raises(DomainError, match="archived already"):
        services.person_archive(person=person, actor=None)
    restored = services.person_restore(person=person, actor=None)
    assert not restored.is_archived


def test_person_update_failure_leaves_the_row_unchanged(world):
    person = world.people["teacher"]
    with pytest.raises(DomainError):
        services.person_update(person=person, data={"position": "教授", "nationality": "ZZ"}, actor=None)
    person.refresh_from_db()
    assert person.position == ""
    assert person.nationality == "CN"


def test_orgunit_kind_choices_cover_the_school_level_offices():
    assert {"international", "academic", "hr", "finance", "research", "enterprise"} <= set(
        OrgUnit.Function.values
    )
