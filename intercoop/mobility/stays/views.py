"""Pages of international students and foreign experts: list, record, one record with its deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from intercoop.core import audit, importing
from intercoop.core.access import access_for
from intercoop.core.actions import acted, submitted
from intercoop.core.gates import record_access, requires
from intercoop.core.htmx import page_or_partial
from intercoop.core.spreadsheets import xlsx_response
from intercoop.mobility.models import ForeignExpert, InternationalStudent
from intercoop.mobility.permissions import STAY_EDIT, STAY_VIEW
from intercoop.mobility.stays import exports, selectors
from intercoop.mobility.stays import services as stays
from intercoop.mobility.stays.forms import ExpertForm, StayFilterForm, StudentForm
from intercoop.org import selectors as org_selectors
from intercoop.org.selectors import units_for


@dataclass(frozen=True)
class StayKind:
    key: str
    model: type
    form: type
    title: Any
    new: Any


KINDS = {
    "students": StayKind(
        "students",
        InternationalStudent,
        StudentForm,
        gettext_lazy("International students"),
        gettext_lazy("Record an international student"),
    ),
    "experts": StayKind(
        "experts",
        ForeignExpert,
        ExpertForm,
        gettext_lazy("Foreign experts and teachers"),
        gettext_lazy("Record a foreign expert or teacher"),
    ),
}


def _kind(key: str) -> StayKind:
    kind = KINDS.get(key)
    if kind is None:
        raise Http404
    return kind


@requires(STAY_VIEW)
def stay_list(request: HttpRequest, kind: str) -> HttpResponse:
    k = _kind(kind)
    form = StayFilterForm(request.GET or None, units=units_for(request.user))
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.stay_list(
        user=request.user,
        model=k.model,
        search=f.get("q") or None,
        status=(f.get("status") or None) if k.model is InternationalStudent else None,
        programme=(f.get("programme") or None) if k.model is InternationalStudent else None,
        unit=f.get("unit"),
        country=f.get("country") or None,
        counted_on=f.get("counted") if k.model is InternationalStudent else None,
        archived=bool(f.get("archived")),
    )
    access = access_for(request.user)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            exports.stays_xlsx(k.model, qs, permits=access.can_institution_wide(selectors.PERMIT_VIEW)),
            k.key,
        )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        page_or_partial(request, "mobility/stay_list.html"),
        {
            "kind": k,
            "form": form,
            "page": page,
            "counted": f.get("counted") if k.model is InternationalStudent else None,
            "can_edit": access.can_anywhere(STAY_EDIT),
            "can_import": importing.may_use(access, "international_students"),
            "today": timezone.localdate(),
        },
    )


@record_access
def stay_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    k = _kind(kind)
    stay = selectors.stay_get_for_user(user=request.user, model=k.model, pk=pk)
    access = access_for(request.user)
    can_edit = access.can(STAY_EDIT, institution_id=stay.institution_id, unit_path=stay.org_unit.path)
    permits = selectors.can_see_permits(access, stay)
    today = timezone.localdate()
    rules = stays.rules_for(stay.institution)
    return render(
        request,
        "mobility/stay_detail.html",
        {
            "kind": k,
            "stay": stay,
            "can_edit": can_edit,
            "permits": permits,
            "deadlines": [(d, d.state(today)) for d in stays.deadlines(stay, rules)],
            "history": audit.history_for(stay, can_see_sensitive=permits),
            "counted": selectors.counts_in_table(stay, today) if k.model is InternationalStudent else None,
        },
    )


@requires(STAY_EDIT)
def stay_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    k = _kind(kind)
    stay = (
        selectors.stay_get_for_user(user=request.user, model=k.model, pk=pk, code=STAY_EDIT) if pk else None
    )
    institution = org_selectors.institution_of(request.user)
    units = units_for(request.user, STAY_EDIT)
    form = k.form(request.POST or None, instance=stay, user=request.user, units=units)

    def save(cleaned: dict[str, Any]) -> Any:
        data = {name: cleaned.get(name) for name in form.Meta.fields}
        if stay is None:
            return stays.stay_create(model=k.model, institution=institution, data=data, actor=request.user)
        return stays.stay_update(stay=stay, data=data, actor=request.user)

    if saved := submitted(request, form, save, done=_("Saved.")):
        return redirect("mobility:stay_detail", kind=k.key, pk=saved.value.pk)
    return render(
        request,
        "mobility/stay_form.html",
        {"kind": k, "form": form, "stay": stay},
        status=400 if form.errors else 200,
    )


@record_access
@require_POST
def stay_archive(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    k = _kind(kind)
    if action not in ("archive", "restore"):
        raise Http404
    stay = selectors.stay_get_for_user(user=request.user, model=k.model, pk=pk, code=STAY_EDIT)
    acted(
        request,
        lambda: stays.stay_set_archived(stay=stay, archived=action == "archive", actor=request.user),
        done=_("Archived.") if action == "archive" else _("Restored."),
    )
    return redirect("mobility:stay_detail", kind=k.key, pk=stay.pk)
