"""Pages of mobility: the register with its filters and drill-down, one record, the form, the figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intercoop.core import audit, bounds, bulk, importing
from intercoop.core.access import access_for
from intercoop.core.actions import acted, submitted
from intercoop.core.gates import record_access, requires
from intercoop.core.htmx import page_or_partial
from intercoop.core.periods import default_year, kind_of, period_bounds
from intercoop.core.spreadsheets import xlsx_response
from intercoop.mobility.permissions import FIGURES_VIEW, MOBILITY_EDIT, MOBILITY_VIEW
from intercoop.mobility.records import exports, selectors, services
from intercoop.mobility.records.forms import CancelForm, MobilityFilterForm, MobilityForm
from intercoop.mobility.stays.services import statistical_date
from intercoop.org import selectors as org_selectors
from intercoop.org.models import OrgUnit
from intercoop.org.selectors import units_for


@requires(MOBILITY_VIEW)
def mobility_list(request: HttpRequest) -> HttpResponse:
    form = MobilityFilterForm(request.GET or None, units=units_for(request.user))
    f = form.cleaned_data if form.is_valid() else {}
    counted = request.GET.get("counted") == "1" and bool(f.get("start")) and bool(f.get("end"))
    qs = selectors.mobility_list(
        user=request.user,
        search=f.get("q") or None,
        direction=f.get("direction") or None,
        type=f.get("type") or None,
        status=f.get("status") or None,
        kind=f.get("kind") or None,
        country=f.get("country") or None,
        partner_id=f.get("partner") or None,
        unit=f.get("unit"),
        person_id=f.get("person") or None,
        start=f.get("start"),
        end=f.get("end"),
        counted=counted,
        archived=bool(f.get("archived")),
        row=request.GET.get("row") or None,
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.mobilities_xlsx(qs.select_related("agreement")), "mobilities")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    total_days = began = None
    if counted:
        # The drill-down of a figure: each record's days inside the period; their sum is the figure.
        start, end = f["start"], f["end"]
        counted_rows = list(qs.select_related(None).only("start_date", "end_date", "planned_end"))
        total_days = sum(selectors.days_in_period(m, start, end) for m in counted_rows)
        began = sum(selectors.began_in(m, start, end) for m in counted_rows)
        for mobility in page.object_list:
            mobility.period_days = selectors.days_in_period(mobility, start, end)
    access = access_for(request.user)
    return render(
        request,
        page_or_partial(request, "mobility/mobility_list.html"),
        {
            "form": form,
            "page": page,
            "counted": counted,
            "total_days": total_days,
            "began": began,
            "can_edit": access.can_anywhere(MOBILITY_EDIT),
            "can_import": importing.may_use(access, "mobility"),
        },
    )


@record_access
def mobility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = selectors.mobility_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    can_edit = access.can(
        MOBILITY_EDIT,
        institution_id=mobility.institution_id,
        unit_path=mobility.org_unit.path if mobility.org_unit else None,
    )
    return render(
        request,
        "mobility/mobility_detail.html",
        {
            "mobility": mobility,
            "can_edit": can_edit,
            "cancel_form": CancelForm(),
            "history": audit.history_for(mobility, can_see_sensitive=can_edit),
        },
    )


@requires(MOBILITY_EDIT)
def mobility_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    mobility = selectors.mobility_get_for_user(user=request.user, pk=pk, code=MOBILITY_EDIT) if pk else None
    institution = org_selectors.institution_of(request.user)
    units = units_for(request.user, MOBILITY_EDIT)
    form = MobilityForm(request.POST or None, instance=mobility, user=request.user, units=units)

    def save(cleaned: dict[str, Any]) -> Any:
        data = {k: cleaned.get(k) for k in form.Meta.fields}
        if mobility is None:
            return services.mobility_create(institution=institution, data=data, actor=request.user)
        return services.mobility_update(mobility=mobility, data=data, actor=request.user)

    if saved := submitted(
        request, form, save, done=lambda m: _("Mobility %(ref)s saved.") % {"ref": m.reference}
    ):
        return redirect("mobility:detail", pk=saved.value.pk)
    return render(
        request,
        "mobility/mobility_form.html",
        {"form": form, "mobility": mobility},
        status=400 if form.errors else 200,
    )


@record_access
@require_POST
def mobility_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    mobility = selectors.mobility_get_for_user(user=request.user, pk=pk, code=MOBILITY_EDIT)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the mobility is cancelled."))
    else:
        acted(
            request,
            lambda: services.mobility_cancel(
                mobility=mobility, reason=form.cleaned_data["reason"], actor=request.user
            ),
            done=_("The mobility is cancelled."),
        )
    return redirect("mobility:detail", pk=mobility.pk)


@record_access
@require_POST
def mobility_archive(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("archive", "restore"):
        raise Http404
    mobility = selectors.mobility_get_for_user(user=request.user, pk=pk, code=MOBILITY_EDIT)
    acted(
        request,
        lambda: services.mobility_set_archived(
            mobility=mobility, archived=action == "archive", actor=request.user
        ),
        done=_("The mobility is archived.") if action == "archive" else _("The mobility is restored."),
    )
    return redirect("mobility:detail", pk=mobility.pk)


@requires(MOBILITY_VIEW)
@require_POST
def mobility_bulk(request: HttpRequest) -> HttpResponse:
    """The ticked mobilities: export them, or archive them one by one (each through its access function
    and the mobility service, each audited)."""
    back, ids = bulk.selection(request, reverse("mobility:list"), _("Tick the mobilities first."))
    if not ids:
        return redirect(back)
    action = request.POST.get("action")
    if action == "export":
        rows = [
            m
            for archived in (False, True)
            for m in selectors.mobility_list(user=request.user, archived=archived)
            .filter(pk__in=ids)
            .select_related("agreement")
        ]
        return xlsx_response(exports.mobilities_xlsx(rows), "mobilities-selected")
    if action == "archive":
        result = bulk.apply(
            ids,
            read=lambda pk: selectors.mobility_get_for_user(user=request.user, pk=pk, code=MOBILITY_EDIT),
            act=lambda m: services.mobility_set_archived(mobility=m, archived=True, actor=request.user),
            label=lambda m: f"{m.reference} {m.who}",
        )
        bulk.report(request, result, _("archived"))
        return redirect(back)
    raise Http404


def _period(request: HttpRequest) -> tuple[str, int, dt.date, dt.date]:
    kind = kind_of(request.GET.get("period"))
    year = bounds.parse_year(request.GET.get("year"), default_year())
    start, end = period_bounds(kind, year)
    return kind, year, start, end


@requires(FIGURES_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    kind, year, start, end = _period(request)
    units = [u for u in units_for(request.user) if u.kind == OrgUnit.Kind.SECONDARY_COLLEGE]
    unit = None
    if request.GET.get("unit"):
        unit = next((u for u in units if str(u.pk) == request.GET["unit"]), None)
    institution = org_selectors.institution_of(request.user)
    headcount_on = statistical_date(institution, year) if kind == "school" else end
    result = selectors.figures(user=request.user, start=start, end=end, unit=unit, headcount_on=headcount_on)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.figures_xlsx(result), f"mobility-figures-{year}")
    this_year = default_year()
    context: dict[str, Any] = {
        "figures": result,
        "period": kind,
        "year": year,
        "years": list(range(this_year + 1, this_year - 6, -1)),
        "units": units,
        "unit": unit,
        "tables": [
            {
                "key": "type",
                "title": _("By type"),
                "column": _("Type"),
                "param": "type",
                "groups": result.by_type,
            },
            {
                "key": "country",
                "title": _("By country or region"),
                "column": _("Country or region"),
                "param": "country",
                "groups": result.by_country,
            },
            {
                "key": "partner",
                "title": _("By partner"),
                "column": _("Partner"),
                "param": "partner",
                "groups": result.by_partner,
            },
            {
                "key": "unit",
                "title": _("By college"),
                "column": _("College"),
                "param": "unit",
                "groups": result.by_unit,
            },
        ],
    }
    return render(request, "mobility/figures.html", context)
