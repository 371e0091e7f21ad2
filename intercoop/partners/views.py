"""Pages of the partner directory."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intercoop.core import audit, bulk, countries, importing, panels
from intercoop.core.access import access_for
from intercoop.core.actions import acted, submitted
from intercoop.core.errors import DomainError
from intercoop.core.forms import add_domain_error
from intercoop.core.gates import record_access, requires
from intercoop.core.htmx import page_or_partial
from intercoop.core.spreadsheets import xlsx_response
from intercoop.org.selectors import institution_of
from intercoop.partners import exports, selectors, services
from intercoop.partners.forms import ContactForm, MergeForm, PartnerFilterForm, PartnerForm
from intercoop.partners.permissions import PARTNER_CHANGE, PARTNER_VIEW


@requires(PARTNER_VIEW)
def partner_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    form = PartnerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.partner_list(
        access=access,
        search=filters.get("q") or None,
        kind=filters.get("kind") or None,
        country=filters.get("country") or None,
        belt_and_road=bool(filters.get("belt_and_road")),
        archived=bool(filters.get("archived")),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.partners_xlsx(qs), "partners")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        page_or_partial(request, "partners/partner_list.html"),
        {
            "form": form,
            "page": page,
            "can_change": selectors.may_change(access),
            "can_import": importing.may_use(access, "partners"),
        },
    )


@requires(PARTNER_VIEW)
@require_POST
def partner_bulk(request: HttpRequest) -> HttpResponse:
    """The ticked partners: export them, or archive them one by one (each through its access function and
    the archiving service, each audited)."""
    access = access_for(request.user)
    back, ids = bulk.selection(request, reverse("partners:list"), _("Tick the partners first."))
    if not ids:
        return redirect(back)
    action = request.POST.get("action")
    if action == "export":
        chosen = [
            p
            for archived in (False, True)
            for p in selectors.partner_list(access=access, archived=archived).filter(pk__in=ids)
        ]
        return xlsx_response(exports.partners_xlsx(sorted(chosen, key=lambda p: p.name)), "partners-selected")
    if action == "archive":
        result = bulk.apply(
            ids,
            read=lambda pk: selectors.partner_get_for_user(user=request.user, pk=pk, for_write=True),
            act=lambda partner: services.partner_archive(partner=partner, actor=request.user),
            label=lambda partner: partner.display_name,
        )
        bulk.report(request, result, _("archived"))
        return redirect(back)
    raise Http404


@record_access
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = selectors.partner_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "country_name": countries.name(partner.country),
            "contacts": selectors.contacts_of(partner=partner),
            "contact_form": ContactForm(),
            "can_change": selectors.may_change(access),
            "can_merge": selectors.may_merge(access),
            "similar": services.similar_partners(institution_id=partner.institution_id, partner=partner)
            if not partner.is_archived
            else [],
            "panels": panels.render(partner, request),
            "history": audit.history_for(partner, can_see_sensitive=True),
        },
    )


@requires(PARTNER_CHANGE)
def partner_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    partner = selectors.partner_get_for_user(user=request.user, pk=pk, for_write=True) if pk else None
    initial: dict[str, Any] = {}
    if partner is None and request.GET.get("reference"):
        initial = services.reference_to_data(selectors.reference_get(request.GET["reference"]))
    form = PartnerForm(request.POST or None, instance=partner, initial=initial)
    candidates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if partner is None:
                partner = services.partner_create(
                    institution=institution_of(request.user),
                    data=data,
                    actor=request.user,
                    confirm_not_duplicate=bool(data.get("confirm_not_duplicate")),
                )
                messages.success(request, _("The partner was added."))
            else:
                partner = services.partner_update(partner=partner, data=data, actor=request.user)
                messages.success(request, _("The partner was saved."))
            return redirect("partners:detail", pk=partner.pk)
        except services.DuplicateSuspected as exc:
            candidates = exc.candidates
            add_domain_error(form, exc)
        except DomainError as exc:
            add_domain_error(form, exc)
    return render(
        request, "partners/partner_form.html", {"form": form, "partner": partner, "candidates": candidates}
    )


@record_access
@require_POST
def partner_archive(request: HttpRequest, pk: int) -> HttpResponse:
    partner = selectors.partner_get_for_user(user=request.user, pk=pk, for_write=True)
    restore = bool(request.POST.get("restore"))
    change = services.partner_restore if restore else services.partner_archive
    acted(
        request,
        lambda: change(partner=partner, actor=request.user),
        done=_("The partner was restored.")
        if restore
        else _("The partner was archived. It can be restored at any time."),
    )
    return redirect("partners:detail", pk=partner.pk)


@record_access
@require_POST
def partner_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the duplicate named in the form (``source``) into this partner, which is kept."""
    if not selectors.may_merge(access_for(request.user)):
        raise Http404
    target = selectors.partner_get_for_user(user=request.user, pk=pk, for_write=True)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number (#) of the duplicate partner."))
        return redirect("partners:detail", pk=target.pk)
    source = selectors.partner_get_for_user(user=request.user, pk=form.cleaned_data["source"], for_write=True)
    acted(
        request,
        lambda: services.partner_merge(source=source, target=target, actor=request.user),
        done=_("%(source)s was merged into this partner; its records now point here.")
        % {"source": source.display_name},
    )
    return redirect("partners:detail", pk=target.pk)


@requires(PARTNER_CHANGE)
def reference_search(request: HttpRequest) -> HttpResponse:
    """Search the public reference lists to add a partner without typing it."""
    query = request.GET.get("q", "")
    country = request.GET.get("country", "")
    results = selectors.reference_search(search=query, country=country or None)
    return render(
        request,
        page_or_partial(request, "partners/reference_search.html"),
        {
            "q": query,
            "country": country,
            "results": results,
            "countries": countries.choices(),
        },
    )


@record_access
def contact_edit(request: HttpRequest, pk: int, contact_pk: int | None = None) -> HttpResponse:
    partner = selectors.partner_get_for_user(user=request.user, pk=pk, for_write=True)
    contact = (
        selectors.contact_get_for_user(user=request.user, partner=partner, pk=contact_pk)
        if contact_pk
        else None
    )
    form = ContactForm(request.POST or None, instance=contact)
    if contact is None:
        saved = submitted(
            request,
            form,
            lambda data: services.contact_create(partner=partner, data=data, actor=request.user),
            done=_("The contact was added."),
        )
    else:
        saved = submitted(
            request,
            form,
            lambda data: services.contact_update(contact=contact, data=data, actor=request.user),
            done=_("The contact was saved."),
        )
    if saved:
        return redirect("partners:detail", pk=partner.pk)
    return render(
        request, "partners/contact_form.html", {"form": form, "partner": partner, "contact": contact}
    )


@record_access
@require_POST
def contact_archive(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    partner = selectors.partner_get_for_user(user=request.user, pk=pk, for_write=True)
    contact = selectors.contact_get_for_user(user=request.user, partner=partner, pk=contact_pk)
    acted(
        request,
        lambda: services.contact_archive(contact=contact, actor=request.user),
        done=_("The contact was archived."),
    )
    return redirect("partners:detail", pk=partner.pk)
