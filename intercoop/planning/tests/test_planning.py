"""Plans, targets and progress; the assessment scheme's checks; scores and ranking explained by hand."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from intercoop.core.errors import ConflictError, DomainError
from intercoop.core.models import AuditEntry
from intercoop.indicators.selectors import Engine
from intercoop.indicators.tests.factories import known_set
from intercoop.planning import selectors, services
from intercoop.planning.models import Plan, Scheme, SchemeItem, Target

TODAY = dt.date(2026, 11, 29)


def plan(world: Any, **data: Any) -> Plan:
    base = {
        "kind": "development",
        "title": "Development plan",
        "first_year": 2025,
        "last_year": 2028,
        "status": "adopted",
    }
    base.update(data)
    return services.plan_save(institution=world.a, data=base, actor=world.user("office"))


def target(p: Plan, **data: Any) -> Target:
    return services.target_save(plan=p, data=data, actor=None)


@pytest.fixture
def known(world: Any) -> dict[str, Any]:
    return known_set(world)


def test_progress_is_the_computed_value_against_the_target(world, known):
    p = plan(world)
    t1 = target(p, indicator="teachers_abroad_person_days", year=2026, value=24)
    t2 = target(p, indicator="teachers_abroad_person_days", year=2026, org_unit=world.units["IT"], value=6)
    rows = {r.target.pk: r for r in selectors.progress(p, Engine(world.a, TODAY))}
    assert (rows[t1.pk].value.reported, rows[t1.pk].percent) == (12, 50)
    assert (rows[t2.pk].value.reported, rows[t2.pk].percent) == (3, 50)
    assert AuditEntry.objects.filter(action="planning.target.set", object_id=str(t1.pk)).exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"indicator": "nonsense", "year": 2026, "value": 1}, "indicator", "not a known indicator"),
        ({"indicator": "awards_abroad", "year": 2030, "value": 1}, "year", "runs from 2025 to 2028"),
        ({"indicator": "awards_abroad", "year": 2026, "value": -3}, "value", "zero or more"),
        (
            {"indicator": "overseas_sites", "year": 2026, "value": 1, "org_unit_key": "AUTO"},
            "org_unit",
            "whole institution only",
        ),
        (
            {"indicator": "awards_abroad", "year": 2026, "value": 1, "org_unit_key": "IO"},
            "org_unit",
            "secondary colleges",
        ),
    ],
)
def test_a_bad_target_names_its_field_and_writes_nothing(world, data, field, message):
    p = plan(world)
    if "org_unit_key" in data:
        data = {**data, "org_unit": world.units[data.pop("org_unit_key")]}
    with pytest.raises(DomainError, match=message) as err:
        target(p, **data)
    assert err.value.field == field
    assert not Target.objects.exists()


def test_the_same_target_twice_is_a_conflict_even_in_another_plan(world):
    target(plan(world), indicator="awards_abroad", year=2026, value=2)
    with pytest.raises(ConflictError, match="Development plan"):
        target(plan(world, kind="staff", title="Staff plan"), indicator="awards_abroad", year=2026, value=3)
    assert Target.objects.count() == 1


def test_a_plan_cannot_shrink_past_its_targets_nor_end_before_it_begins(world):
    p = plan(world)
    target(p, indicator="awards_abroad", year=2028, value=2)
    with pytest.raises(DomainError, match="fall outside") as err:
        services.plan_save(institution=world.a, data={"last_year": 2027}, plan=p, actor=None)
    assert err.value.field == "last_year"
    with pytest.raises(DomainError, match="end before"):
        plan(world, title="Backwards", first_year=2027, last_year=2025)
    p.refresh_from_db()
    assert p.last_year == 2028


def test_weights_must_add_up_to_100_and_nothing_is_saved_otherwise(world):
    items = [services.ItemSpec("outgoing_students", 60), services.ItemSpec("awards_abroad", 35)]
    with pytest.raises(DomainError, match="add up to 95 %"):
        services.scheme_save(institution=world.a, year=2026, data={"method": "best"}, items=items, actor=None)
    with pytest.raises(DomainError, match="not a known indicator"):
        services.scheme_save(
            institution=world.a,
            year=2026,
            data={"method": "best"},
            items=[services.ItemSpec("nonsense", 100)],
            actor=None,
        )
    with pytest.raises(DomainError, match="needs thresholds") as err:
        services.scheme_save(
            institution=world.a,
            year=2026,
            data={"method": "thresholds"},
            items=[services.ItemSpec("awards_abroad", 100)],
            actor=None,
        )
    assert err.value.field == "thresholds_awards_abroad"
    with pytest.raises(DomainError, match="rise"):
        services.scheme_save(
            institution=world.a,
            year=2026,
            data={"method": "thresholds"},
            items=[services.ItemSpec("awards_abroad", 100, [[5, 80], [2, 90]])],
            actor=None,
        )
    assert not Scheme.objects.exists() and not SchemeItem.objects.exists()


def test_scores_against_the_best_college_with_their_breakdown(world, known):
    scheme = services.scheme_save(
        institution=world.a,
        year=2026,
        data={"method": "best"},
        items=[services.ItemSpec("teachers_abroad_person_days", 60), services.ItemSpec("awards_abroad", 40)],
        actor=None,
    )
    scores = {s.unit.code: s for s in selectors.assess(world.a, scheme, Engine(world.a, TODAY))}
    # Teacher days: AUTO 9, IT 3 (best 9). Awards: AUTO 0, IT 1 (best 1).
    auto, it = scores["AUTO"], scores["IT"]
    assert [(p.value, p.reference, p.score, p.points) for p in auto.parts] == [
        (9, 9, 100.0, 60.0),
        (0, 1, 0.0, 0.0),
    ]
    assert [(p.value, p.score, p.points) for p in it.parts] == [(3, 33.3, 20.0), (1, 100.0, 40.0)]
    assert (auto.total, it.total) == (60.0, 60.0)
    assert auto.rank == it.rank == 1


def test_scores_against_targets_and_thresholds_and_per_hundred(world, known):
    p = plan(world)
    target(p, indicator="teachers_abroad_person_days", year=2026, org_unit=world.units["AUTO"], value=18)
    scheme = services.scheme_save(
        institution=world.a,
        year=2026,
        data={"method": "target"},
        items=[services.ItemSpec("teachers_abroad_person_days", 100)],
        actor=None,
    )
    scores = {s.unit.code: s for s in selectors.assess(world.a, scheme, Engine(world.a, TODAY))}
    assert (scores["AUTO"].total, scores["IT"].total) == (50.0, 0.0)
    assert scores["IT"].parts[0].note == "no target set"
    # Thresholds, per 100 teachers and students. AUTO: the teacher, the student, five international
    # students and 周强 (the staff member does not count) = 8 people, 9 days → 112.5 per 100.
    # IT: 王芳 and 吴敏 = 2 people, 3 days → 150 per 100. Thresholds 10:50, 100:80, 200:100: both 80.
    scheme = services.scheme_save(
        institution=world.a,
        year=2026,
        data={"method": "thresholds", "per_hundred": True},
        items=[services.ItemSpec("teachers_abroad_person_days", 100, [[10, 50], [100, 80], [200, 100]])],
        actor=None,
    )
    sizes = selectors.sizes(world.a, [world.units["AUTO"], world.units["IT"]])
    assert (sizes[world.units["AUTO"].pk], sizes[world.units["IT"].pk]) == (8, 2)
    scores = {s.unit.code: s for s in selectors.assess(world.a, scheme, Engine(world.a, TODAY))}
    assert [(p.compared, p.score) for p in scores["AUTO"].parts] == [(112.5, 80.0)]
    assert [(p.compared, p.score) for p in scores["IT"].parts] == [(150.0, 80.0)]
    assert Scheme.objects.filter(year=2026, archived_at__isnull=True).count() == 1
    assert Scheme.objects.filter(year=2026).count() == 2


def test_the_assessment_page_export_and_a_liaison_sees_only_their_college(world, known, client_for):
    services.scheme_save(
        institution=world.a,
        year=2026,
        data={"method": "best"},
        items=[services.ItemSpec("teachers_abroad_person_days", 50), services.ItemSpec("awards_abroad", 50)],
        actor=None,
    )
    office = client_for("office")
    page = office.get("/planning/assessment/?year=2026")
    assert page.status_code == 200 and b'data-testid="radar"' in page.content
    assert b'data-college="AUTO"' in page.content and b'data-college="IT"' in page.content
    book = load_workbook(io.BytesIO(office.get("/planning/assessment/?year=2026&format=xlsx").content))
    assert book.worksheets[0].cell(row=1, column=1).value.startswith("名次")
    liaison = client_for("liaison_b").get("/planning/assessment/?year=2026").content
    assert b'data-college="IT"' in liaison and b'data-college="AUTO"' not in liaison


def test_the_scheme_form_shows_the_weight_error_and_keeps_the_old_scheme(world, client_for):
    services.scheme_save(
        institution=world.a,
        year=2026,
        data={"method": "best"},
        items=[services.ItemSpec("awards_abroad", 100)],
        actor=None,
    )
    response = client_for("office").post(
        "/planning/assessment/scheme/",
        {"year": 2026, "method": "best", "weight_awards_abroad": "50", "weight_outgoing_students": "30"},
    )
    assert response.status_code == 400 and "add up to 80 %" in response.content.decode()
    scheme = selectors.scheme_for(world.a, 2026)
    assert [(i.indicator, i.weight) for i in scheme.items.all()] == [("awards_abroad", Decimal("100.00"))]


def test_plan_pages(world, client_for):
    office = client_for("office")
    response = office.post(
        "/planning/new/",
        {"kind": "staff", "title": "Staff plan", "first_year": 2026, "last_year": 2028, "status": "adopted"},
    )
    assert response.status_code == 302
    p = Plan.objects.get(title="Staff plan")
    bad = office.post(
        f"/planning/{p.pk}/targets/",
        {"part": "overseas_talent", "indicator": "foreign_experts", "year": 2031, "value": "5"},
    )
    assert bad.status_code == 400 and b'data-field-error="year"' in bad.content
    good = office.post(
        f"/planning/{p.pk}/targets/",
        {"part": "overseas_talent", "indicator": "foreign_experts", "year": 2027, "value": "5"},
    )
    assert good.status_code == 302 and Target.objects.filter(plan=p).count() == 1
    assert client_for("liaison_a").get(f"/planning/{p.pk}/").status_code == 200
    assert (
        client_for("liaison_a")
        .post(f"/planning/{p.pk}/targets/", {"indicator": "foreign_experts"})
        .status_code
        == 404
    )
