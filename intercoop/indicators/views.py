"""Pages of indicators and of the national table."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intercoop.core import audit
from intercoop.core.access import access_for
from intercoop.core.actions import acted, submitted
from intercoop.core.gates import record_access, requires
from intercoop.core.spreadsheets import xlsx_response
from intercoop.indicators import exports, registry, selectors, services
from intercoop.indicators.forms import AdjustForm, ReopenForm
from intercoop.indicators.permissions import (
    INDICATOR_ADJUST,
    INDICATOR_RECORDS,
    INDICATOR_VIEW,
    REPORT_SUBMIT,
)
from intercoop.indicators.tables import TABLE_LABELS, TABLES
from intercoop.org import selectors as org_selectors
from intercoop.org.models import OrgUnit


def _year(request: HttpRequest) -> int:
    return selectors.year_or_404(request.GET.get("year") or request.POST.get("year"))


@requires(INDICATOR_VIEW, across_institutions=True)
def index(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    if access_for(request.user).institution_id is None:
        return supervision(request, year)
    institution = org_selectors.institution_of(request.user)
    units = selectors.readable_units(request.user, institution)
    colleges = selectors.colleges(institution) if units is None else units
    engine = selectors.Engine(institution)
    rows = []
    for indicator in registry.all_indicators(year):
        total = engine.value(indicator, year) if units is None else None
        by_college = (
            [
                (c, engine.value(indicator, year, c), selectors.detail_href(indicator, year, c, True))
                for c in colleges
            ]
            if "college" in indicator.levels
            else []
        )
        first = None if units is None else (colleges[0] if by_college else None)
        href = selectors.detail_href(indicator, year, first, units is None)
        rows.append({"indicator": indicator, "total": total, "by_college": by_college, "href": href})
    return render(
        request,
        "indicators/index.html",
        {
            "year": year,
            "years": selectors.report_years(),
            "rows": rows,
            "colleges": colleges,
            "whole": units is None,
            "tables": [(code, TABLE_LABELS[code]) for code in TABLES],
        },
    )


def supervision(request: HttpRequest, year: int) -> HttpResponse:
    table = TABLES["international_influence"]
    data = selectors.across_institutions(request.user, table, year)
    version = table.version_for(year)
    rows = []
    for number, row in enumerate(version.rows if version else (), start=1):
        indicator = registry.get(row.indicator)
        values = [next((r for r in d.table["rows"] if r["code"] == row.indicator), None) for d in data]
        present = [v["current"] for v in values if v and v["current"] is not None]
        rows.append(
            {
                "number": number,
                "indicator": indicator,
                "values": values,
                "total": sum(present) if present else None,
            }
        )
    in_table = {row.indicator for row in version.rows} if version else set()
    engines = [d.engine for d in data]
    others = []
    for indicator in registry.all_indicators(year):
        if indicator.code in in_table:
            continue
        computed = [engine.value(indicator, year) for engine in engines]
        known = [value.reported for value in computed if value.reported is not None]
        others.append({"indicator": indicator, "values": computed, "total": sum(known) if known else None})
    return render(
        request,
        "indicators/supervision.html",
        {
            "year": year,
            "years": selectors.report_years(),
            "institutions": [d.institution for d in data],
            "rows": rows,
            "others": others,
        },
    )


def _render_detail(
    request: HttpRequest,
    *,
    indicator: registry.Indicator,
    year: int,
    institution: Any,
    unit: OrgUnit | None,
    units: list[OrgUnit] | None,
    form: AdjustForm,
    status: int = 200,
) -> HttpResponse:
    engine = selectors.Engine(institution)
    comp, _period = engine.computation(indicator, year)
    items = comp.for_unit(unit.path if unit else None)
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "year": year,
            "years": selectors.report_years(),
            "unit": unit,
            "units": selectors.colleges(institution) if units is None else units,
            "whole": units is None,
            "value": engine.value(indicator, year, unit),
            "items": items,
            "total": sum(i.amount for i in items),
            "can_adjust": access_for(request.user).can_institution_wide(INDICATOR_ADJUST),
            "adjustments": selectors.adjustments_of(institution, indicator.code, year, unit),
            "form": form,
            "open_adjust": status != 200,
        },
        status=status,
    )


def _adjustable(indicator: registry.Indicator, institution: Any) -> list[OrgUnit]:
    return selectors.colleges(institution) if "college" in indicator.levels else []


@requires(INDICATOR_RECORDS)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.indicator_or_404(code)
    year = _year(request)
    institution = org_selectors.institution_of(request.user)
    units = selectors.readable_units(request.user, institution)
    unit = selectors.unit_for(units, selectors.colleges(institution), request.GET.get("unit"))
    selectors.check_level(indicator, unit, asked=bool(request.GET.get("unit")))
    form = AdjustForm(colleges=_adjustable(indicator, institution), initial={"org_unit": unit})
    return _render_detail(
        request, indicator=indicator, year=year, institution=institution, unit=unit, units=units, form=form
    )


@requires(INDICATOR_ADJUST)
@require_POST
def adjust(request: HttpRequest, code: str) -> HttpResponse:
    if not access_for(request.user).can_institution_wide(INDICATOR_ADJUST):
        raise Http404
    indicator = selectors.indicator_or_404(code)
    year = _year(request)
    institution = org_selectors.institution_of(request.user)
    form = AdjustForm(request.POST, request.FILES, colleges=_adjustable(indicator, institution))
    unit = None
    if form.is_valid():
        unit = form.cleaned_data.get("org_unit")
        if submitted(
            request,
            form,
            lambda data: services.adjust(
                institution=institution,
                code=code,
                year=year,
                value=data["value"],
                reason=data["reason"],
                evidence=data["evidence"],
                unit=unit,
                actor=request.user,
            ),
            done=_("The adjusted value is recorded beside the computed one."),
        ):
            url = reverse("indicators:detail", args=[code]) + f"?year={year}"
            return redirect(url + (f"&unit={unit.pk}" if unit else ""))
    return _render_detail(
        request,
        indicator=indicator,
        year=year,
        institution=institution,
        unit=unit,
        units=None,
        form=form,
        status=400,
    )


@record_access
@require_POST
def adjustment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    if not access_for(request.user).can_institution_wide(INDICATOR_ADJUST):
        raise Http404
    adjustment = selectors.adjustment_get_for_user(user=request.user, pk=pk, code=INDICATOR_ADJUST)
    acted(
        request,
        lambda: services.adjustment_withdraw(adjustment=adjustment, actor=request.user),
        done=_("The adjustment is withdrawn; the computed value counts again."),
    )
    url = reverse("indicators:detail", args=[adjustment.indicator]) + f"?year={adjustment.year}"
    return redirect(url + (f"&unit={adjustment.org_unit_id}" if adjustment.org_unit_id else ""))


@requires(INDICATOR_VIEW)
def table(request: HttpRequest, table: str) -> HttpResponse:
    access = access_for(request.user)
    if not access.can_institution_wide(INDICATOR_VIEW):
        raise Http404
    spec = selectors.table_or_404(table)
    year = _year(request)
    institution = org_selectors.institution_of(request.user)
    if spec.version_for(year) is None:
        raise Http404
    past = selectors.reports_of(institution, spec, year)  # every submission, the current one first
    report = next((r for r in past if r.archived_at is None), None)
    data = selectors.table_of(institution, spec, year, report)
    if request.GET.get("format") == "xlsx":
        submitted_at = report.submitted_at if report else None
        return xlsx_response(exports.workbook(data, submitted_at), f"{spec.code}-{institution.code}-{year}")
    today = selectors.build_table(institution, spec, year) if report is not None else None
    return render(
        request,
        "indicators/table.html",
        {
            "spec": spec,
            "title": TABLE_LABELS[spec.code],
            "year": year,
            "years": selectors.report_years(),
            "data": data,
            "report": report,
            "differences": selectors.differences(data, today) if today else [],
            "can_submit": access.can_institution_wide(REPORT_SUBMIT),
            "reopen_form": ReopenForm(),
            "history": audit.history_for(report, can_see_sensitive=False) if report else [],
            "past": past,
        },
    )


@requires(REPORT_SUBMIT)
@require_POST
def table_action(request: HttpRequest, table: str, action: str) -> HttpResponse:
    access = access_for(request.user)
    if not access.can_institution_wide(REPORT_SUBMIT) or action not in ("submit", "reopen"):
        raise Http404
    spec = selectors.table_or_404(table)
    year = _year(request)
    institution = org_selectors.institution_of(request.user)
    if action == "submit":
        acted(
            request,
            lambda: services.submit(institution=institution, table=spec, year=year, actor=request.user),
            done=_("Submitted: the table of %(year)s is frozen as it is now.") % {"year": year},
        )
    else:
        report = selectors.submitted(institution, spec, year)
        if report is None:
            raise Http404
        reason = request.POST.get("reason", "")
        acted(
            request,
            lambda: services.reopen(report=report, reason=reason, actor=request.user),
            done=_("Reopened: the table is computed from the records again."),
        )
    return redirect(reverse("indicators:table", args=[spec.code]) + f"?year={year}")
