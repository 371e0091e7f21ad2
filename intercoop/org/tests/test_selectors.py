from __future__ import annotations

import pytest
from django.http import Http404

from intercoop.core.access import access_for
from intercoop.org import selectors
from intercoop.org.tests import factories

pytestmark = pytest.mark.django_db


def test_person_get_for_user_answers_404_for_missing_and_for_not_yours_alike(world):
    teacher = world.people["teacher"]
    assert selectors.person_get_for_user(user=world.user("liaison_a"), pk=teacher.pk) == teacher
    for name in ("liaison_b", "other_office", "supervisor", "student", "norole"):
        with pytest.raises(Http404):
            selectors.person_get_for_user(user=world.user(name), pk=teacher.pk)
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=world.user("office"), pk=999999)
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=world.user("office"), pk="1 OR 1=1")


def test_write_access_is_narrower_than_read_access(world):
    teacher = world.people["teacher"]
    selectors.person_get_for_user(user=world.user("leader"), pk=teacher.pk)
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=world.user("leader"), pk=teacher.pk, for_write=True)
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=world.user("teacher"), pk=teacher.pk, for_write=True)
    assert (
        selectors.person_get_for_user(user=world.user("liaison_a"), pk=teacher.pk, for_write=True) == teacher
    )


def test_sensitive_details_are_for_the_office_and_the_person_only(world):
    teacher = world.people["teacher"]
    allowed = {
        n
        for n in world.users
        if n not in {"supervisor", "norole", "other_office"}
        and selectors.can_see_sensitive(access=access_for(world.user(n)), person=teacher)
    }
    assert allowed == {"admin", "office", "teacher"}


def test_person_list_filters_and_searches_across_name_forms(world):
    access = access_for(world.user("office"))
    assert [p.name for p in selectors.person_list(access=access, search="li ming")] == ["李明"]
    assert [p.name for p in selectors.person_list(access=access, search="T2")] == ["王芳"]
    assert {p.name for p in selectors.person_list(access=access, unit=world.units["AUTO"])} == {
        "李明",
        "张悦",
        "陈刚",
    }
    assert [p.name for p in selectors.person_list(access=access, kind="student")] == ["张悦"]


def test_institution_figures_count_per_institution_for_a_supervisor(world):
    figures = {f.code: f for f in selectors.institution_figures(access=access_for(world.user("supervisor")))}
    assert set(figures) == {"4159900001", "4159900002"}
    a = figures["4159900001"]
    assert (a.teachers, a.students, a.staff, a.external, a.colleges, a.units) == (2, 1, 1, 1, 2, 4)
    assert figures["4159900002"].teachers == 1


def test_institution_figures_run_a_constant_number_of_queries(world, django_assert_max_num_queries):
    user = world.user("supervisor")
    access = access_for(user)
    with django_assert_max_num_queries(3):
        selectors.institution_figures(access=access)
    for n in range(20):
        factories.person(world.a, world.units["IT"], number=f"X{n}")
    with django_assert_max_num_queries(3):
        selectors.institution_figures(access=access)


def test_college_headcounts_include_departments_below_the_college(world):
    counts = {h.unit_id: h for h in selectors.college_headcounts(access=access_for(world.user("office")))}
    auto, it = counts[world.units["AUTO"].pk], counts[world.units["IT"].pk]
    assert (auto.name, auto.teachers, auto.students) == ("Automotive", 1, 1)
    assert (it.teachers, it.students) == (1, 0)
    assert selectors.college_headcounts(access=access_for(world.user("liaison_a"))) == []


def test_units_for_user_come_in_tree_order_with_people_counts(world):
    units = selectors.units_for_user(access=access_for(world.user("teacher")))
    codes = [u.code for u in units]
    assert codes.index("AUTO-NEV") == codes.index("AUTO") + 1
    assert {u.code: u.people_count for u in units}["AUTO-NEV"] == 1  # type: ignore[attr-defined]
    assert selectors.units_for_user(access=access_for(world.user("supervisor"))) == []
