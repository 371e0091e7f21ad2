"""Pages of official travel: trips and every step of their flow, annual plans, figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from intercoop.approvals import selectors as approval_selectors
from intercoop.attachments import services as attachment_services
from intercoop.attachments.forms import AttachmentForm
from intercoop.core import audit, bounds, currencies, importing
from intercoop.core.access import access_for
from intercoop.core.actions import acted, submitted
from intercoop.core.errors import DomainError
from intercoop.core.gates import record_access, requires
from intercoop.core.htmx import page_or_partial
from intercoop.core.periods import default_year, kind_of, period_bounds
from intercoop.core.spreadsheets import xlsx_response
from intercoop.core.workdays import calendar_for
from intercoop.org import selectors as org_selectors
from intercoop.org.models import OrgUnit
from intercoop.travel import documents, exports, selectors, services
from intercoop.travel.config import settings_for
from intercoop.travel.forms import (
    CancelForm,
    ObjectionForm,
    PassportForm,
    PastTripForm,
    PlanLineForm,
    ReportForm,
    ResolveForm,
    ReturnForm,
    TripFilterForm,
    TripForm,
)
from intercoop.travel.models import (
    AnnualPlan,
    Objection,
    PassportLoan,
    TravelDocument,
    Trip,
    TripDocumentKind,
)
from intercoop.travel.permissions import (
    FIGURES_VIEW,
    PLAN_APPROVE,
    PLAN_EDIT,
    TRIP_APPLY,
    TRIP_MANAGE,
    TRIP_SETTLE,
    TRIP_VIEW,
)

S = Trip.Status


def _units(request: HttpRequest) -> list[OrgUnit]:
    return org_selectors.unit_choices(request.user, kinds=selectors.TRIP_UNIT_KINDS)


# -- trips ---------------------------------------------------------------------------------------------


@requires(TRIP_VIEW)
def trip_list(request: HttpRequest) -> HttpResponse:
    form = TripFilterForm(request.GET or None, units=_units(request))
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.trip_list(
        user=request.user,
        search=f.get("q") or None,
        status=f.get("status") or None,
        purpose=f.get("purpose") or None,
        unit=f.get("unit"),
        country=f.get("country") or None,
        person_id=f.get("person") or None,
        start=f.get("start"),
        end=f.get("end"),
    )
    if request.GET.get("due") == "reports":
        qs = qs.filter(status=S.APPROVED, return_on__lt=timezone.localdate())
    counted = request.GET.get("counted") == "1" and f.get("start") and f.get("end")
    if counted:
        qs = qs.filter(status__in=selectors.COUNTED, departure__lte=timezone.localdate())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.trips_xlsx(selectors.attach_countries(list(qs))), "trips")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    selectors.attach_countries(list(page.object_list))
    total = None
    if counted:
        # The drill-down of a figure: each trip's days inside the period, and their sum, which is the figure.
        per_person = bool(f.get("person"))
        total = 0
        for trip in qs:
            total += selectors.days_within(trip.departure, trip.return_on, f["start"], f["end"]) * (
                1 if per_person else trip.member_count  # type: ignore[attr-defined]
            )
        for trip in page.object_list:
            days = selectors.days_within(trip.departure, trip.return_on, f["start"], f["end"])
            trip.period_days = days
            trip.period_person_days = days * (1 if per_person else trip.member_count)
    return render(
        request,
        page_or_partial(request, "travel/trip_list.html"),
        {
            "form": form,
            "page": page,
            "counted": counted,
            "total_person_days": total,
            "can_apply": access_for(request.user).can_anywhere(TRIP_APPLY),
            "can_record_past": selectors.may_record_past(request.user),
            "can_import": importing.may_use(access_for(request.user), "past_trips"),
        },
    )


@requires(TRIP_APPLY)
def trip_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    institution = org_selectors.institution_of(request.user)
    trip = selectors.trip_get_for_user(user=request.user, pk=pk, code=TRIP_APPLY) if pk else None
    if trip is not None and services.record_correctable(trip):
        return redirect("travel:edit_past", pk=trip.pk)
    if trip is not None and not services.application_editable(trip):
        messages.error(
            request, _("A trip that is %(status)s cannot be edited.") % {"status": trip.get_status_display()}
        )
        return redirect("travel:detail", pk=trip.pk)
    person = getattr(request.user, "person", None)
    initial: dict[str, Any] = {}
    if trip is None and person is not None:
        initial = {"applicant": person, "members": [person], "leader": person, "org_unit": person.org_unit}
    form = TripForm(request.POST or None, instance=trip, initial=initial, user=request.user)

    def save(cleaned: dict[str, Any]) -> Trip:
        kwargs = form.service_kwargs(request.user)
        if trip is None:
            created = services.trip_create(institution=institution, **kwargs)
            messages.success(
                request, _("The application was drafted as %(number)s.") % {"number": created.number}
            )
            return created
        was = trip.status
        updated = services.trip_update(trip=trip, **kwargs)
        updated.refresh_from_db()
        if was in services.CHANGEABLE_AFTER_APPROVAL and updated.status == S.IN_APPROVAL:
            messages.warning(request, _("The approved trip changed, so it went back through approval."))
        else:
            messages.success(request, _("The application was saved."))
        return updated

    if saved := submitted(request, form, save):
        return redirect("travel:detail", pk=saved.value.pk)
    conf = settings_for(institution)
    return render(
        request,
        "travel/trip_form.html",
        {
            "form": form,
            "trip": trip,
            "conf": conf,
            "after_approval": trip is not None and trip.status in services.CHANGEABLE_AFTER_APPROVAL,
        },
        status=400 if form.errors else 200,
    )


@requires(TRIP_MANAGE)
def past_trip_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The office records a trip that took place before it was in the system, or corrects that record."""
    if not selectors.may_record_past(request.user):
        raise Http404
    institution = org_selectors.institution_of(request.user)
    trip = _managed(request, pk) if pk else None
    if trip is not None and not services.record_correctable(trip):
        raise Http404
    form = PastTripForm(request.POST or None, instance=trip, user=request.user)

    def save(cleaned: dict[str, Any]) -> Trip:
        kwargs = form.service_kwargs(request.user)
        if trip is None:
            created = services.trip_record_past(institution=institution, **kwargs)
            messages.success(
                request, _("The past trip was recorded as %(number)s.") % {"number": created.number}
            )
            return created
        updated = services.trip_update_past(trip=trip, **kwargs)
        messages.success(request, _("The record of the trip was corrected."))
        return updated

    if saved := submitted(request, form, save):
        return redirect("travel:detail", pk=saved.value.pk)
    return render(
        request,
        "travel/trip_form.html",
        {"form": form, "trip": trip, "conf": settings_for(institution), "past": True},
        status=400 if form.errors else 200,
    )


