"""Pages of the three influence registers (one set of views, described by ``registers.REGISTERS``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intercoop.core import audit
from intercoop.core.access import access_for
from intercoop.core.actions import acted
from intercoop.core.errors import DomainError
from intercoop.core.forms import add_domain_error
from intercoop.core.gates import record_access, requires
from intercoop.core.htmx import page_or_partial
from intercoop.core.spreadsheets import xlsx_response
from intercoop.influence import exports, selectors, services
from intercoop.influence.forms import FORMS, FilterForm
from intercoop.influence.permissions import INFLUENCE_EDIT, INFLUENCE_VIEW
from intercoop.influence.registers import REGISTERS, Register
from intercoop.org import selectors as org_selectors
from intercoop.org.selectors import units_for


def _register(key: str) -> Register:
    register = REGISTERS.get(key)
    if register is None:
        raise Http404
    return register


def _can_edit(user: Any, entry: Any) -> bool:
    return access_for(user).can(
        INFLUENCE_EDIT, institution_id=entry.institution_id, unit_path=entry.org_unit.path
    )


@requires(INFLUENCE_VIEW)
def entry_list(request: HttpRequest, register: str) -> HttpResponse:
    reg = _register(register)
    form = FilterForm(request.GET or None, units=units_for(request.user))
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.entries(
        user=request.user,
        register=reg,
        search=f.get("q"),
        unit=f.get("unit"),
        country=f.get("country"),
        start=f.get("start"),
        end=f.get("end"),
        archived=bool(f.get("archived")),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.workbook(reg, qs), reg.key)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        page_or_partial(request, "influence/entry_list.html"),
        {
            "register": reg,
            "registers": REGISTERS.values(),
            "form": form,
            "page": page,
            "can_edit": access_for(request.user).can_anywhere(INFLUENCE_EDIT),
        },
    )


@record_access
def entry_detail(request: HttpRequest, register: str, pk: int) -> HttpResponse:
    reg = _register(register)
    entry = selectors.get_for_user(user=request.user, register=reg, pk=pk)
    can_edit = _can_edit(request.user, entry)
    return render(
        request,
        "influence/entry_detail.html",
        {
            "register": reg,
            "entry": entry,
            "rows": exports.described(reg, entry),
            "can_edit": can_edit,
            "history": audit.history_for(entry, can_see_sensitive=can_edit),
        },
    )


@requires(INFLUENCE_EDIT)
def entry_edit(request: HttpRequest, register: str, pk: int | None = None) -> HttpResponse:
    reg = _register(register)
    entry = (
        selectors.get_for_user(user=request.user, register=reg, pk=pk, code=INFLUENCE_EDIT) if pk else None
    )
    institution = org_selectors.institution_of(request.user)
    form = FORMS[reg.key](
        request.POST or None,
        request.FILES or None,
        instance=entry,
        user=request.user,
        units=units_for(request.user, INFLUENCE_EDIT),
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name) for name in form._meta.fields or ()}
        try:
            saved = services.save(
                model=reg.model,
                institution=institution,
                data=data,
                actor=request.user,
                entry=entry,
                evidence=form.cleaned_data.get("evidence_file"),
            )
        except DomainError as exc:
            if exc.field == "evidence":
                exc.field = "evidence_file"
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("influence:detail", register=reg.key, pk=saved.pk)
    return render(
        request,
        "influence/entry_form.html",
        {"register": reg, "form": form, "obj": entry},
        status=400 if form.errors else 200,
    )


@record_access
@require_POST
def entry_archive(request: HttpRequest, register: str, pk: int, action: str) -> HttpResponse:
    reg = _register(register)
    if action not in ("archive", "restore"):
        raise Http404
    entry = selectors.get_for_user(user=request.user, register=reg, pk=pk, code=INFLUENCE_EDIT)
    acted(
        request,
        lambda: services.set_entry_archived(entry=entry, archived=action == "archive", actor=request.user),
        done=_("Archived.") if action == "archive" else _("Restored."),
    )
    return redirect("influence:detail", register=reg.key, pk=entry.pk)
