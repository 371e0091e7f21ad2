"""Pages of plans and targets, and of the assessment of secondary colleges."""

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
from intercoop.indicators.selectors import (
    Engine,
    colleges,
    detail_href,
    reads_whole_institution,
    report_years,
    year_or_404,
)
from intercoop.org import selectors as org_selectors
from intercoop.planning import exports, selectors, services
from intercoop.planning.forms import PlanForm, SchemeForm, TargetForm, format_thresholds, parse_thresholds
from intercoop.planning.models import Plan
from intercoop.planning.permissions import ASSESSMENT_MANAGE, ASSESSMENT_VIEW, PLAN_EDIT, PLAN_VIEW


def _year(request: HttpRequest) -> int:
    return year_or_404(request.GET.get("year") or request.POST.get("year"), ahead=15)


@requires(PLAN_VIEW)
def plan_list(request: HttpRequest) -> HttpResponse:
    archived = request.GET.get("archived") == "1"
    return render(
        request,
        "planning/plan_list.html",
        {
            "plans": selectors.plans(request.user, archived=archived),
            "archived": archived,
            "can_edit": access_for(request.user).can_institution_wide(PLAN_EDIT),
        },
    )


@record_access
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    can_edit = access.can_institution_wide(PLAN_EDIT) and not plan.is_archived
    visible = selectors.visible_units(request.user, plan)
    form = TargetForm(
        initial={"year": plan.first_year, "org_unit": plan.org_unit}, colleges=_colleges_for(plan)
    )
    return _plan_page(request, plan, form, can_edit, visible)


def _colleges_for(plan: Plan) -> list[Any]:
    return [plan.org_unit] if plan.org_unit_id else colleges(plan.institution)


def _plan_page(
    request: HttpRequest,
    plan: Plan,
    form: TargetForm,
    can_edit: bool,
    visible: set[int] | None,
    status: int = 200,
) -> HttpResponse:
    rows = selectors.progress(plan, Engine(plan.institution), visible)
    whole = reads_whole_institution(request.user, plan.institution)
    for row in rows:
        row.href = detail_href(row.indicator, row.target.year, row.target.org_unit, whole)
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "rows": rows,
            "form": form,
            "can_edit": can_edit,
            "history": audit.history_for(plan, can_see_sensitive=False),
        },
        status=status,
    )


@requires(PLAN_EDIT)
def plan_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not access_for(request.user).can_institution_wide(PLAN_EDIT):
        raise Http404
    institution = org_selectors.institution_of(request.user)
    plan = selectors.plan_get_for_user(user=request.user, pk=pk) if pk else None
    form = PlanForm(request.POST or None, instance=plan, colleges=colleges(institution))
    if saved := submitted(
        request,
        form,
        lambda data: services.plan_save(institution=institution, data=data, actor=request.user, plan=plan),
        done=_("Saved."),
    ):
        return redirect("planning:plan", pk=saved.value.pk)
    return render(
        request, "planning/plan_form.html", {"form": form, "obj": plan}, status=400 if form.errors else 200
    )


