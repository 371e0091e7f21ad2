"""Pages of the organisation: the unit tree, units and people. Thin: services write, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intercoop.core import audit
from intercoop.core.access import access_for
from intercoop.core.actions import acted, submitted
from intercoop.core.errors import DomainError
from intercoop.core.forms import add_domain_error
from intercoop.core.gates import record_access, requires, signed_in
from intercoop.core.htmx import page_or_partial
from intercoop.org import selectors, services
from intercoop.org.forms import InstitutionSettingsForm, PersonFilterForm, PersonForm, UnitForm
from intercoop.org.models import Person
from intercoop.org.permissions import (
    INSTITUTION_SETTINGS,
    PERSON_CHANGE,
    PERSON_LIST,
    PERSON_VIEW_SENSITIVE,
    UNIT_CHANGE,
    UNIT_VIEW,
)

# -- units -----------------------------------------------------------------------------------------------


@requires(UNIT_VIEW)
def unit_tree(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.can_anywhere(UNIT_VIEW) or access.institution_id is None:
        raise Http404
    show_archived = request.GET.get("archived") == "1"
    units = selectors.units_for_user(access=access, include_archived=show_archived)
    return render(
        request,
        "org/unit_tree.html",
        {
            "units": units,
            "show_archived": show_archived,
            "can_change": access.can_institution_wide(UNIT_CHANGE),
        },
    )


@record_access
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    people = None
    if access.can_anywhere(PERSON_LIST):
        people = selectors.person_list(access=access, unit=unit)[:200]
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "children": selectors.unit_children(unit=unit),
            "people": people,
            "can_change": access.can_institution_wide(UNIT_CHANGE),
            "history": audit.history_for(unit, can_see_sensitive=False),
        },
    )


@requires(UNIT_CHANGE)
def unit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access = access_for(request.user)
    if access.institution_id is None or not access.can_institution_wide(UNIT_CHANGE):
        raise Http404
    unit = selectors.unit_get_for_user(user=request.user, pk=pk, for_write=True) if pk else None
    units = [
        u for u in selectors.units_for_user(access=access) if unit is None or not u.path.startswith(unit.path)
    ]
    initial = {}
    if unit is None and request.GET.get("parent"):
        initial["parent"] = request.GET["parent"]
    form = UnitForm(request.POST or None, instance=unit, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if unit is None:
                institution = selectors.institution_of(request.user)
                unit = services.unit_create(
                    institution=institution, data=form.cleaned_data, actor=request.user
                )
                messages.success(request, _("The unit was created."))
            else:
                unit = services.unit_update(unit=unit, data=form.cleaned_data, actor=request.user)
                messages.success(request, _("The unit was saved."))
            return redirect("org:unit_detail", pk=unit.pk)
        except (DomainError, ValidationError) as exc:
            add_domain_error(form, exc)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@record_access
@require_POST
def unit_archive(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get_for_user(user=request.user, pk=pk, for_write=True)
    restore = bool(request.POST.get("restore"))
    change = services.unit_restore if restore else services.unit_archive
    acted(
        request,
        lambda: change(unit=unit, actor=request.user),
        done=_("The unit was restored.")
        if restore
        else _("The unit was archived. It can be restored at any time."),
    )
    return redirect("org:unit_detail", pk=unit.pk)


# -- people ----------------------------------------------------------------------------------------------


@requires(PERSON_LIST)
def person_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not access.can_anywhere(PERSON_LIST):
        raise Http404
    units = selectors.units_for_user(access=access)
    form = PersonFilterForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.person_list(
        access=access,
        kind=filters.get("kind") or None,
        unit=filters.get("unit"),
        search=filters.get("q") or None,
        archived=bool(filters.get("archived")),
        foreign=bool(filters.get("foreign")),
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    template = page_or_partial(request, "org/person_list.html")
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "can_create": access.can_anywhere(PERSON_CHANGE),
        },
    )


@record_access
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    show_sensitive = selectors.can_see_sensitive(access=access, person=person)
    return render(
        request,
        "org/person_detail.html",
        {
            "person": person,
            "show_sensitive": show_sensitive,
            "can_change": selectors.can_change_person(access=access, person=person),
            "history": audit.history_for(person, can_see_sensitive=show_sensitive),
        },
    )


@signed_in
def my_profile(request: HttpRequest) -> HttpResponse:
    person_id = getattr(request.user, "person_id", None)
    if person_id is None:
        messages.info(
            request, _("Your account is not linked to a person record. Ask your system administrator.")
        )
        return redirect("home:index")
    return redirect("org:person_detail", pk=person_id)


@requires(PERSON_CHANGE)
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access = access_for(request.user)
    if access.institution_id is None or not access.can_anywhere(PERSON_CHANGE):
        raise Http404
    person = selectors.person_get_for_user(user=request.user, pk=pk, for_write=True) if pk else None
    show_sensitive = (
        access.can_institution_wide(PERSON_VIEW_SENSITIVE)
        if person is None
        else (selectors.can_see_sensitive(access=access, person=person))
    )
    units = selectors.units_for_person_form(access=access)
    initial = {"nationality": "CN"} if person is None else {}
    form = PersonForm(
        request.POST or None, instance=person, units=units, show_sensitive=show_sensitive, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = data.get("org_unit")
        if not access.can_institution_wide(PERSON_CHANGE) and unit is None:
            form.add_error("org_unit", _("Choose one of your units."))
        else:
            try:
                if person is None:
                    institution = selectors.institution_of(request.user)
                    person = services.person_create(institution=institution, data=data, actor=request.user)
                    messages.success(request, _("The person was added."))
                else:
                    person = services.person_update(person=person, data=data, actor=request.user)
                    messages.success(request, _("The person was saved."))
                return redirect("org:person_detail", pk=person.pk)
            except (DomainError, ValidationError) as exc:
                add_domain_error(form, exc)
    return render(request, "org/person_form.html", {"form": form, "person": person})


@record_access
@require_POST
def person_archive(request: HttpRequest, pk: int) -> HttpResponse:
    person: Person = selectors.person_get_for_user(user=request.user, pk=pk, for_write=True)
    restore = bool(request.POST.get("restore"))
    change = services.person_restore if restore else services.person_archive
    acted(
        request,
        lambda: change(person=person, actor=request.user),
        done=_("The record was restored.")
        if restore
        else _("The record was archived. It can be restored at any time."),
    )
    return redirect("org:person_detail", pk=person.pk)


@requires(INSTITUTION_SETTINGS)
def institution_settings(request: HttpRequest) -> HttpResponse:
    """The rules and codes that differ between colleges, for the office: each change audited, the
    figures that read it recomputed."""
    access = access_for(request.user)
    if not access.can_institution_wide(INSTITUTION_SETTINGS):
        raise Http404
    institution = selectors.institution_of(request.user)
    form = InstitutionSettingsForm(request.POST or None, institution=institution)
    if submitted(
        request,
        form,
        lambda cleaned: services.institution_settings_save(
            institution=institution, values=cleaned, actor=request.user
        ),
        done=_("The settings were saved."),
    ):
        return redirect("org:institution_settings")
    history = audit.history_for(institution, can_see_sensitive=False)
    return render(
        request,
        "org/institution_settings.html",
        {"form": form, "institution": institution, "history": history},
        status=400 if form.errors else 200,
    )
