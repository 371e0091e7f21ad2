"""API of mobility: the register (list, read, record, correct, cancel) and the figures."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from intercoop.core.access import require_anywhere
from intercoop.core.apitypes import Id, Pagination, Year
from intercoop.core.periods import default_year, kind_of, period_bounds
from intercoop.mobility.links import resolve_links
from intercoop.mobility.models import (
    Direction,
    Funding,
    Mobility,
    MobilityType,
    ParticipantKind,
)
from intercoop.mobility.permissions import (
    FIGURES_VIEW,
    MOBILITY_EDIT,
    MOBILITY_VIEW,
)
from intercoop.mobility.records import selectors, services
from intercoop.mobility.stays import services as stays
from intercoop.org import selectors as org_selectors
from intercoop.org.selectors import institution_of

router = Router(tags=["mobility"])


class MobilityOut(Schema):
    id: int
    reference: str
    direction: str
    type: str
    status: str
    person_id: Id | None
    participant: str
    participant_kind: str
    org_unit_id: Id | None
    home_partner_id: Id | None
    host_partner_id: Id | None
    host_name: str
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
    agreement_id: Id | None
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
    person_id: Id | None = None
    participant_label: str = Field("", max_length=120)
    participant_kind: ParticipantKind = ParticipantKind.STUDENT
    org_unit_id: Id | None = None
    home_partner_id: Id | None = None
    host_partner_id: Id | None = None
    host_name: str = Field("", max_length=200, description="A host not in the partner directory, by name")
    country: str = Field(..., min_length=2, max_length=2)
    city: str = Field("", max_length=100)
    planned_start: dt.date
    planned_end: dt.date
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    credits_planned: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=1)
    credits_obtained: Decimal | None = Field(None, ge=0, max_digits=6, decimal_places=1)
    funding: Funding | Literal[""] | None = None  # "" (none), as the API answers it
    grant_amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    currency: str = Field("CNY", min_length=3, max_length=3)
    agreement_id: Id | None = None
    project: str = Field("", max_length=200)
    notes: str = ""


class MobilityFilter(Schema):
    q: str | None = None
    direction: Direction | None = None
    type: MobilityType | None = None
    status: Mobility.Status | None = None
    kind: ParticipantKind | None = None
    country: str | None = None
    partner_id: Id | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    counted: bool = False
    row: str | None = None


class ReasonIn(Schema):
    reason: str


def _data(request: HttpRequest, payload: MobilityIn, current: Mobility | None = None) -> dict[str, Any]:
    """The payload with its ids resolved among what the user may name."""
    data = payload.dict(
        exclude={"person_id", "org_unit_id", "home_partner_id", "host_partner_id", "agreement_id"}
    )
    data["funding"] = payload.funding or ""
    data.update(
        resolve_links(
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
@paginate(Pagination)
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
def get_mobility(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return mobility_out(selectors.mobility_get_for_user(user=request.user, pk=pk))


@router.post("/mobility/mobilities", response={201: MobilityOut}, summary="Record a mobility")
def create_mobility(request: HttpRequest, payload: MobilityIn) -> Status[dict[str, Any]]:
    require_anywhere(request.user, MOBILITY_EDIT)
    mobility = services.mobility_create(
        institution=institution_of(request.user), data=_data(request, payload), actor=request.user
    )
    return Status(201, mobility_out(mobility))


@router.put("/mobility/mobilities/{pk}", response=MobilityOut, summary="Correct a mobility")
def update_mobility(request: HttpRequest, pk: Id, payload: MobilityIn) -> dict[str, Any]:
    mobility = selectors.mobility_get_for_user(user=request.user, pk=pk, code=MOBILITY_EDIT)
    mobility = services.mobility_update(
        mobility=mobility, data=_data(request, payload, mobility), actor=request.user
    )
    return mobility_out(mobility)


@router.post("/mobility/mobilities/{pk}/cancel", response=MobilityOut, summary="Cancel a planned mobility")
def cancel_mobility(request: HttpRequest, pk: Id, payload: ReasonIn) -> dict[str, Any]:
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


class MobilityFiguresOut(Schema):
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


@router.get("/mobility/figures", response=MobilityFiguresOut, summary="Counts and person-days of a period")
def figures(
    request: HttpRequest, year: Year | None = None, period: str = "school", unit_id: Id | None = None
) -> Any:
    require_anywhere(request.user, FIGURES_VIEW)
    kind = kind_of(period)
    year = default_year() if year is None else year
    start, end = period_bounds(kind, year)
    unit = None
    if unit_id is not None:
        unit = org_selectors.unit_get_for_user(user=request.user, pk=unit_id)
    headcount_on = stays.statistical_date(institution_of(request.user), year) if kind == "school" else end
    return selectors.figures(user=request.user, start=start, end=end, unit=unit, headcount_on=headcount_on)
