"""API of mobility: the register (list, read, record, correct, cancel) and the figures."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from intercoop.core.access import access_for, require_anywhere
from intercoop.core.apitypes import Id, Pagination
from intercoop.mobility.calls import selectors
from intercoop.mobility.calls import services as calls
from intercoop.mobility.models import (
    Application,
    CallPlace,
    ExchangeCall,
)
from intercoop.mobility.permissions import (
    CALL_APPLY,
    CALL_MANAGE,
    CALL_VIEW,
)

router = Router(tags=["mobility"])


# -- exchange calls ---------------------------------------------------------------------------------------


class PlaceOut(Schema):
    id: int
    partner_id: Id
    partner: str
    places: int
    nominated: int
    free: int

    @staticmethod
    def resolve_partner(obj: CallPlace) -> str:
        return obj.partner.display_name


class CallOut(Schema):
    id: int
    title: str
    type: str
    status: str
    org_unit_id: Id | None
    opens_on: dt.date
    closes_on: dt.date
    mobility_start: dt.date
    mobility_end: dt.date
    min_year: int
    min_gpa: Decimal | None
    language_requirement: str
    places: list[PlaceOut]

    @staticmethod
    def resolve_places(obj: ExchangeCall) -> list[CallPlace]:
        return list(obj.places.filter(archived_at__isnull=True).select_related("partner"))


class ApplicationOut(Schema):
    id: int
    call_id: Id
    student_id: Id
    org_unit_id: Id
    first_choice_id: Id
    second_choice_id: Id | None
    year_of_study: int
    gpa: Decimal
    language_level: str
    status: str
    score: Decimal | None
    place_id: Id | None
    mobility_id: Id | None


class ApplicationIn(Schema):
    first_choice_id: Id
    second_choice_id: Id | None = None
    year_of_study: int = Field(..., ge=1, le=6)
    gpa: Decimal = Field(..., ge=0, le=5, max_digits=3, decimal_places=2)
    language_level: str = Field(..., min_length=1, max_length=120)
    statement: str = Field(..., min_length=1)


class NominateIn(Schema):
    place_id: Id


@router.get("/mobility/calls", response=list[CallOut], summary="Exchange calls the user may see")
def list_calls(request: HttpRequest) -> Any:
    require_anywhere(request.user, CALL_VIEW)
    return list(selectors.calls_for(request.user).prefetch_related("places__partner"))


@router.get("/mobility/calls/{pk}", response=CallOut, summary="One exchange call with its places")
def get_call(request: HttpRequest, pk: Id) -> Any:
    return selectors.call_get_for_user(user=request.user, pk=pk)


@router.post(
    "/mobility/calls/{pk}/applications", response={201: ApplicationOut}, summary="Apply to a call (students)"
)
def apply_to_call(request: HttpRequest, pk: Id, payload: ApplicationIn) -> Any:
    require_anywhere(request.user, CALL_APPLY)
    call = selectors.call_get_for_user(user=request.user, pk=pk)
    student = getattr(request.user, "person", None)
    if student is None:
        raise Http404
    places = {p.pk: p for p in call.places.filter(archived_at__isnull=True)}
    first = places.get(payload.first_choice_id)
    if first is None or (payload.second_choice_id is not None and payload.second_choice_id not in places):
        raise calls.CallError(_("Choose a partner of this call."), field="first_choice_id")
    data = payload.dict(exclude={"first_choice_id", "second_choice_id"})
    data.update(first_choice=first, second_choice=places.get(payload.second_choice_id or 0))
    return Status(201, calls.application_submit(call=call, student=student, data=data, actor=request.user))


@router.get("/mobility/applications", response=list[ApplicationOut], summary="Applications the user may see")
@paginate(Pagination)
def list_applications(request: HttpRequest, call_id: Id | None = None) -> Any:
    require_anywhere(request.user, CALL_VIEW)
    qs = selectors.applications_for(request.user)
    if call_id is not None:
        qs = qs.filter(call_id=call_id)
    return qs


@router.get("/mobility/applications/{pk}", response=ApplicationOut, summary="One application")
def get_application(request: HttpRequest, pk: Id) -> Any:
    return selectors.application_get_for_user(user=request.user, pk=pk)


@router.post("/mobility/applications/{pk}/nominate", response=ApplicationOut, summary="Nominate to a partner")
def nominate_application(request: HttpRequest, pk: Id, payload: NominateIn) -> Any:
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    if not access_for(request.user).can_institution_wide(CALL_MANAGE):
        raise Http404
    place = selectors.place_of(app.call_id, payload.place_id)
    if place is None:
        raise Http404
    return calls.nominate(app=app, place=place, actor=request.user)


@router.post(
    "/mobility/applications/{pk}/withdraw", response=ApplicationOut, summary="Withdraw an application"
)
def withdraw_application(request: HttpRequest, pk: Id) -> Any:
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    if not (access.can_institution_wide(CALL_MANAGE) or access.person_id == app.student_id):
        raise Http404
    return calls.application_withdraw(app=app, actor=request.user)


class ScoreIn(Schema):
    score: Decimal = Field(..., ge=0, le=100, max_digits=5, decimal_places=2)


class AnswerIn(Schema):
    accepted: bool


def _managed_application(request: HttpRequest, pk: Id) -> Application:
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    if not access_for(request.user).can_institution_wide(CALL_MANAGE):
        raise Http404
    return app


@router.post(
    "/mobility/applications/{pk}/score", response=ApplicationOut, summary="Score an eligible application"
)
def score_application(request: HttpRequest, pk: Id, payload: ScoreIn) -> Any:
    return calls.application_score(
        app=_managed_application(request, pk), score=payload.score, actor=request.user
    )


@router.post(
    "/mobility/applications/{pk}/answer",
    response=ApplicationOut,
    summary="Record the partner's answer (accepted makes a planned mobility; declined frees the place)",
)
def answer_application(request: HttpRequest, pk: Id, payload: AnswerIn) -> Any:
    return calls.partner_answer(
        app=_managed_application(request, pk), accepted=payload.accepted, actor=request.user
    )
