"""API of indicators and national report tables: the same numbers as the pages and the export command."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from intercoop.core.access import access_for, require_anywhere
from intercoop.core.apitypes import Id, Year
from intercoop.indicators import registry, selectors, services
from intercoop.indicators.permissions import INDICATOR_RECORDS, INDICATOR_VIEW, REPORT_SUBMIT
from intercoop.indicators.selectors import Value
from intercoop.org.selectors import institution_of

router = Router(tags=["indicators"])


class ValueOut(Schema):
    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    definition: str
    period_kind: str
    period_start: str
    period_end: str
    levels: list[str]
    unit_id: Id | None
    value: float | int | None
    computed: int | None
    adjusted: bool
    adjustment_reason: str | None
    countries: list[str]


class ItemOut(Schema):
    label: str
    url: str
    amount: int
    detail: str
    unit: str


class DetailOut(ValueOut):
    items: list[ItemOut]
    items_total: int


class TableRowOut(Schema):
    number: int
    code: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    period: str
    previous: float | int | None
    previous_source: str
    current: float | int | None
    computed: int | None
    adjusted: bool
    countries: list[str]


class ReportingInstitutionOut(Schema):
    code: str
    name: str
    name_en: str


class TableOut(Schema):
    table: str
    title_zh: str
    title_en: str
    year: Year
    version: int
    institution: ReportingInstitutionOut
    rows: list[TableRowOut]
    computed_at: str
    submitted: bool
    submitted_at: str | None


def _out(value: Value, unit_id: Id | None) -> dict[str, Any]:
    ind = value.indicator
    return {
        "code": ind.code,
        "name_zh": ind.name_zh,
        "name_en": ind.name_en,
        "unit_zh": ind.unit_zh,
        "unit_en": ind.unit_en,
        "definition": str(ind.definition),
        "period_kind": ind.period,
        "period_start": value.period.start.isoformat(),
        "period_end": value.period.end.isoformat(),
        "levels": list(ind.levels),
        "unit_id": unit_id,
        "value": value.reported,
        "computed": value.computed,
        "adjusted": value.adjustment is not None,
        "adjustment_reason": value.adjustment.reason if value.adjustment else None,
        "countries": value.countries,
    }


def _context(request: HttpRequest, year: Year | None, unit_id: Id | None) -> tuple[Any, int, Any]:
    institution = institution_of(request.user)
    units = selectors.readable_units(request.user, institution)
    unit = selectors.unit_for(units, selectors.colleges(institution), unit_id)
    year = selectors.year_or_404(year)
    return institution, year, unit


@router.get("/indicators", response=list[ValueOut], summary="Every indicator's value for a report year")
def indicator_list(request: HttpRequest, year: Year | None = None, unit_id: Id | None = None) -> Any:
    require_anywhere(request.user, INDICATOR_VIEW)
    institution, year, unit = _context(request, year, unit_id)
    engine = selectors.Engine(institution)
    return [
        _out(engine.value(ind, year, unit), unit.pk if unit else None)
        for ind in registry.all_indicators(year)
        if unit is None or "college" in ind.levels
    ]


@router.get(
    "/indicators/{code}", response=DetailOut, summary="One indicator's value and the records behind it"
)
def indicator_detail(
    request: HttpRequest, code: str, year: Year | None = None, unit_id: Id | None = None
) -> Any:
    require_anywhere(request.user, INDICATOR_RECORDS)
    indicator = selectors.indicator_or_404(code)
    institution, year, unit = _context(request, year, unit_id)
    selectors.check_level(indicator, unit, asked=unit_id is not None)
    engine = selectors.Engine(institution)
    comp, _period = engine.computation(indicator, year)
    items = comp.for_unit(unit.path if unit else None)
    out = _out(engine.value(indicator, year, unit), unit.pk if unit else None)
    out["items"] = [
        {"label": i.label, "url": i.url, "amount": i.amount, "detail": i.detail, "unit": i.unit_name}
        for i in items
    ]
    out["items_total"] = sum(i.amount for i in items)
    return out


def _table_out(data: dict[str, Any], report: Any) -> dict[str, Any]:
    return {
        **data,
        "submitted": report is not None,
        "submitted_at": report.submitted_at if report else None,
    }


def _table_context(request: HttpRequest, table: str, year: Year | None) -> tuple[Any, Any, int]:
    if not access_for(request.user).can_institution_wide(INDICATOR_VIEW):
        raise Http404
    spec = selectors.table_or_404(table)
    year = selectors.year_or_404(year)
    if spec.version_for(year) is None:
        raise Http404
    return institution_of(request.user), spec, year


@router.get("/reports/{table}", response=TableOut, summary="A national table: the snapshot once submitted")
def report(request: HttpRequest, table: str, year: Year | None = None) -> Any:
    institution, spec, year = _table_context(request, table, year)
    data, submitted = selectors.table_for(institution, spec, year)
    return _table_out(data, submitted)


@router.post(
    "/reports/{table}/submit", response={201: TableOut}, summary="Submit and freeze a national table"
)
def report_submit(request: HttpRequest, table: str, year: Year) -> Any:
    institution, spec, year = _table_context(request, table, year)
    if not access_for(request.user).can_institution_wide(REPORT_SUBMIT):
        raise Http404
    submitted = services.submit(institution=institution, table=spec, year=year, actor=request.user)
    return 201, _table_out(submitted.snapshot, submitted)


class ReopenIn(Schema):
    reason: str


@router.post(
    "/reports/{table}/reopen", response=TableOut, summary="Reopen a submitted table (kept, archived)"
)
def report_reopen(request: HttpRequest, table: str, year: Year, payload: ReopenIn) -> Any:
    institution, spec, year = _table_context(request, table, year)
    if not access_for(request.user).can_institution_wide(REPORT_SUBMIT):
        raise Http404
    submitted = selectors.submitted(institution, spec, year)
    if submitted is None:
        raise Http404
    services.reopen(report=submitted, reason=payload.reason, actor=request.user)
    data, current = selectors.table_for(institution, spec, year)
    return _table_out(data, current)


class SupervisedOut(Schema):
    institution: ReportingInstitutionOut
    rows: list[TableRowOut]
    submitted: bool


@router.get(
    "/reports/{table}/institutions",
    response=list[SupervisedOut],
    summary="A national table for every institution a supervisor oversees (figures only)",
)
def report_across(request: HttpRequest, table: str, year: Year | None = None) -> Any:
    access = access_for(request.user)
    if not access.institutions_with(INDICATOR_VIEW):
        raise Http404
    spec = selectors.table_or_404(table)
    year = selectors.year_or_404(year)
    if spec.version_for(year) is None:
        raise Http404
    return [
        {"institution": s.table["institution"], "rows": s.table["rows"], "submitted": s.submitted}
        for s in selectors.across_institutions(request.user, spec, year)
    ]
