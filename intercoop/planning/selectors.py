"""Reads of planning: plans and their progress, and the assessment of secondary colleges with every score
explained (value, what it is compared with, the score, the weighted points)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from intercoop.core.access import access_for, parse_pk
from intercoop.indicators import registry
from intercoop.indicators.registry import Indicator
from intercoop.indicators.selectors import Engine, Value, colleges
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.planning.models import Plan, Scheme, SchemeItem, Target
from intercoop.planning.permissions import ASSESSMENT_VIEW, PLAN_EDIT, PLAN_VIEW


def plan_scope(user: Any) -> Any:
    """Plans of the institution for institution-wide readers; a liaison sees the school's plans and their
    own college's."""
    access = access_for(user)
    if access.institution_id is None or not access.can_anywhere(PLAN_VIEW):
        return Plan.objects.none()
    qs = Plan.objects.filter(institution_id=access.institution_id)
    if access.can_institution_wide(PLAN_VIEW):
        return qs
    paths = access.unit_paths(PLAN_VIEW)
    ids = [u.pk for u in colleges(access.institution_id) if any(u.path.startswith(p) for p in paths)]
    return qs.filter(org_unit__isnull=True) | qs.filter(org_unit_id__in=ids)


def plan_get_for_user(*, user: Any, pk: Any) -> Plan:
    plan = plan_scope(user).filter(pk=parse_pk(pk)).select_related("org_unit").first()
    if plan is None:
        raise Http404
    return plan


def plans(user: Any, archived: bool = False) -> QuerySet[Plan]:
    return (
        plan_scope(user)
        .filter(archived_at__isnull=not archived)
        .select_related("org_unit")
        .order_by("-first_year", "title")
    )


def visible_units(user: Any, plan: Plan) -> set[int] | None:
    """None: every target of the plan; otherwise the colleges whose targets a liaison may read."""
    access = access_for(user)
    if access.can_institution_wide(PLAN_VIEW):
        return None
    paths = access.unit_paths(PLAN_VIEW)
    return {u.pk for u in colleges(plan.institution_id) if any(u.path.startswith(p) for p in paths)}


@dataclass
class Progress:
    target: Target
    indicator: Indicator | None
    value: Value | None
    href: str = ""  # the indicator's page for this year and college, where the reader may open it

    @property
    def ratio(self) -> float | None:
        if self.value is None or self.value.reported is None or not self.target.value:
            return None
        return float(Decimal(str(self.value.reported)) / self.target.value)

    @property
    def percent(self) -> int | None:
        ratio = self.ratio
        return None if ratio is None else round(ratio * 100)


def progress(
    plan: Plan, engine: Engine | None = None, visible_units: set[int] | None = None
) -> list[Progress]:
    """Every target of the plan with today's value (from records, or adjusted) and value ÷ target."""
    engine = engine or Engine(plan.institution)
    out = []
    targets = (
        plan.targets.filter(archived_at__isnull=True)
        .select_related("org_unit")
        .order_by("year", "part", "indicator")
    )
    for target in targets:
        if (
            visible_units is not None
            and target.org_unit_id not in visible_units
            and target.org_unit_id is not None
        ):
            continue
        indicator = registry.get(target.indicator)
        value = engine.value(indicator, target.year, target.org_unit) if indicator else None
        out.append(Progress(target, indicator, value))
    return out


# -- the assessment -------------------------------------------------------------------------------------


def scheme_for(institution: Institution, year: int) -> Scheme | None:
    return Scheme.objects.filter(institution=institution, year=year, archived_at__isnull=True).first()


@dataclass
class Part:
    item: SchemeItem
    indicator: Indicator
    value: float | None
    compared: float | None
    reference: float | None
    score: float
    points: float
    note: str = ""


@dataclass
class CollegeScore:
    unit: OrgUnit
    size: int
    parts: list[Part] = field(default_factory=list)
    rank: int = 0

    @property
    def total(self) -> float:
        return round(sum(p.points for p in self.parts), 2)


def _threshold_score(value: float, pairs: list[list[float]]) -> float:
    score = 0.0
    for band, band_score in pairs:
        if value >= band:
            score = band_score
    return score


