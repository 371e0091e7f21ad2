"""API of mobility: the register (list, read, record, correct, cancel) and the figures."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from intercoop.core.access import require_anywhere
from intercoop.core.apitypes import Count, Id, Pagination
from intercoop.mobility.events import selectors
from intercoop.mobility.events import services as events
from intercoop.mobility.links import resolve_links
from intercoop.mobility.models import (
    AwardLevel,
    Competition,
    TrainingEvent,
)
from intercoop.mobility.permissions import (
    EVENT_VIEW,
    MOBILITY_EDIT,
)
from intercoop.org.selectors import institution_of

router = Router(tags=["mobility"])


# -- training for foreign trainees and competitions ------------------------------------------------------


class TrainingOut(Schema):
    id: int
    reference: str
    title: str
    org_unit_id: Id
    partner_id: Id | None
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
    org_unit_id: Id
    partner_id: Id | None = None
    host: str = Field("", max_length=200)
    country: str = Field(..., min_length=2, max_length=2)
    language: str = Field("", max_length=40)
    start_date: dt.date
    end_date: dt.date
    participants_count: Count | None = Field(None, ge=1)
    agreement_id: Id | None = None
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
    org_unit_id: Id
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
    org_unit_id: Id
    participants: str = Field(..., min_length=1)
    award_level: AwardLevel = AwardLevel.NONE
    award_title: str = Field("", max_length=200)
    notes: str = ""


@router.get("/mobility/training", response=list[TrainingOut], summary="Training for foreign trainees")
@paginate(Pagination)
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
        resolve_links(
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
def add_trainees(request: HttpRequest, pk: Id, payload: list[TraineeIn]) -> Any:
    event = selectors.event_get_for_user(request.user, TrainingEvent, pk, MOBILITY_EDIT)
    added, unchanged = events.trainees_add(
        event=event,
        trainees=[events.Trainee(t.name, t.nationality, t.organisation) for t in payload],
        actor=request.user,
    )
    return {"added": added, "unchanged": unchanged}


@router.get("/mobility/competitions", response=list[CompetitionOut], summary="Competitions and awards")
@paginate(Pagination)
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
    data.update(resolve_links(request, MOBILITY_EDIT, org_unit=payload.org_unit_id))
    return Status(
        201, events.competition_save(institution=institution_of(request.user), data=data, actor=request.user)
    )
