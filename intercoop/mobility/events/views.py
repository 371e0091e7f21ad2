"""Pages of training for foreign trainees and of competitions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intercoop.core import audit, countries, importing
from intercoop.core.access import access_for
from intercoop.core.actions import acted, submitted
from intercoop.core.errors import DomainError
from intercoop.core.forms import add_domain_error
from intercoop.core.gates import record_access, requires
from intercoop.core.htmx import page_or_partial
from intercoop.core.spreadsheets import xlsx_response
from intercoop.mobility.events import exports, selectors
from intercoop.mobility.events import services as events
from intercoop.mobility.events.forms import CompetitionForm, EventFilterForm, TraineesForm, TrainingForm
from intercoop.mobility.models import Competition, TrainingEvent
from intercoop.mobility.permissions import EVENT_VIEW, MOBILITY_EDIT
from intercoop.org import selectors as org_selectors
from intercoop.org.selectors import units_for

MODELS = {"training": TrainingEvent, "competitions": Competition}


get_for_user = selectors.event_get_for_user


def _filtered(request: HttpRequest, model: type[Any]) -> tuple[EventFilterForm, Any, dict[str, Any]]:
    form = EventFilterForm(request.GET or None, units=units_for(request.user))
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.events_of(request.user, model, archived=bool(f.get("archived")))
    if f.get("q"):
        text = f["q"]
        qs = (
            qs.filter(Q(title__icontains=text) | Q(host__icontains=text))
            if model is TrainingEvent
            else qs.filter(
                Q(event__icontains=text) | Q(participants__icontains=text) | Q(award_title__icontains=text)
            )
        )
    if f.get("unit"):
        qs = qs.filter(org_unit__path__startswith=f["unit"].path)
    if f.get("country"):
        qs = qs.filter(country=f["country"])
    return form, qs, f


@requires(EVENT_VIEW)
def training_list(request: HttpRequest) -> HttpResponse:
    form, qs, f = _filtered(request, TrainingEvent)
    start, end = f.get("start") or dt.date(2000, 1, 1), f.get("end") or dt.date(2100, 12, 31)
    rows = events.trainings_in(qs, start, end)
    counted = bool(f.get("start") and f.get("end"))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.trainings_xlsx(rows), "training")
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(
        request,
        page_or_partial(request, "mobility/training_list.html"),
        {
            "form": form,
            "page": page,
            "counted": counted,
            "total_person_days": sum(e.period_person_days for e in rows),
            "can_edit": access_for(request.user).can_anywhere(MOBILITY_EDIT),
            "can_import": importing.may_use(access_for(request.user), "training_trainees"),
        },
    )


@record_access
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_for_user(request.user, TrainingEvent, pk)
    access = access_for(request.user)
    can_edit = access.can(MOBILITY_EDIT, institution_id=event.institution_id, unit_path=event.org_unit.path)
    trainees = list(selectors.trainees_of(event))
    form = TraineesForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            try:
                parsed = _parse_trainees(form.cleaned_data["lines"])
                added, unchanged = events.trainees_add(event=event, trainees=parsed, actor=request.user)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request,
                    _("%(added)s trainees added; %(unchanged)s were listed already.")
                    % {"added": added, "unchanged": unchanged},
                )
                return redirect("mobility:training_detail", pk=event.pk)
    participants = events.participants_of(event, len(trainees))
    return render(
        request,
        "mobility/training_detail.html",
        {
            "event": event,
            "trainees": trainees,
            "participants": participants,
            "person_days": participants * event.days,
            "form": form,
            "can_edit": can_edit,
            "history": audit.history_for(event, can_see_sensitive=can_edit),
        },
        status=400 if form.errors else 200,
    )


def _parse_trainees(text: str) -> list[events.Trainee]:
    result = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("；", ";").split(";")]
        if len(parts) < 2:
            raise events.EventError(
                _("Line %(n)s: write name; nationality; organisation.") % {"n": number}, field="lines"
            )
        if not countries.is_valid(countries.normalise(parts[1])):
            raise events.EventError(
                _("Line %(n)s: unknown country or region code “%(code)s”.") % {"n": number, "code": parts[1]},
                field="lines",
            )
        result.append(events.Trainee(parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    if not result:
        raise events.EventError(_("List at least one trainee."), field="lines")
    return result


@record_access
@require_POST
def trainee_remove(request: HttpRequest, pk: int) -> HttpResponse:
    trainee = selectors.trainee_get_for_user(request.user, pk)
    event = get_for_user(request.user, TrainingEvent, trainee.event_id, MOBILITY_EDIT)
    events.trainee_archive(trainee=trainee, actor=request.user)
    messages.success(request, _("Removed from the list."))
    return redirect("mobility:training_detail", pk=event.pk)


@requires(MOBILITY_EDIT)
def training_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    event = get_for_user(request.user, TrainingEvent, pk, MOBILITY_EDIT) if pk else None
    institution = org_selectors.institution_of(request.user)
    form = TrainingForm(
        request.POST or None,
        instance=event,
        user=request.user,
        units=units_for(request.user, MOBILITY_EDIT),
    )

    def save(cleaned: dict[str, Any]) -> Any:
        data = {name: cleaned.get(name) for name in form.Meta.fields}
        if event is None:
            return events.training_create(institution=institution, data=data, actor=request.user)
        return events.training_update(event=event, data=data, actor=request.user)

    if saved := submitted(request, form, save, done=_("Saved.")):
        return redirect("mobility:training_detail", pk=saved.value.pk)
    return render(
        request,
        "mobility/event_form.html",
        {"form": form, "obj": event, "kind": "training"},
        status=400 if form.errors else 200,
    )


@requires(EVENT_VIEW)
def competition_list(request: HttpRequest) -> HttpResponse:
    form, qs, f = _filtered(request, Competition)
    if f.get("start"):
        qs = qs.filter(held_on__gte=f["start"])
    if f.get("end"):
        qs = qs.filter(held_on__lte=f["end"])
    if f.get("awards"):
        qs = events.awards_in(
            qs, f.get("start") or dt.date(2000, 1, 1), f.get("end") or dt.date(2100, 12, 31)
        )
    qs = qs.select_related("org_unit").order_by("-held_on", "-id")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.competitions_xlsx(qs), "competitions")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        page_or_partial(request, "mobility/competition_list.html"),
        {"form": form, "page": page, "can_edit": access_for(request.user).can_anywhere(MOBILITY_EDIT)},
    )


@record_access
def competition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_for_user(request.user, Competition, pk)
    access = access_for(request.user)
    can_edit = access.can(MOBILITY_EDIT, institution_id=entry.institution_id, unit_path=entry.org_unit.path)
    return render(
        request,
        "mobility/competition_detail.html",
        {
            "entry": entry,
            "can_edit": can_edit,
            "history": audit.history_for(entry, can_see_sensitive=can_edit),
        },
    )


@requires(MOBILITY_EDIT)
def competition_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    entry = get_for_user(request.user, Competition, pk, MOBILITY_EDIT) if pk else None
    institution = org_selectors.institution_of(request.user)
    form = CompetitionForm(
        request.POST or None,
        instance=entry,
        user=request.user,
        units=units_for(request.user, MOBILITY_EDIT),
    )
    if saved := submitted(
        request,
        form,
        lambda cleaned: events.competition_save(
            institution=institution,
            data={name: cleaned.get(name) for name in form.Meta.fields},
            actor=request.user,
            entry=entry,
        ),
        done=_("Saved."),
    ):
        return redirect("mobility:competition_detail", pk=saved.value.pk)
    return render(
        request,
        "mobility/event_form.html",
        {"form": form, "obj": entry, "kind": "competitions"},
        status=400 if form.errors else 200,
    )


@record_access
@require_POST
def event_archive(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    model = MODELS.get(kind)
    if model is None or action not in ("archive", "restore"):
        raise Http404
    obj = get_for_user(request.user, model, pk, MOBILITY_EDIT)
    acted(
        request,
        lambda: events.event_set_archived(obj=obj, archived=action == "archive", actor=request.user),
        done=_("Archived.") if action == "archive" else _("Restored."),
    )
    target = "mobility:training_detail" if model is TrainingEvent else "mobility:competition_detail"
    return redirect(target, pk=obj.pk)