def sizes(institution: Institution, units: list[OrgUnit]) -> dict[int, int]:
    """Teachers and students of each college (its departments included): one query."""
    paths = Person.objects.filter(
        institution=institution,
        archived_at__isnull=True,
        kind__in=(Person.Kind.TEACHER, Person.Kind.STUDENT),
        org_unit__isnull=False,
    ).values_list("org_unit__path", flat=True)
    counts: dict[int, int] = defaultdict(int)
    for path in paths:
        for unit in units:
            if path.startswith(unit.path):
                counts[unit.pk] += 1
    return counts


def assess(institution: Institution, scheme: Scheme, engine: Engine | None = None) -> list[CollegeScore]:
    """Score and rank every college under ``scheme``. A value with no data scores 0 and says so."""
    engine = engine or Engine(institution)
    units = colleges(institution)
    size = sizes(institution, units)
    items = list(scheme.items.filter(archived_at__isnull=True))
    targets = {
        (t.indicator, t.org_unit_id): float(t.value)
        for t in Target.objects.filter(
            institution=institution,
            year=scheme.year,
            archived_at__isnull=True,
            plan__archived_at__isnull=True,
            plan__status=Plan.Status.ADOPTED,
            org_unit__isnull=False,
        )
    }
    rows = {u.pk: CollegeScore(unit=u, size=size.get(u.pk, 0)) for u in units}
    for item in items:
        indicator = registry.get(item.indicator)
        if indicator is None:
            continue
        compared: dict[int, float | None] = {}
        values: dict[int, float | None] = {}
        for unit in units:
            reported = engine.value(indicator, scheme.year, unit).reported
            values[unit.pk] = None if reported is None else float(reported)
            if values[unit.pk] is None:
                compared[unit.pk] = None
            elif scheme.per_hundred:
                compared[unit.pk] = values[unit.pk] * 100 / size[unit.pk] if size.get(unit.pk) else 0.0  # type: ignore[operator]
            else:
                compared[unit.pk] = values[unit.pk]
        present = [c for c in compared.values() if c is not None]
        best = max(present) if present else None
        weight = float(item.weight)
        for unit in units:
            value, c = values[unit.pk], compared[unit.pk]
            reference: float | None = None
            note = ""
            if c is None:
                score, note = 0.0, _("no data")
            elif scheme.method == Scheme.Method.TARGET:
                reference = targets.get((item.indicator, unit.pk))
                if reference is None:
                    score, note = 0.0, _("no target set")
                elif reference == 0:
                    score = 100.0
                else:
                    score = min(c / reference, 1.0) * 100
            elif scheme.method == Scheme.Method.BEST:
                reference = best
                score = 100.0 if not best else c / best * 100
            else:
                score = _threshold_score(c, item.thresholds)
            rows[unit.pk].parts.append(
                Part(
                    item=item,
                    indicator=indicator,
                    value=value,
                    compared=None if c is None else round(c, 2),
                    reference=None if reference is None else round(reference, 2),
                    score=round(score, 1),
                    points=round(score * weight / 100, 2),
                    note=note,
                )
            )
    ranked = sorted(rows.values(), key=lambda r: (-r.total, r.unit.code))
    previous_total, rank = None, 0
    for index, row in enumerate(ranked, start=1):
        if row.total != previous_total:
            rank, previous_total = index, row.total
        row.rank = rank
    return ranked


def visible_scores(user: Any, scores: list[CollegeScore]) -> list[CollegeScore]:
    """All colleges for institution-wide readers; a liaison sees their own colleges' rows (with ranks)."""
    access = access_for(user)
    if access.can_institution_wide(ASSESSMENT_VIEW):
        return scores
    paths = access.unit_paths(ASSESSMENT_VIEW)
    return [s for s in scores if any(s.unit.path.startswith(p) for p in paths)]


def target_get_for_user(*, user: Any, pk: Any) -> Target:
    """A target the user may change (targets are set by the office); 404 otherwise."""
    access = access_for(user)
    if not access.can_institution_wide(PLAN_EDIT):
        raise Http404
    target = Target.objects.filter(institution_id=access.own_institution(), pk=parse_pk(pk)).first()
    if target is None:
        raise Http404
    return target