@record_access
def trip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    trip = selectors.trip_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    can_apply = selectors.may(request.user, trip, TRIP_APPLY)
    can_manage = access.can(TRIP_MANAGE, institution_id=trip.institution_id)
    can_settle = access.can(TRIP_SETTLE, institution_id=trip.institution_id)
    today = timezone.localdate()
    members = list(selectors.members_of(trip))
    passports = list(selectors.passports_of(trip))
    destinations = list(selectors.destinations_of(trip))
    places = [d.country for d in destinations]
    needed = selectors.documents_needed(places)
    lent = {(p.person_id, p.document) for p in passports}
    report = getattr(trip, "report", None) if trip.status in (S.REPORTED, S.SETTLED) else None
    settlement = getattr(trip, "settlement", None) if trip.status == S.SETTLED else None
    budget = list(selectors.budget_of(trip))
    requests = approval_selectors.requests_of(
        institution_id=trip.institution_id, kind=selectors.KIND, object_id=trip.pk
    )
    for req in requests:
        for step in req.step_list:  # type: ignore[attr-defined]
            step.may_decide = (
                step.status == "pending" and approval_selectors.can_decide(request.user, step)[0]
            )
            step.who = approval_selectors.who(step)
    cal = calendar_for(trip.institution)
    return render(
        request,
        "travel/trip_detail.html",
        {
            "trip": trip,
            "members": members,
            "destinations": destinations,
            "scope_label": selectors.scope_label(places),
            "needed_documents": [(d, TravelDocument(d).label) for d in needed],
            "budget": budget,
            "budget_total": sum((b.amount for b in budget), Decimal(0)),
            "documents": selectors.documents_of(trip),
            "objections": selectors.objections_of(trip),
            "passports": passports,
            "report": report,
            "report_links": list(report.links.select_related("partner", "agreement")) if report else [],
            "report_due": selectors.report_due_on(trip)
            if trip.status == S.APPROVED and not trip.recorded_afterwards
            else None,
            "settlement": settlement,
            "requests": requests,
            "can_edit": can_apply and services.application_editable(trip),
            "can_correct_record": services.record_correctable(trip)
            and selectors.may_record_past(request.user),
            "can_submit": can_apply and trip.status in services.EDITABLE,
            "can_cancel": (can_apply or can_manage) and trip.status in services.CANCELLABLE,
            "can_upload": can_apply or can_manage,
            "can_manage": can_manage,
            "can_issue": can_manage
            and trip.status == S.NOTICE
            and trip.notice_ends_on is not None
            and today > trip.notice_ends_on,
            "can_report": can_apply
            and trip.status == S.APPROVED
            and not trip.recorded_afterwards
            and today > trip.return_on,
            "can_correct_dates": can_manage
            and trip.status in services.CORRECTABLE_AFTER_RETURN
            and today > trip.return_on,
            "can_settle": can_settle
            and trip.status in services.settleable_statuses(trip)
            and today > trip.return_on,
            "unlent": [m for m in members if any((m.person_id, d) not in lent for d in needed)]
            if trip.status == S.APPROVED and not trip.recorded_afterwards
            else [],
            "calendar_known": cal.covered(trip.departure.year),
            "document_form": _document_form(trip),
            "objection_form": ObjectionForm(initial={"received_on": today}),
            "resolve_form": ResolveForm(),
            "return_form": ReturnForm(initial={"returned_on": today}),
            "report_form": ReportForm(user=request.user),
            "cancel_form": CancelForm(),
            "today_date": today,
            "history": audit.history_for(trip, can_see_sensitive=False),
        },
    )


