from __future__ import annotations

import pytest

from intercoop.core.access import Access, Grant, access_for
from intercoop.core.permissions import codes_for_role, define
from intercoop.core.roles import Role
from intercoop.org.models import Person
from intercoop.org.permissions import PERSON_CHANGE, PERSON_LIST, PERSON_VIEW, PERSON_VIEW_SENSITIVE
from intercoop.org.selectors import person_scope

AUTO = "/00000002/"
NEV = "/00000002/00000003/"
IT = "/00000004/"


def make(grants: list[Grant], institution_id: int | None = 1, person_id: int | None = None) -> Access:
    return Access.from_grants(user_id=9, institution_id=institution_id, person_id=person_id, grants=grants)


def test_institution_wide_role_reaches_every_unit_of_its_institution_only():
    access = make([Grant(Role.OFFICE_STAFF, 1, 7, "/00000007/")])
    assert access.can(PERSON_VIEW, unit_path=IT)
    assert access.can(PERSON_VIEW, unit_path=None)
    assert not access.can(PERSON_VIEW, institution_id=2, unit_path=IT)


def test_unit_role_reaches_its_unit_and_the_units_below_but_not_siblings():
    access = make([Grant(Role.COLLEGE_LIAISON, 1, 2, AUTO)])
    assert access.can(PERSON_VIEW, unit_path=AUTO)
    assert access.can(PERSON_VIEW, unit_path=NEV)
    assert not access.can(PERSON_VIEW, unit_path=IT)
    assert not access.can(PERSON_VIEW, unit_path=None)


def test_unit_prefix_does_not_match_a_unit_whose_id_starts_with_the_same_digits():
    access = make([Grant(Role.COLLEGE_LIAISON, 1, 2, "/00000002/")])
    assert not access.can(PERSON_VIEW, unit_path="/00000020/")


def test_own_records_role_reaches_only_the_users_person():
    access = make([Grant(Role.STUDENT, 1, 2, AUTO)], person_id=5)
    assert access.can(PERSON_VIEW, unit_path=AUTO, person_id=5)
    assert not access.can(PERSON_VIEW, unit_path=AUTO, person_id=6)
    assert access.can(PERSON_VIEW_SENSITIVE, person_id=5)
    assert not access.can_anywhere(PERSON_LIST)


def test_own_records_role_without_a_linked_person_reaches_nothing():
    access = make([Grant(Role.TEACHER, 1, 2, AUTO)], person_id=None)
    assert not access.can_anywhere(PERSON_VIEW)
    assert not access.can(PERSON_VIEW, person_id=None)


def test_supervisor_holds_aggregate_codes_for_each_supervised_institution_and_no_personal_data():
    access = make(
        [Grant(Role.SUPERVISOR, 1, None, None), Grant(Role.SUPERVISOR, 2, None, None)], institution_id=None
    )
    assert access.institutions_with("org.institution.figures") == {1, 2}
    assert not access.can_anywhere(PERSON_VIEW)
    assert not access.can(PERSON_VIEW, institution_id=1)
    assert access.scope_q(PERSON_VIEW).children == [("pk__in", [])]


def test_unit_grant_on_another_institution_reaches_nothing():
    access = make([Grant(Role.COLLEGE_LIAISON, 2, 9, "/00000009/")], institution_id=1)
    assert not access.can_anywhere(PERSON_VIEW)
    assert not access.can(PERSON_VIEW, institution_id=2, unit_path="/00000009/")


def test_unit_role_granted_without_a_unit_reaches_the_whole_institution():
    access = make([Grant(Role.APPROVER, 1, None, None)])
    assert access.can_institution_wide(PERSON_VIEW)
    assert access.can(PERSON_VIEW, unit_path=IT)


def test_define_refuses_unknown_roles_and_conflicting_redefinitions():
    with pytest.raises(ValueError, match="Unknown roles"):
        define("test.x", "x", ["janitor"])
    define("test.y", "y", [Role.TEACHER])
    with pytest.raises(ValueError, match="defined twice"):
        define("test.y", "y", [Role.STUDENT])


def test_every_role_holds_at_least_one_permission():
    for role in Role:
        assert codes_for_role(role), role


@pytest.mark.django_db
def test_scope_q_filters_rows_by_institution_unit_and_person(world):
    def visible(name: str, code: str = PERSON_VIEW) -> set[str]:
        access = access_for(world.user(name))
        return set(Person.objects.filter(person_scope(access, code)).values_list("name", flat=True))

    everyone_a = {"李明", "张悦", "王芳", "陈刚", "谭敏"}
    assert visible("office") == everyone_a
    assert visible("admin") == everyone_a
    assert visible("liaison_a") == {"李明", "张悦", "陈刚"}
    assert visible("liaison_b") == {"王芳"}
    assert visible("teacher") == {"李明"}
    assert visible("student") == {"张悦"}
    assert visible("supervisor") == set()
    assert visible("other_office") == {"黄磊"}
    assert visible("norole") == set()
    assert visible("liaison_a", PERSON_CHANGE) == {"李明", "张悦", "陈刚"}
    assert visible("leader", PERSON_CHANGE) == set()


@pytest.mark.django_db
def test_access_is_computed_with_one_query_and_cached_on_the_user(world, django_assert_num_queries):
    user = world.user("liaison_a")
    with django_assert_num_queries(1):
        access_for(user)
        access_for(user)


@pytest.mark.django_db
def test_revoked_role_and_archived_unit_grant_nothing(world):
    from intercoop.accounts import services as accounts
    from intercoop.accounts.models import Membership

    membership = Membership.objects.get(user=world.users["liaison_b"])
    accounts.membership_revoke(membership=membership, actor=None)
    assert not access_for(world.user("liaison_b")).can_anywhere(PERSON_VIEW)