@record_access
@require_POST
def plan_archive(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if not access_for(request.user).can_institution_wide(PLAN_EDIT) or action not in ("archive", "restore"):
        raise Http404
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    acted(
        request,
        lambda: services.plan_set_archived(plan=plan, archived=action == "archive", actor=request.user),
        done=_("Archived.") if action == "archive" else _("Restored."),
    )
    return redirect("planning:plan", pk=plan.pk)


@record_access
@require_POST
def target_add(request: HttpRequest, pk: int) -> HttpResponse:
    if not access_for(request.user).can_institution_wide(PLAN_EDIT):
        raise Http404
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    form = TargetForm(request.POST, colleges=_colleges_for(plan))
    if submitted(
        request,
        form,
        lambda data: services.target_save(plan=plan, data=data, actor=request.user),
        done=_("Target set."),
    ):
        return redirect("planning:plan", pk=plan.pk)
    return _plan_page(request, plan, form, True, None, status=400)


@record_access
@require_POST
def target_remove(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_get_for_user(user=request.user, pk=pk)
    acted(
        request,
        lambda: services.target_archive(target=target, actor=request.user),
        done=_("Target removed."),
    )
    return redirect("planning:plan", pk=target.plan_id)


@requires(ASSESSMENT_VIEW)
def assessment(request: HttpRequest) -> HttpResponse:
    institution = org_selectors.institution_of(request.user)
    year = _year(request)
    scheme = selectors.scheme_for(institution, year)
    scores = selectors.visible_scores(request.user, selectors.assess(institution, scheme)) if scheme else []
    access = access_for(request.user)
    if scheme and request.GET.get("format") == "xlsx":
        return xlsx_response(exports.workbook(scheme, scores), f"assessment-{institution.code}-{year}")
    form = None
    if access.can_institution_wide(ASSESSMENT_MANAGE):
        form = SchemeForm(initial=_scheme_initial(scheme))
    return _assessment_page(request, year, scheme, scores, form)


def _short(name: str) -> str:
    """A radar axis label that fits: about 20 Latin or 10 Chinese characters."""
    limit = 10 if any(ord(c) > 0x2E80 for c in name) else 20
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _scheme_initial(scheme: Any) -> dict[str, Any]:
    if scheme is None:
        return {"method": "best"}
    initial: dict[str, Any] = {
        "title": scheme.title,
        "method": scheme.method,
        "per_hundred": scheme.per_hundred,
    }
    for item in scheme.items.filter(archived_at__isnull=True):
        initial[f"weight_{item.indicator}"] = format(item.weight.normalize(), "f")
        initial[f"thresholds_{item.indicator}"] = format_thresholds(item.thresholds)
    return initial


def _assessment_page(
    request: HttpRequest,
    year: int,
    scheme: Any,
    scores: list[Any],
    form: SchemeForm | None,
    status: int = 200,
) -> HttpResponse:
    charts = []
    if scores:
        names = [_short(p.indicator.name) for p in scores[0].parts]
        best = [max(s.parts[i].score for s in scores) for i in range(len(names))]
        for s in scores:
            option = {
                "tooltip": {},
                "legend": {"bottom": 0, "data": [s.unit.display_name, _("Best college")]},
                "radar": {
                    "indicator": [{"name": n, "max": 100} for n in names],
                    "radius": "55%",
                    "axisName": {"fontSize": 11, "color": "#495057"},
                },
                "series": [
                    {
                        "type": "radar",
                        "data": [
                            {
                                "name": s.unit.display_name,
                                "value": [p.score for p in s.parts],
                                "areaStyle": {},
                            },
                            {"name": _("Best college"), "value": best, "lineStyle": {"type": "dashed"}},
                        ],
                    }
                ],
            }
            charts.append((s, f"radar-{s.unit.pk}", option))
    return render(
        request,
        "planning/assessment.html",
        {
            "year": year,
            "years": report_years(),
            "scheme": scheme,
            "items": list(scheme.items.filter(archived_at__isnull=True)) if scheme else [],
            "scores": scores,
            "form": form,
            "charts": charts,
            "history": audit.history_for(scheme, can_see_sensitive=False) if scheme else [],
        },
        status=status,
    )


@requires(ASSESSMENT_MANAGE)
@require_POST
def scheme_save(request: HttpRequest) -> HttpResponse:
    if not access_for(request.user).can_institution_wide(ASSESSMENT_MANAGE):
        raise Http404
    institution = org_selectors.institution_of(request.user)
    year = _year(request)
    form = SchemeForm(request.POST)
    if form.is_valid():
        items = [
            services.ItemSpec(
                indicator=code,
                weight=form.cleaned_data.get(f"weight_{code}") or 0,
                thresholds=parse_thresholds(form.cleaned_data.get(f"thresholds_{code}") or ""),
            )
            for code in form.codes
        ]
        if submitted(
            request,
            form,
            lambda data: services.scheme_save(
                institution=institution, year=year, data=data, items=items, actor=request.user
            ),
            done=_("The assessment scheme is saved; the colleges are scored again."),
        ):
            return redirect(reverse("planning:assessment") + f"?year={year}")
    scheme = selectors.scheme_for(institution, year)
    scores = selectors.assess(institution, scheme) if scheme else []
    return _assessment_page(request, year, scheme, scores, form, status=400)
