"""Pages of exchange calls: the calls, applying, the college's review, ranking and nomination."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intercoop.approvals import selectors as approval_selectors
from intercoop.core import audit
from intercoop.core.access import access_for
from intercoop.core.actions import acted, submitted
from intercoop.core.errors import DomainError
from intercoop.core.gates import record_access, requires
from intercoop.mobility.calls import selectors
from intercoop.mobility.calls import services as calls
from intercoop.mobility.calls.forms import ApplicationForm, CallForm
from intercoop.mobility.models import Application
from intercoop.mobility.permissions import CALL_APPLY, CALL_MANAGE, CALL_VIEW
from intercoop.org import selectors as org_selectors
from intercoop.org.models import OrgUnit

A = Application.Status


@requires(CALL_VIEW)
def call_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    call_rows = list(selectors.calls_for(request.user))
    mine = list(selectors.own_applications(request.user))
    today = timezone.localdate()
    for call in call_rows:
        call.is_open = calls.is_open(call, today)
    return render(
        request,
        "mobility/call_list.html",
        {"calls": call_rows, "mine": mine, "can_manage": access.can_institution_wide(CALL_MANAGE)},
    )


@requires(CALL_MANAGE)
def call_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access = access_for(request.user)
    if access.institution_id is None or not access.can_institution_wide(CALL_MANAGE):
        raise Http404
    call = selectors.call_get_for_user(user=request.user, pk=pk, manage=True) if pk else None
    institution = org_selectors.institution_of(request.user)
    units = [
        u for u in org_selectors.units_for_user(access=access) if u.kind == OrgUnit.Kind.SECONDARY_COLLEGE
    ]
    form = CallForm(request.POST or None, instance=call, user=request.user, units=units)

    def save(cleaned: dict[str, Any]) -> Any:
        data = {name: cleaned.get(name) for name in form.Meta.fields}
        places = [calls.Place(partner, n, agreement) for partner, n, agreement in form.places()]
        return calls.call_save(
            institution=institution, data=data, places=places, actor=request.user, call=call
        )

    if saved := submitted(request, form, save, done=_("Saved.")):
        return redirect("mobility:call_detail", pk=saved.value.pk)
    return render(
        request, "mobility/call_form.html", {"form": form, "call": call}, status=400 if form.errors else 200
    )


@record_access
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    can_manage = access.can_institution_wide(CALL_MANAGE)
    places = list(call.places.filter(archived_at__isnull=True).select_related("partner", "agreement"))
    applications = list(
        selectors.applications_for(request.user)
        .filter(call=call)
        .select_related(
            "student", "org_unit", "first_choice__partner", "second_choice__partner", "place__partner"
        )
        .order_by("status", "-score", "id")
    )
    ranked = sorted(
        (a for a in applications if a.status in (A.ELIGIBLE, A.NOMINATED, A.ACCEPTED)),
        key=lambda a: (-(a.score or Decimal(-1)), a.pk),
    )
    for rank, app in enumerate(ranked, start=1):
        app.rank = rank
    today = timezone.localdate()
    own = None
    if access.person_id is not None:
        own = next(
            (a for a in applications if a.student_id == access.person_id and a.status != A.WITHDRAWN), None
        )
    return render(
        request,
        "mobility/call_detail.html",
        {
            "call": call,
            "places": places,
            "applications": applications,
            "can_manage": can_manage,
            "can_apply": access.can_anywhere(CALL_APPLY) and calls.is_open(call, today) and own is None,
            "own": own,
            "is_open": calls.is_open(call, today),
        },
    )


@record_access
@require_POST
def call_status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("open", "closed"):
        raise Http404
    call = selectors.call_get_for_user(user=request.user, pk=pk, manage=True)
    acted(
        request,
        lambda: calls.call_set_status(call=call, status=action, actor=request.user),
        done=_("The call is open for applications.") if action == "open" else _("The call is closed."),
    )
    return redirect("mobility:call_detail", pk=call.pk)


@requires(CALL_APPLY)
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_get_for_user(user=request.user, pk=pk)
    student = getattr(request.user, "person", None)
    if student is None:
        raise Http404
    form = ApplicationForm(request.POST or None, request.FILES or None, call=call)
    if sent := submitted(
        request,
        form,
        lambda cleaned: calls.application_submit(
            call=call,
            student=student,
            data={name: cleaned.get(name) for name in calls.APPLICATION_FIELDS},
            actor=request.user,
            document=cleaned.get("document"),
        ),
        done=_("Your application is sent to your college for review."),
    ):
        return redirect("mobility:application", pk=sent.value.pk)
    return render(
        request,
        "mobility/application_form.html",
        {"form": form, "call": call},
        status=400 if form.errors else 200,
    )


@record_access
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    is_own = access.person_id == app.student_id
    form = None
    if is_own and app.status == A.RETURNED:
        form = ApplicationForm(request.POST or None, instance=app, call=app.call)
        if submitted(
            request,
            form,
            lambda cleaned: calls.application_resubmit(
                app=app,
                data={name: cleaned.get(name) for name in calls.APPLICATION_FIELDS},
                actor=request.user,
            ),
            done=_("Your application is sent to your college for review."),
        ):
            return redirect("mobility:application", pk=app.pk)
    elif request.method == "POST":
        raise Http404
    requests = approval_selectors.requests_of(
        institution_id=app.institution_id, kind=calls.KIND, object_id=app.pk
    )
    for req in requests:
        for step in req.step_list:  # type: ignore[attr-defined]
            step.may_decide = (
                step.status == "pending" and approval_selectors.can_decide(request.user, step)[0]
            )
            step.who = approval_selectors.who(step)
    can_manage = access.can_institution_wide(CALL_MANAGE)
    return render(
        request,
        "mobility/application_detail.html",
        {
            "app": app,
            "requests": requests,
            "is_own": is_own,
            "can_manage": can_manage,
            "can_withdraw": (is_own or can_manage)
            and app.status in (A.IN_REVIEW, A.RETURNED, A.ELIGIBLE, A.NOMINATED),
            "form": form,
            "places": list(app.call.places.filter(archived_at__isnull=True).select_related("partner"))
            if can_manage
            else [],
            "history": audit.history_for(app, can_see_sensitive=can_manage or is_own),
        },
        status=400 if form is not None and form.errors else 200,
    )


@record_access
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    manage = access.can_institution_wide(CALL_MANAGE)
    try:
        if action == "withdraw" and (manage or access.person_id == app.student_id):
            calls.application_withdraw(app=app, actor=request.user)
            messages.success(request, _("The application is withdrawn."))
        elif action == "score" and manage:
            try:
                score = Decimal(request.POST.get("score", ""))
            except InvalidOperation:
                raise calls.CallError(_("A score is between 0 and 100."), field="score") from None
            calls.application_score(app=app, score=score, actor=request.user)
            messages.success(request, _("Score saved."))
        elif action == "nominate" and manage:
            place = selectors.place_of(app.call_id, request.POST.get("place"))
            if place is None:
                raise calls.CallError(_("Choose a partner of this call."), field="place")
            calls.nominate(app=app, place=place, actor=request.user)
            messages.success(
                request, _("Nominated to %(partner)s.") % {"partner": place.partner.display_name}
            )
        elif action in ("accept", "decline") and manage:
            calls.partner_answer(app=app, accepted=action == "accept", actor=request.user)
            messages.success(request, _("The partner's answer is recorded."))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, str(exc))
    target = request.POST.get("next")
    if target == "call":
        return redirect("mobility:call_detail", pk=app.call_id)
    return redirect("mobility:application", pk=app.pk)