def _act(request: HttpRequest, trip: Trip, action: Any, success: str) -> HttpResponse:
    acted(request, action, done=success)
    return redirect("travel:detail", pk=trip.pk)


@record_access
@require_POST
def trip_submit(request: HttpRequest, pk: int) -> HttpResponse:
    trip = selectors.trip_get_for_user(user=request.user, pk=pk, code=TRIP_APPLY)
    return _act(
        request,
        trip,
        lambda: services.trip_submit(trip=trip, actor=request.user),
        _("The application was submitted for approval."),
    )


@record_access
@require_POST
def trip_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    trip = selectors.trip_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    if not (
        selectors.may(request.user, trip, TRIP_APPLY)
        or access.can(TRIP_MANAGE, institution_id=trip.institution_id)
    ):
        raise Http404
    form = CancelForm(request.POST)
    reason = form.data.get("reason", "")
    return _act(
        request,
        trip,
        lambda: services.trip_cancel(trip=trip, reason=str(reason), actor=request.user),
        _("The trip was cancelled."),
    )


@record_access
@require_POST
def trip_correct_dates(request: HttpRequest, pk: int) -> HttpResponse:
    """The dates the delegation really travelled, after its return (office): an audited correction."""
    trip = _managed(request, pk)
    departure, return_on = _date(request.POST.get("departure")), _date(request.POST.get("return_on"))
    if departure is None or return_on is None:
        messages.error(request, _("Give both dates, as 2026-09-01."))
        return redirect("travel:detail", pk=trip.pk)
    return _act(
        request,
        trip,
        lambda: services.trip_correct_dates(
            trip=trip,
            departure=departure,
            return_on=return_on,
            reason=str(request.POST.get("reason", "")),
            actor=request.user,
        ),
        _("The dates were corrected."),
    )


def _date(raw: Any) -> dt.date | None:
    try:
        return parse_date(str(raw or ""))
    except ValueError:
        return None


def _managed(request: HttpRequest, pk: int) -> Trip:
    trip = selectors.trip_get_for_user(user=request.user, pk=pk)
    if not access_for(request.user).can(TRIP_MANAGE, institution_id=trip.institution_id):
        raise Http404
    return trip


