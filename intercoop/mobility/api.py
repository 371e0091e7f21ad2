"""API of mobility: the register (list, read, record, correct, cancel) and the figures."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from intercoop.agreements import selectors as agreement_selectors
from intercoop.core.access import access_for, require_anywhere
from intercoop.core.choices import pick_or_keep
from intercoop.core.periods import period_bounds, school_year
from intercoop.mobility import calls, events, selectors, services, stays
from intercoop.mobility.models import (
    Application,
    AwardLevel,
    CallPlace,
    Competition,
    Direction,
    ExchangeCall,
    ForeignExpert,
    Funding,
    InternationalStudent,
    Mobility,
    MobilityType,
    ParticipantKind,
    TrainingEvent,
    VisaType,
)
from intercoop.mobility.permissions import (
    CALL_APPLY,
    CALL_MANAGE,
    CALL_VIEW,
    EVENT_VIEW,
    FIGURES_VIEW,
    MOBILITY_EDIT,
    MOBILITY_VIEW,
    STAY_EDIT,
    STAY_VIEW,
)
from intercoop.org import selectors as org_selectors
from intercoop.org.selectors import institution_of
from intercoop.partners import selectors as partner_selectors

router = Router(tags=["mobility"])


class MobilityOut(Schema):
    id: int
    reference: str
    direction: str
    type: str
    status: str
    person_id: int | None
    participant: str
    participant_kind: str
    org_unit_id: int | None
    home_partner_id: int | None
    host_partner_id: int | None
    country: str
    city: str
    planned_start: dt.date
    planned_end: dt.date
    start_date: dt.date | None
    end_date: dt.date | None
    days: int
    credits_planned: Decimal | None
    credits_obtained: Decimal | None
    funding: str
    grant_amount: Decimal | None
    currency: str
    agreement_id: int | None
    project: str
    archived: bool

    @staticmethod
    def resolve_participant(obj: Mobility) -> str:
        return obj.who

    @staticmethod
    def resolve_archived(obj: Mobility) -> bool:
        return obj.is_archived


def mobility_out(m: Mobility) -> Any:
    return m


class MobilityIn(Schema):
    direction: Direction
    type: MobilityType
    person_id: int | None = None
    participant_label: str = Field("", max_length=120)
    participant_kind: ParticipantKind = ParticipantKind.STUDENT
    org_unit_id: int | None = None
    home_partner_id: int | None = None
    host_partner_id: int | None = None
    country: str = Field(..., min_length=2, max_length=2)
    city: str = Field("", max_length=100)
    planned_start: dt.date
    planned_end: dt.date
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    credits_planned: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=1)
    credits_obtained: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=1)
    funding: Funding | None = None
    grant_amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    currency: str = Field("CNY", min_length=3, max_length=3)
    agreement_id: int | None = None
    project: str = Field("", max_length=200)
    notes: str = ""


class MobilityFilter(Schema):
    q: str | None = None
    direction: Direction | None = None
    type: MobilityType | None = None
    status: Mobility.Status | None = None
    kind: ParticipantKind | None = None
    country: str | None = None
    partner_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    counted: bool = False
    row: str | None = None


class ReasonIn(Schema):
    reason: str


def _links(request: HttpRequest, code: str, current: Any = None, **ids: int | None) -> dict[str, Any]:
    """Referenced ids resolved among what the user may name (core.choices): any other id is 404, whether
    unknown, of another institution or only hidden from the user. What ``current`` links may stay."""
    user = request.user
    sources: dict[str, Any] = {
        "org_unit": lambda: org_selectors.units_for(user, code),
        "person": lambda: org_selectors.person_choices(user),
        "responsible": lambda: org_selectors.person_choices(user),
        "home_partner": lambda: partner_selectors.partner_choices(user),
        "host_partner": lambda: partner_selectors.partner_choices(user),
        "partner": lambda: partner_selectors.partner_choices(user),
        "agreement": lambda: agreement_selectors.agreement_choices(user),
    }
    return {
        field: None if pk is None else pick_or_keep(sources[field](), pk, getattr(current, field, None))
        for field, pk in ids.items()
    }


def _data(request: HttpRequest, payload: MobilityIn, current: Mobility | None = None) -> dict[str, Any]:
    """The payload with its ids resolved among what the user may name."""
    data = payload.dict(
        exclude={"person_id", "org_unit_id", "home_partner_id", "host_partner_id", "agreement_id"}
    )
    data["funding"] = payload.funding or ""
    data.update(
        _links(
            request,
            MOBILITY_EDIT,
            current,
            org_unit=payload.org_unit_id,
            person=payload.person_id,
            home_partner=payload.home_partner_id,
            host_partner=payload.host_partner_id,
            agreement=payload.agreement_id,
        )
    )
    return data


@router.get("/mobility/mobilities", response=list[MobilityOut], summary="Mobilities the user may see")
@paginate(LimitOffsetPagination)
def list_mobilities(request: HttpRequest, filters: Query[MobilityFilter]) -> Any:
    require_anywhere(request.user, MOBILITY_VIEW)
    qs = selectors.mobility_list(
        user=request.user,
        search=filters.q,
        direction=filters.direction,
        type=filters.type,
        status=filters.status,
        kind=filters.kind,
        country=filters.country,
        partner_id=filters.partner_id,
        start=filters.start,
        end=filters.end,
        counted=filters.counted and bool(filters.start and filters.end),
        row=filters.row,
    )
    return qs  # paginated lazily: one page is read


@router.get("/mobility/mobilities/{pk}", response=MobilityOut, summary="One mobility")
def get_mobility(request: HttpRequest, pk: int) -> dict[str, Any]:
    return mobility_out(selectors.mobility_get_for_user(user=request.user, pk=pk))


@router.post("/mobility/mobilities", response={201: MobilityOut}, summary="Record a mobility")
def create_mobility(request: HttpRequest, payload: MobilityIn) -> Status[dict[str, Any]]:
    require_anywhere(request.user, MOBILITY_EDIT)
    mobility = services.mobility_create(
        institution=institution_of(request.user), data=_data(request, payload), actor=request.user
    )
    return Status(201, mobility_out(mobility))


@router.put("/mobility/mobilities/{pk}", response=MobilityOut, summary="Correct a mobility")
def update_mobility(request: HttpRequest, pk: int, payload: MobilityIn) -> dict[str, Any]:
    mobility = selectors.mobility_get_for_user(user=request.user, pk=pk, code=MOBILITY_EDIT)
    mobility = services.mobility_update(
        mobility=mobility, data=_data(request, payload, mobility), actor=request.user
    )
    return mobility_out(mobility)


@router.post("/mobility/mobilities/{pk}/cancel", response=MobilityOut, summary="Cancel a planned mobility")
def cancel_mobility(request: HttpRequest, pk: int, payload: ReasonIn) -> dict[str, Any]:
    mobility = selectors.mobility_get_for_user(user=request.user, pk=pk, code=MOBILITY_EDIT)
    return mobility_out(
        services.mobility_cancel(mobility=mobility, reason=payload.reason, actor=request.user)
    )


class CellOut(Schema):
    count: int
    person_days: int


class GroupOut(Schema):
    key: str
    label: str
    outgoing: CellOut
    incoming: CellOut


class FiguresOut(Schema):
    start: dt.date
    end: dt.date
    outgoing: int
    incoming: int
    planned: int
    person_days: int
    cn_enterprise_person_days: int
    teaching_abroad_person_days: int
    credits_obtained: float
    headcount_on: dt.date | None
    international_students: int
    trainee_person_days: int
    awards: int
    by_type: list[GroupOut]
    by_country: list[GroupOut]
    by_partner: list[GroupOut]
    by_unit: list[GroupOut]


@router.get("/mobility/figures", response=FiguresOut, summary="Counts and person-days of a period")
def figures(
    request: HttpRequest, year: int | None = None, period: str = "school", unit_id: int | None = None
) -> Any:
    require_anywhere(request.user, FIGURES_VIEW)
    kind = "calendar" if period == "calendar" else "school"
    if year is None:
        year = school_year(timezone.localdate())[0].year if kind == "school" else timezone.localdate().year
    year = max(2000, min(year, 2100))
    start, end = period_bounds(kind, year)
    unit = None
    if unit_id is not None:
        unit = org_selectors.unit_get_for_user(user=request.user, pk=unit_id)
    headcount_on = stays.statistical_date(institution_of(request.user), year) if kind == "school" else end
    return selectors.figures(user=request.user, start=start, end=end, unit=unit, headcount_on=headcount_on)


# -- international students and foreign experts --------------------------------------------------------


class StayOut(Schema):
    id: int
    person_id: int
    name: str
    nationality: str
    org_unit_id: int
    responsible_id: int | None
    home_partner_id: int | None
    visa_type: str
    entry_date: dt.date | None
    accommodation_registered_on: dt.date | None
    residence_permit_expiry: dt.date | None
    insurance_until: dt.date | None
    deadlines: list[dict[str, Any]]
    archived: bool


class StudentOut(StayOut):
    programme: str
    programme_name: str
    full_time: bool
    enrolled_on: dt.date
    expected_end: dt.date
    left_on: dt.date | None
    status: str
    scholarship: str


class ExpertOut(StayOut):
    kind: str
    contract_start: dt.date
    contract_end: dt.date
    work_permit_expiry: dt.date | None
    courses: str
    evaluation_score: int | None


def _stay_out(stay: Any) -> dict[str, Any]:
    from intercoop.mobility.stays import deadlines, rules_for

    today = timezone.localdate()
    data = {
        "id": stay.pk,
        "person_id": stay.person_id,
        "name": stay.person.display_name,
        "nationality": stay.person.nationality,
        "org_unit_id": stay.org_unit_id,
        "responsible_id": stay.responsible_id,
        "home_partner_id": stay.home_partner_id,
        "visa_type": stay.visa_type,
        "entry_date": stay.entry_date,
        "accommodation_registered_on": stay.accommodation_registered_on,
        "residence_permit_expiry": stay.residence_permit_expiry,
        "insurance_until": stay.insurance_until,
        "deadlines": [
            {"key": d.key, "label": str(d.label), "due_on": d.due_on, "state": d.state(today)}
            for d in deadlines(stay, rules_for(stay.institution))
        ],
        "archived": stay.is_archived,
    }
    for name in (
        "programme",
        "programme_name",
        "full_time",
        "enrolled_on",
        "expected_end",
        "left_on",
        "status",
        "scholarship",
        "kind",
        "contract_start",
        "contract_end",
        "work_permit_expiry",
        "courses",
        "evaluation_score",
    ):
        if hasattr(stay, name):
            data[name] = getattr(stay, name)
    return data


class StayIn(Schema):
    person_id: int
    org_unit_id: int
    responsible_id: int | None = None
    home_partner_id: int | None = None
    visa_type: VisaType | None = None
    entry_date: dt.date | None = None
    accommodation_registered_on: dt.date | None = None
    residence_permit_number: str = Field("", max_length=40)
    residence_permit_expiry: dt.date | None = None
    insurance_until: dt.date | None = None
    notes: str = ""


class StudentIn(StayIn):
    programme: InternationalStudent.Programme
    programme_name: str = Field(..., min_length=1, max_length=200)
    full_time: bool = True
    enrolled_on: dt.date
    expected_end: dt.date
    left_on: dt.date | None = None
    status: InternationalStudent.Status = InternationalStudent.Status.ENROLLED
    scholarship: str = Field("", max_length=120)


class ExpertIn(StayIn):
    kind: ForeignExpert.Kind = ForeignExpert.Kind.TEACHER
    contract_start: dt.date
    contract_end: dt.date
    work_permit_number: str = Field("", max_length=40)
    work_permit_expiry: dt.date | None = None
    courses: str = ""
    evaluation_score: int | None = Field(None, ge=0, le=100)
    evaluation: str = ""


def _stay_data(request: HttpRequest, payload: StayIn, current: Any = None) -> dict[str, Any]:
    data = payload.dict(exclude={"person_id", "org_unit_id", "responsible_id", "home_partner_id"})
    data["visa_type"] = payload.visa_type or ""
    data.update(
        _links(
            request,
            STAY_EDIT,
            current,
            person=payload.person_id,
            org_unit=payload.org_unit_id,
            responsible=payload.responsible_id,
            home_partner=payload.home_partner_id,
        )
    )
    return data


def _stay_routes(path: str, model: Any, out: Any, schema_in: Any, label: str) -> None:
    @router.get(f"/mobility/{path}", response=list[out], summary=f"{label} the user may see")
    @paginate(LimitOffsetPagination)
    def list_stays(request: HttpRequest, q: str | None = None) -> Any:
        require_anywhere(request.user, STAY_VIEW)
        qs = selectors.stay_list(user=request.user, model=model, search=q).select_related("institution")
        return [_stay_out(s) for s in qs]

    @router.get(f"/mobility/{path}/{{pk}}", response=out, summary=f"One of the {label.lower()}")
    def get_stay(request: HttpRequest, pk: int) -> Any:
        return _stay_out(selectors.stay_get_for_user(user=request.user, model=model, pk=pk))

    @router.post(f"/mobility/{path}", response={201: out}, summary=f"Record one of the {label.lower()}")
    def create_stay(request: HttpRequest, payload: schema_in) -> Any:
        require_anywhere(request.user, STAY_EDIT)
        stay = stays.stay_create(
            model=model,
            institution=institution_of(request.user),
            data=_stay_data(request, payload),
            actor=request.user,
        )
        return Status(201, _stay_out(stay))

    @router.put(f"/mobility/{path}/{{pk}}", response=out, summary=f"Correct one of the {label.lower()}")
    def update_stay(request: HttpRequest, pk: int, payload: schema_in) -> Any:
        stay = selectors.stay_get_for_user(user=request.user, model=model, pk=pk, code=STAY_EDIT)
        data = _stay_data(request, payload, stay)
        return _stay_out(stays.stay_update(stay=stay, data=data, actor=request.user))

    for function in (list_stays, get_stay, create_stay, update_stay):
        function.__name__ = f"{function.__name__}_{path}"


_stay_routes("students", InternationalStudent, StudentOut, StudentIn, "International students")
_stay_routes("experts", ForeignExpert, ExpertOut, ExpertIn, "Foreign experts and teachers")


# -- training for foreign trainees and competitions ------------------------------------------------------


class TrainingOut(Schema):
    id: int
    reference: str
    title: str
    org_unit_id: int
    partner_id: int | None
    host: str
    country: str
    language: str
    start_date: dt.date
    end_date: dt.date
    trainees: int
    listed: int
    period_days: int
    period_person_days: int


class TrainingIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    org_unit_id: int
    partner_id: int | None = None
    host: str = Field("", max_length=200)
    country: str = Field(..., min_length=2, max_length=2)
    language: str = Field("", max_length=40)
    start_date: dt.date
    end_date: dt.date
    participants_count: int | None = Field(None, ge=1)
    agreement_id: int | None = None
    notes: str = ""


class TraineeIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    nationality: str = Field(..., min_length=2, max_length=2)
    organisation: str = Field("", max_length=200)


class TraineesOut(Schema):
    added: int
    unchanged: int


class CompetitionOut(Schema):
    id: int
    event: str
    organiser: str
    country: str
    international: bool
    held_on: dt.date
    org_unit_id: int
    participants: str
    award_level: str
    award_title: str
    counts_as_award: bool


class CompetitionIn(Schema):
    event: str = Field(..., min_length=1, max_length=200)
    organiser: str = Field("", max_length=200)
    country: str = Field(..., min_length=2, max_length=2)
    international: bool = True
    held_on: dt.date
    org_unit_id: int
    participants: str = Field(..., min_length=1)
    award_level: AwardLevel = AwardLevel.NONE
    award_title: str = Field("", max_length=200)
    notes: str = ""


@router.get("/mobility/training", response=list[TrainingOut], summary="Training for foreign trainees")
@paginate(LimitOffsetPagination)
def list_training(request: HttpRequest, start: dt.date | None = None, end: dt.date | None = None) -> Any:
    require_anywhere(request.user, EVENT_VIEW)
    return events.trainings_in(
        selectors.events_of(request.user, TrainingEvent),
        start or dt.date(2000, 1, 1),
        end or dt.date(2100, 12, 31),
    )


@router.post(
    "/mobility/training", response={201: TrainingOut}, summary="Record a training for foreign trainees"
)
def create_training(request: HttpRequest, payload: TrainingIn) -> Any:
    require_anywhere(request.user, MOBILITY_EDIT)
    data = payload.dict(exclude={"org_unit_id", "partner_id", "agreement_id"})
    data.update(
        _links(
            request,
            MOBILITY_EDIT,
            org_unit=payload.org_unit_id,
            partner=payload.partner_id,
            agreement=payload.agreement_id,
        )
    )
    event = events.training_create(institution=institution_of(request.user), data=data, actor=request.user)
    return Status(
        201,
        events.trainings_in(
            selectors.events_of(request.user, TrainingEvent).filter(pk=event.pk),
            event.start_date,
            event.end_date,
        )[0],
    )


@router.post("/mobility/training/{pk}/trainees", response=TraineesOut, summary="List trainees by name")
def add_trainees(request: HttpRequest, pk: int, payload: list[TraineeIn]) -> Any:
    event = selectors.event_get_for_user(request.user, TrainingEvent, pk, MOBILITY_EDIT)
    added, unchanged = events.trainees_add(
        event=event,
        trainees=[events.Trainee(t.name, t.nationality, t.organisation) for t in payload],
        actor=request.user,
    )
    return {"added": added, "unchanged": unchanged}


@router.get("/mobility/competitions", response=list[CompetitionOut], summary="Competitions and awards")
@paginate(LimitOffsetPagination)
def list_competitions(request: HttpRequest, awards_only: bool = False) -> Any:
    require_anywhere(request.user, EVENT_VIEW)
    qs = selectors.events_of(request.user, Competition).order_by("-held_on", "-id")
    if awards_only:
        qs = events.awards_in(qs, dt.date(2000, 1, 1), dt.date(2100, 12, 31))
    return qs


@router.post("/mobility/competitions", response={201: CompetitionOut}, summary="Record a competition entry")
def create_competition(request: HttpRequest, payload: CompetitionIn) -> Any:
    require_anywhere(request.user, MOBILITY_EDIT)
    data = payload.dict(exclude={"org_unit_id"})
    data.update(_links(request, MOBILITY_EDIT, org_unit=payload.org_unit_id))
    return Status(
        201, events.competition_save(institution=institution_of(request.user), data=data, actor=request.user)
    )


# -- exchange calls ---------------------------------------------------------------------------------------


class PlaceOut(Schema):
    id: int
    partner_id: int
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
    org_unit_id: int | None
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
    call_id: int
    student_id: int
    org_unit_id: int
    first_choice_id: int
    second_choice_id: int | None
    year_of_study: int
    gpa: Decimal
    language_level: str
    status: str
    score: Decimal | None
    place_id: int | None
    mobility_id: int | None


class ApplicationIn(Schema):
    first_choice_id: int
    second_choice_id: int | None = None
    year_of_study: int = Field(..., ge=1, le=6)
    gpa: Decimal = Field(..., ge=0, le=5, max_digits=3, decimal_places=2)
    language_level: str = Field(..., min_length=1, max_length=120)
    statement: str = Field(..., min_length=1)


class NominateIn(Schema):
    place_id: int


@router.get("/mobility/calls", response=list[CallOut], summary="Exchange calls the user may see")
def list_calls(request: HttpRequest) -> Any:
    require_anywhere(request.user, CALL_VIEW)
    return list(selectors.calls_for(request.user).prefetch_related("places__partner"))


@router.get("/mobility/calls/{pk}", response=CallOut, summary="One exchange call with its places")
def get_call(request: HttpRequest, pk: int) -> Any:
    return selectors.call_get_for_user(user=request.user, pk=pk)


@router.post(
    "/mobility/calls/{pk}/applications", response={201: ApplicationOut}, summary="Apply to a call (students)"
)
def apply_to_call(request: HttpRequest, pk: int, payload: ApplicationIn) -> Any:
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
@paginate(LimitOffsetPagination)
def list_applications(request: HttpRequest, call_id: int | None = None) -> Any:
    require_anywhere(request.user, CALL_VIEW)
    qs = selectors.applications_for(request.user)
    if call_id is not None:
        qs = qs.filter(call_id=call_id)
    return qs


@router.get("/mobility/applications/{pk}", response=ApplicationOut, summary="One application")
def get_application(request: HttpRequest, pk: int) -> Any:
    return selectors.application_get_for_user(user=request.user, pk=pk)


@router.post("/mobility/applications/{pk}/nominate", response=ApplicationOut, summary="Nominate to a partner")
def nominate_application(request: HttpRequest, pk: int, payload: NominateIn) -> Any:
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
def withdraw_application(request: HttpRequest, pk: int) -> Any:
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    access = access_for(request.user)
    if not (access.can_institution_wide(CALL_MANAGE) or access.person_id == app.student_id):
        raise Http404
    return calls.application_withdraw(app=app, actor=request.user)


class ScoreIn(Schema):
    score: Decimal = Field(..., ge=0, le=100, max_digits=5, decimal_places=2)


class AnswerIn(Schema):
    accepted: bool


def _managed_application(request: HttpRequest, pk: int) -> Application:
    app = selectors.application_get_for_user(user=request.user, pk=pk)
    if not access_for(request.user).can_institution_wide(CALL_MANAGE):
        raise Http404
    return app


@router.post(
    "/mobility/applications/{pk}/score", response=ApplicationOut, summary="Score an eligible application"
)
def score_application(request: HttpRequest, pk: int, payload: ScoreIn) -> Any:
    return calls.application_score(
        app=_managed_application(request, pk), score=payload.score, actor=request.user
    )


@router.post(
    "/mobility/applications/{pk}/answer",
    response=ApplicationOut,
    summary="Record the partner's answer (accepted makes a planned mobility; declined frees the place)",
)
def answer_application(request: HttpRequest, pk: int, payload: AnswerIn) -> Any:
    return calls.partner_answer(
        app=_managed_application(request, pk), accepted=payload.accepted, actor=request.user
    )
