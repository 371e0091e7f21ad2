"""API of plans, targets with progress, and the assessment of colleges (the numbers of the pages)."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from intercoop.core.access import require_anywhere
from intercoop.core.apitypes import Id, Year
from intercoop.indicators.selectors import Engine, default_year
from intercoop.org.selectors import institution_of
from intercoop.planning import selectors
from intercoop.planning.permissions import ASSESSMENT_VIEW, PLAN_VIEW

router = Router(tags=["planning"])


class PlanOut(Schema):
    id: int
    kind: str
    title: str
    first_year: int
    last_year: int
    org_unit_id: Id | None
    status: str


class TargetOut(Schema):
    id: int
    part: str
    indicator: str
    year: Year
    org_unit_id: Id | None
    target: float
    value: float | int | None
    progress_percent: int | None


class PlanDetailOut(PlanOut):
    targets: list[TargetOut]


class PartOut(Schema):
    indicator: str
    weight: float
    value: float | None
    compared: float | None
    reference: float | None
    score: float
    points: float
    note: str


class ScoreOut(Schema):
    rank: int
    org_unit_id: Id
    college: str
    size: int
    total: float
    parts: list[PartOut]


class AssessmentOut(Schema):
    year: Year
    title: str
    method: str
    per_hundred: bool
    scores: list[ScoreOut]


@router.get("/planning/plans", response=list[PlanOut], summary="Plans the user may read")
def plan_list(request: HttpRequest) -> Any:
    require_anywhere(request.user, PLAN_VIEW)
    return list(selectors.plans(request.user))


@router.get(
    "/planning/plans/{plan_id}", response=PlanDetailOut, summary="A plan with its targets and progress"
)
def plan_detail(request: HttpRequest, plan_id: Id) -> Any:
    plan = selectors.plan_get_for_user(user=request.user, pk=plan_id)
    rows = selectors.progress(plan, Engine(plan.institution), selectors.visible_units(request.user, plan))
    return {
        **PlanOut.from_orm(plan).dict(),
        "targets": [
            {
                "id": r.target.pk,
                "part": r.target.part,
                "indicator": r.target.indicator,
                "year": r.target.year,
                "org_unit_id": r.target.org_unit_id,
                "target": float(r.target.value),
                "value": r.value.reported if r.value else None,
                "progress_percent": r.percent,
            }
            for r in rows
        ],
    }


@router.get("/planning/assessment", response=AssessmentOut, summary="Scores and ranking of the colleges")
def assessment(request: HttpRequest, year: Year | None = None) -> Any:
    require_anywhere(request.user, ASSESSMENT_VIEW)
    institution = institution_of(request.user)
    scheme = selectors.scheme_for(institution, year or default_year())
    if scheme is None:
        raise Http404
    scores = selectors.visible_scores(request.user, selectors.assess(institution, scheme))
    return {
        "year": scheme.year,
        "title": scheme.title,
        "method": scheme.method,
        "per_hundred": scheme.per_hundred,
        "scores": [
            {
                "rank": s.rank,
                "org_unit_id": s.unit.pk,
                "college": s.unit.display_name,
                "size": s.size,
                "total": s.total,
                "parts": [
                    {
                        "indicator": p.indicator.code,
                        "weight": float(p.item.weight),
                        "value": p.value,
                        "compared": p.compared,
                        "reference": p.reference,
                        "score": p.score,
                        "points": p.points,
                        "note": p.note,
                    }
                    for p in s.parts
                ],
            }
            for s in scores
        ],
    }