def _document_form(trip: Trip, *args: Any) -> AttachmentForm:
    """A trip's upload form: a receipt may name the budget line it is about (the settlement's evidence),
    among this trip's lines only, as on the API."""
    return AttachmentForm(
        *args,
        kinds=TripDocumentKind.choices,
        parts=selectors.budget_of(trip),
        part_label=gettext_lazy("budget line"),
    )


@record_access
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Who may attach is the service's rule (``travel.selectors.may_attach``)."""
    trip = selectors.trip_get_for_user(user=request.user, pk=pk)
    form = _document_form(trip, request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("travel:detail", pk=trip.pk)
    return _act(
        request,
        trip,
        lambda: attachment_services.attach(
            owner=trip,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            part=form.cleaned_data.get("part"),
            actor=request.user,
        ),
        _("The document was uploaded."),
    )


@record_access
@require_POST
def objection_create(request: HttpRequest, pk: int) -> HttpResponse:
    trip = _managed(request, pk)
    form = ObjectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("travel:detail", pk=trip.pk)
    return _act(
        request,
        trip,
        lambda: services.objection_record(trip=trip, data=form.cleaned_data, actor=request.user),
        _("The objection was recorded."),
    )


@record_access
@require_POST
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = selectors.trip_child_get_for_user(user=request.user, model=Objection, pk=pk)
    trip = _managed(request, objection.trip_id)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the outcome and say how the objection was resolved."))
        return redirect("travel:detail", pk=trip.pk)
    return _act(
        request,
        trip,
        lambda: services.objection_resolve(
            objection=objection,
            outcome=form.cleaned_data["outcome"],
            resolution=form.cleaned_data["resolution"],
            actor=request.user,
        ),
        _("The objection was resolved."),
    )


@record_access
@require_POST
def mission_issue(request: HttpRequest, pk: int) -> HttpResponse:
    trip = _managed(request, pk)
    return _act(
        request,
        trip,
        lambda: services.mission_issue(trip=trip, actor=request.user),
        _("The mission approval was issued."),
    )


@record_access
def mission_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    trip = selectors.trip_get_for_user(user=request.user, pk=pk)
    if not trip.mission_number:
        raise Http404
    if fmt == "docx":
        data, content_type = documents.mission_docx(trip), documents.DOCX
    elif fmt == "pdf":
        data, content_type = documents.mission_pdf(trip), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{trip.mission_number}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@record_access
def notice_document(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The public notice (公示) to post: delegation, purpose, destinations, dates, budget, where to object."""
    trip = selectors.trip_get_for_user(user=request.user, pk=pk)
    if trip.notice_starts_on is None:
        raise Http404
    if fmt == "docx":
        data, content_type = documents.notice_docx(trip), documents.DOCX
    elif fmt == "pdf":
        data, content_type = documents.notice_pdf(trip), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{trip.number}-notice.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@record_access
@require_POST
def passport_issue(request: HttpRequest, pk: int) -> HttpResponse:
    trip = _managed(request, pk)
    form = PassportForm(request.POST, people=selectors.member_people(trip))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("travel:detail", pk=trip.pk)
    return _act(
        request,
        trip,
        lambda: services.passport_issue(
            trip=trip,
            person=form.cleaned_data["person"],
            issued_on=form.cleaned_data["issued_on"],
            document=form.cleaned_data["document"] or TravelDocument.PASSPORT,
            actor=request.user,
        ),
        _("The document was handed out."),
    )


@record_access
@require_POST
def passport_return(request: HttpRequest, pk: int) -> HttpResponse:
    loan = selectors.trip_child_get_for_user(user=request.user, model=PassportLoan, pk=pk)
    trip = _managed(request, loan.trip_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the document came back."))
        return redirect("travel:detail", pk=trip.pk)
    return _act(
        request,
        trip,
        lambda: services.passport_return(
            loan=loan, returned_on=form.cleaned_data["returned_on"], actor=request.user
        ),
        _("The document is back."),
    )


@record_access
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    trip = selectors.trip_get_for_user(user=request.user, pk=pk, code=TRIP_APPLY)
    form = ReportForm(request.POST or None, request.FILES or None, user=request.user)

    def save(cleaned: dict[str, Any]) -> Any:
        return services.report_submit(
            trip=trip,
            text=cleaned["text"],
            outcomes=cleaned.get("outcomes") or "",
            partners=list(cleaned["partners"]),
            agreements=list(cleaned["agreements"]),
            upload=cleaned.get("file"),
            actor=request.user,
        )

    if submitted(request, form, save, done=_("The trip report was filed.")):
        return redirect("travel:detail", pk=trip.pk)
    return render(
        request, "travel/report_form.html", {"form": form, "trip": trip, "due": selectors.report_due_on(trip)}
    )


@record_access
def settle(request: HttpRequest, pk: int) -> HttpResponse:
    trip = selectors.trip_get_for_user(user=request.user, pk=pk)
    if not access_for(request.user).can(TRIP_SETTLE, institution_id=trip.institution_id):
        raise Http404
    lines = list(selectors.budget_of(trip))
    errors: list[str] = []
    entered: dict[int, dict[str, str]] = {}
    note = ""
    if request.method == "POST":
        note = request.POST.get("note", "")
        actuals: dict[int, services.Actual] = {}
        for line in lines:
            raw = {
                k: (request.POST.get(f"{k}_{line.pk}") or "").strip() for k in ("amount", "currency", "rate")
            }
            entered[line.pk] = raw
            if not raw["amount"]:
                continue  # the service names the line that lacks its amount
            amount, rate = _decimal(raw["amount"]), _decimal(raw["rate"]) if raw["rate"] else None
            if amount is None or (raw["rate"] and rate is None):
                bad = raw["amount"] if amount is None else raw["rate"]
                errors.append(
                    _("%(item)s: “%(value)s” is not a number.")
                    % {"item": line.get_item_display(), "value": bad}
                )
                continue
            actuals[line.pk] = services.Actual(amount, raw["currency"] or currencies.HOME, rate)
        receipts = {line.pk: request.FILES.getlist(f"receipts_{line.pk}") for line in lines}
        if not errors:
            try:
                services.settle(
                    trip=trip,
                    actuals=actuals,
                    receipts={k: v for k, v in receipts.items() if v},
                    note=note,
                    actor=request.user,
                )
                messages.success(request, _("The expenses were settled."))
                return redirect("travel:detail", pk=trip.pk)
            except DomainError as exc:
                errors.append(str(exc))
    kept = selectors.receipts_by_line(trip)
    for line in lines:
        line.entered = entered.get(line.pk, {"amount": "", "currency": currencies.HOME, "rate": ""})  # type: ignore[attr-defined]
        line.receipts = kept.get(line.pk, [])  # type: ignore[attr-defined]
    countries = [d.country for d in trip.destinations.filter(archived_at__isnull=True)]
    return render(
        request,
        "travel/settle_form.html",
        {
            "trip": trip,
            "lines": lines,
            "errors": errors,
            "note": note,
            "currencies": currencies.choices(countries),
        },
        status=400 if errors else 200,
    )


def _decimal(raw: str) -> Decimal | None:
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


# -- plans ---------------------------------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    return bounds.parse_year(
        request.GET.get("year") or request.POST.get("year"), timezone.localdate().year + 1
    )


@requires(PLAN_EDIT)
def plan_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    access = access_for(request.user)
    institution = org_selectors.institution_of(request.user)
    plans = list(selectors.plans_for_year(user=request.user, year=year))
    if request.GET.get("format") == "xlsx":
        if not access.can_institution_wide(PLAN_APPROVE):
            raise Http404
        return xlsx_response(
            exports.plan_xlsx(
                selectors.approved_plan_lines(institution_id=institution.pk, year=year), plans, year
            ),
            f"travel-plan-{year}",
        )
    have = {p.org_unit_id for p in plans}
    colleges = [
        u
        for u in _units(request)
        if u.kind == OrgUnit.Kind.SECONDARY_COLLEGE
        and u.pk not in have
        and (
            access.can_institution_wide(PLAN_EDIT)
            or any(u.path.startswith(p) for p in access.unit_paths(PLAN_EDIT))
        )
    ]
    conf = settings_for(institution)
    return render(
        request,
        "travel/plan_list.html",
        {
            "year": year,
            "years": range(timezone.localdate().year - 3, timezone.localdate().year + 2),
            "plans": plans,
            "colleges": colleges,
            "deadline": conf.plan_deadline_for(year),
            "can_approve": access.can_institution_wide(PLAN_APPROVE),
        },
    )


@requires(PLAN_EDIT)
@require_POST
def plan_open(request: HttpRequest) -> HttpResponse:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=request.POST.get("unit"))
    access = access_for(request.user)
    if not access.can(PLAN_EDIT, unit_path=unit.path):
        raise Http404
    institution = org_selectors.institution_of(request.user)
    opened = acted(
        request,
        lambda: services.plan_open(
            institution=institution, unit=unit, year=_year(request), actor=request.user
        ),
    )
    if opened is None:
        return redirect(reverse("travel:plans") + f"?year={_year(request)}")
    return redirect("travel:plan", pk=opened.value.pk)


@record_access
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    can_edit = access.can(PLAN_EDIT, unit_path=plan.org_unit.path) and plan.status in (
        AnnualPlan.Status.DRAFT,
        AnnualPlan.Status.RETURNED,
    )
    line = None
    if request.GET.get("line"):
        line = selectors.plan_lines(plan).filter(pk=request.GET["line"]).first()
    form = PlanLineForm(request.POST or None, instance=line, user=request.user)
    if request.method == "POST" and not can_edit:
        raise Http404
    if submitted(
        request,
        form,
        lambda data: services.plan_line_save(plan=plan, line=line, data=data, actor=request.user),
        done=_("The planned trip was saved."),
    ):
        return redirect("travel:plan", pk=plan.pk)
    lines = list(selectors.plan_lines(plan).prefetch_related("trips"))
    conf = settings_for(plan.institution)
    return render(
        request,
        "travel/plan_detail.html",
        {
            "plan": plan,
            "lines": lines,
            "form": form,
            "editing": line,
            "can_edit": can_edit,
            "can_approve": access.can_institution_wide(PLAN_APPROVE)
            and plan.status == AnnualPlan.Status.SUBMITTED,
            "deadline": conf.plan_deadline_for(plan.year),
            "totals": {
                "people": sum(x.people for x in lines),
                "person_days": sum(x.people * x.days for x in lines),
                "budget": sum((x.budget for x in lines), Decimal(0)),
            },
            "history": audit.history_for(plan, can_see_sensitive=False),
        },
    )


@record_access
@require_POST
def plan_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    if action == "submit" and access.can(PLAN_EDIT, unit_path=plan.org_unit.path):
        acted(
            request,
            lambda: services.plan_submit(plan=plan, actor=request.user),
            done=_("The plan was submitted to the international office."),
        )
    elif action in ("approve", "return") and access.can_institution_wide(PLAN_APPROVE):
        note = request.POST.get("note", "")
        acted(
            request,
            lambda: services.plan_decide(
                plan=plan, approve=action == "approve", note=note, actor=request.user
            ),
            done=_("Done."),
        )
    elif action == "archive_line" and access.can(PLAN_EDIT, unit_path=plan.org_unit.path):
        line = selectors.plan_lines(plan).filter(pk=request.POST.get("line")).first()
        if line is None:
            raise Http404
        acted(
            request,
            lambda: services.plan_line_archive(line=line, actor=request.user),
            done=_("The planned trip was removed."),
        )
    else:
        raise Http404
    return redirect("travel:plan", pk=plan.pk)


# -- figures -------------------------------------------------------------------------------------------


@requires(FIGURES_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    institution = org_selectors.institution_of(request.user)
    kind = kind_of(request.GET.get("period"))
    year = bounds.parse_year(request.GET.get("year"), default_year())
    start, end = period_bounds(kind, year)
    unit = None
    if request.GET.get("unit"):
        unit = org_selectors.unit_get_for_user(user=request.user, pk=request.GET["unit"])
    fig = selectors.figures(user=request.user, institution=institution, start=start, end=end, unit=unit)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(exports.figures_xlsx(fig), f"travel-figures-{year}")
    base = {"start": start.isoformat(), "end": end.isoformat()}
    return render(
        request,
        "travel/figures.html",
        {
            "fig": fig,
            "kind": kind,
            "year": year,
            "years": list(range(default_year() + 1, default_year() - 6, -1)),
            "unit": unit,
            "units": [u for u in _units(request) if u.kind == OrgUnit.Kind.SECONDARY_COLLEGE],
            "base": base,
            "list_url": reverse("travel:list"),
        },
    )
