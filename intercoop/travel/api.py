"""API of official travel: trips through their whole flow, and the figures."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from intercoop.approvals import selectors as approval_selectors
from intercoop.approvals.api import StepOut, step_out
from intercoop.attachments import services as attachment_services
from intercoop.attachments.api import AttachmentOut
from intercoop.core.access import access_for
from intercoop.core.apitypes import Id, Pagination, Year
from intercoop.core.choices import pick, pick_many, pick_or_keep
from intercoop.core.periods import default_year, kind_of, period_bounds
from intercoop.org import selectors as org_selectors
from intercoop.org.models import OrgUnit
from intercoop.partners import selectors as partner_selectors
from intercoop.travel import selectors, services
from intercoop.travel.models import (
    BudgetLine,
    FundSource,
    Objection,
    PassportLoan,
    Purpose,
    TravelDocument,
    Trip,
    TripDocumentKind,
)
from intercoop.travel.permissions import FIGURES_VIEW, TRIP_APPLY, TRIP_MANAGE, TRIP_SETTLE

router = Router(tags=["travel"])


class DestinationIO(Schema):
    country: str = Field(..., min_length=2, max_length=2)
    city: str = ""
    days: int = Field(..., ge=1)


class BudgetIn(Schema):
    item: BudgetLine.Item
    amount: Decimal = Field(..., ge=0)
    fund_source: FundSource


class BudgetOut(Schema):
    id: int
    item: str
    amount: Decimal
    fund_source: str
    actual: Decimal | None = Field(None, description="What the line cost, in yuan")
    actual_currency: str = Field("", description="The currency spent (ISO 4217)")
    actual_in_currency: Decimal | None = Field(None, description="What the line cost, in that currency")
    actual_rate: Decimal | None = Field(None, description="The rate applied, yuan per unit")


class TripOut(Schema):
    id: int
    number: str
    title: str
    purpose: str
    status: str
    org_unit_id: Id
    applicant_id: Id
    departure: dt.date
    return_on: dt.date
    days: int
    people: int
    countries: list[str]
    mission_number: str
    recorded_afterwards: bool


class TripDetailOut(TripOut):
    member_ids: list[Id]
    leader_id: Id | None
    destinations: list[DestinationIO]
    budget: list[BudgetOut]
    inviting_partner_id: Id | None
    agreement_id: Id | None
    planned_trip_id: Id | None
    fund_source: str
    led_by_school_leader: bool
    itinerary: str
    revision: int
    notice_starts_on: dt.date | None
    notice_ends_on: dt.date | None
    mission_issued_on: dt.date | None
    status_note: str
    report_due_on: dt.date | None


class TripIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    purpose: Purpose
    org_unit_id: Id
    applicant_id: Id
    departure: dt.date
    return_on: dt.date
    member_ids: list[Id] = Field(..., min_length=1)
    leader_id: Id
    destinations: list[DestinationIO] = Field(..., min_length=1)
    budget: list[BudgetIn] = []
    inviting_partner_id: Id | None = None
    agreement_id: Id | None = None
    planned_trip_id: Id | None = None
    fund_source: FundSource
    led_by_school_leader: bool = False
    itinerary: str = ""


class PastTripIn(TripIn):
    mission_number: str = Field(..., min_length=1, max_length=40, description="The approval reference it had")
    mission_issued_on: dt.date | None = None


class DatesIn(Schema):
    departure: dt.date
    return_on: dt.date
    reason: str = Field(..., min_length=1, max_length=500)
    destinations: list[DestinationIO] | None = Field(
        None, description="New days per country; left out, they stay (they must fit the corrected trip)"
    )


class TripFilter(Schema):
    q: str | None = None
    status: Trip.Status | None = None
    purpose: Purpose | None = None
    country: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


class ReasonIn(Schema):
    reason: str


class ObjectionIn(Schema):
    content: str = Field(..., min_length=1)
    raised_by: str = ""
    received_on: dt.date | None = None


class ResolveIn(Schema):
    outcome: str = Field(..., description="dismissed or upheld")
    resolution: str


class ObjectionOut(Schema):
    id: int
    received_on: dt.date
    raised_by: str
    content: str
    outcome: str
    resolution: str


class PassportIn(Schema):
    person_id: Id
    issued_on: dt.date
    document: TravelDocument = Field(
        TravelDocument.PASSPORT,
        description="passport; hkmo_permit (往来港澳通行证) for Hong Kong and Macao; "
        "tw_permit (大陆居民往来台湾通行证) for Taiwan",
    )


class PassportReturnIn(Schema):
    returned_on: dt.date


class PassportOut(Schema):
    id: int
    person_id: Id
    document: str
    issued_on: dt.date
    due_on: dt.date
    returned_on: dt.date | None


class ReportIn(Schema):
    text: str = Field(..., min_length=1)
    outcomes: str = ""
    partner_ids: list[Id] = []
    agreement_ids: list[Id] = []


class ActualIn(Schema):
    amount: Decimal = Field(..., description="What the line cost, in the currency spent")
    currency: str = Field("CNY", description="ISO 4217 code of the currency spent")
    rate: Decimal | None = Field(None, description="Yuan per unit of that currency (not for CNY)")


class SettlementIn(Schema):
    actuals: dict[int, ActualIn] = Field(
        ...,
        description="What each budget line (by id) cost. Attach its receipts first: POST documents with "
        "kind=receipt and part=<budget line id>.",
    )
    note: str = ""


class FigureRow(Schema):
    key: str
    label: str
    trips: int
    people: int
    person_days: int


class TravelFiguresOut(Schema):
    start: dt.date
    end: dt.date
    trips: int
    person_days: int
    teaching_person_days: int
    reports_due: int
    reports_on_time: int
    reports_late: int
    reports_missing: int
    compliance: float | None
    by_purpose: list[FigureRow]
    by_unit: list[FigureRow]
    by_country: list[FigureRow]


def _out(t: Trip) -> dict[str, Any]:
    return {
        "id": t.pk,
        "number": t.number,
        "title": t.title,
        "purpose": t.purpose,
        "status": t.status,
        "org_unit_id": t.org_unit_id,
        "applicant_id": t.applicant_id,
        "departure": t.departure,
        "return_on": t.return_on,
        "days": t.days,
        "people": getattr(t, "member_count", None) or selectors.members_of(t).count(),
        "countries": getattr(t, "country_codes", None)
        or list(dict.fromkeys(selectors.destinations_of(t).values_list("country", flat=True))),
        "mission_number": t.mission_number,
        "recorded_afterwards": t.recorded_afterwards,
    }


def _detail(t: Trip) -> dict[str, Any]:
    members = list(selectors.members_of(t))
    data = _out(t)
    data.update(
        {
            "member_ids": [m.person_id for m in members],
            "leader_id": next((m.person_id for m in members if m.is_leader), None),
            "destinations": [
                {"country": d.country, "city": d.city, "days": d.days} for d in selectors.destinations_of(t)
            ],
            "budget": [
                {
                    "id": b.pk,
                    "item": b.item,
                    "amount": b.amount,
                    "fund_source": b.fund_source,
                    "actual": b.actual,
                    "actual_currency": b.actual_currency,
                    "actual_in_currency": b.actual_in_currency,
                    "actual_rate": b.actual_rate,
                }
                for b in selectors.budget_of(t)
            ],
            "inviting_partner_id": t.inviting_partner_id,
            "agreement_id": t.agreement_id,
            "planned_trip_id": t.planned_trip_id,
            "fund_source": t.fund_source,
            "led_by_school_leader": t.led_by_school_leader,
            "itinerary": t.itinerary,
            "revision": t.revision,
            "notice_starts_on": t.notice_starts_on,
            "notice_ends_on": t.notice_ends_on,
            "mission_issued_on": t.mission_issued_on,
            "status_note": t.status_note,
            "report_due_on": selectors.report_due_on(t) if t.status == Trip.Status.APPROVED else None,
        }
    )
    return data


def _payload(request: HttpRequest, payload: TripIn, trip: Trip | None = None) -> dict[str, Any]:
    """The payload with every id resolved among what the user may name (core.choices): 404 otherwise.
    Links the trip already has may stay, as on the page."""
    user = request.user

    def link(choices: Any, field: str, pk: Id | None) -> Any:
        return pick_or_keep(choices, pk, getattr(trip, field) if trip is not None else None)

    people = selectors.traveller_choices(user)
    member_people = {} if trip is None else {m.person_id: m.person for m in selectors.members_of(trip)}
    return {
        "data": {
            "title": payload.title,
            "purpose": payload.purpose,
            "org_unit": link(selectors.unit_choices(user), "org_unit", payload.org_unit_id),
            "applicant": link(people, "applicant", payload.applicant_id),
            "departure": payload.departure,
            "return_on": payload.return_on,
            "inviting_partner": link(
                selectors.inviting_partner_choices(user), "inviting_partner", payload.inviting_partner_id
            ),
            "agreement": link(selectors.agreement_choices(user), "agreement", payload.agreement_id),
            "planned_trip": link(
                selectors.planned_trip_choices(user, trip), "planned_trip", payload.planned_trip_id
            ),
            "fund_source": payload.fund_source,
            "led_by_school_leader": payload.led_by_school_leader,
            "itinerary": payload.itinerary,
        },
        "members": [member_people.get(pk) or pick(people, pk) for pk in payload.member_ids],
        "leader": member_people.get(payload.leader_id) or pick(people, payload.leader_id),
        "destinations": [
            services.Destination(country=d.country, city=d.city, days=d.days) for d in payload.destinations
        ],
        "lines": [
            services.Line(item=b.item, amount=b.amount, fund_source=b.fund_source) for b in payload.budget
        ],
    }


def _managed(request: HttpRequest, trip_id: Id) -> Trip:
    trip = selectors.trip_get_for_user(user=request.user, pk=trip_id)
    if not access_for(request.user).can(TRIP_MANAGE, institution_id=trip.institution_id):
        raise Http404
    return trip


@router.get("/travel/trips", response=list[TripOut], summary="Trips the user may see")
@paginate(Pagination)
def trip_list(request: HttpRequest, filters: Query[TripFilter]) -> Any:
    qs = selectors.trip_list(
        user=request.user,
        search=filters.q,
        status=filters.status,
        purpose=filters.purpose,
        country=(filters.country or "").upper() or None,
        start=filters.start,
        end=filters.end,
    )
    return [_out(t) for t in selectors.attach_countries(list(qs))]


@router.get("/travel/trips/{trip_id}", response=TripDetailOut)
def trip_detail(request: HttpRequest, trip_id: Id) -> dict[str, Any]:
    return _detail(selectors.trip_get_for_user(user=request.user, pk=trip_id))


@router.post("/travel/trips", response={201: TripDetailOut}, summary="Draft an application")
def trip_create(request: HttpRequest, payload: TripIn) -> Status[dict[str, Any]]:
    if not access_for(request.user).can_anywhere(TRIP_APPLY):
        raise Http404
    trip = services.trip_create(
        institution=org_selectors.institution_of(request.user),
        actor=request.user,
        **_payload(request, payload),
    )
    return Status(201, _detail(trip))


@router.post(
    "/travel/past-trips",
    response={201: TripDetailOut},
    summary="Record a past trip afterwards, with the approval reference it had (office)",
)
def trip_record_past(request: HttpRequest, payload: PastTripIn) -> Status[dict[str, Any]]:
    if not selectors.may_record_past(request.user):
        raise Http404
    trip = services.trip_record_past(
        institution=org_selectors.institution_of(request.user),
        actor=request.user,
        mission_number=payload.mission_number,
        mission_issued_on=payload.mission_issued_on,
        **_payload(request, payload),
    )
    return Status(201, _detail(trip))


@router.put(
    "/travel/past-trips/{trip_id}",
    response=TripDetailOut,
    summary="Correct the record of a trip recorded afterwards (office)",
)
def trip_update_past(request: HttpRequest, trip_id: Id, payload: PastTripIn) -> dict[str, Any]:
    trip = _managed(request, trip_id)
    if not selectors.may_record_past(request.user) or not services.record_correctable(trip):
        raise Http404
    services.trip_update_past(
        trip=trip,
        actor=request.user,
        mission_number=payload.mission_number,
        mission_issued_on=payload.mission_issued_on,
        **_payload(request, payload, trip),
    )
    return _detail(selectors.trip_get_for_user(user=request.user, pk=trip_id))


@router.post(
    "/travel/trips/{trip_id}/correct-dates",
    response=TripDetailOut,
    summary="Correct the dates the delegation really travelled, after its return (office)",
)
def trip_correct_dates(request: HttpRequest, trip_id: Id, payload: DatesIn) -> dict[str, Any]:
    trip = _managed(request, trip_id)
    destinations = (
        None
        if payload.destinations is None
        else [services.Destination(country=d.country, city=d.city, days=d.days) for d in payload.destinations]
    )
    services.trip_correct_dates(
        trip=trip,
        departure=payload.departure,
        return_on=payload.return_on,
        reason=payload.reason,
        destinations=destinations,
        actor=request.user,
    )
    return _detail(selectors.trip_get_for_user(user=request.user, pk=trip_id))


@router.put(
    "/travel/trips/{trip_id}",
    response=TripDetailOut,
    summary="Replace a draft or returned application (a changed approved trip is approved again)",
)
def trip_update(request: HttpRequest, trip_id: Id, payload: TripIn) -> dict[str, Any]:
    trip = selectors.trip_get_for_user(user=request.user, pk=trip_id, code=TRIP_APPLY)
    services.trip_update(trip=trip, actor=request.user, **_payload(request, payload, trip))
    return _detail(selectors.trip_get_for_user(user=request.user, pk=trip_id))


@router.post("/travel/trips/{trip_id}/submit", response=TripDetailOut, summary="Submit for approval")
def trip_submit(request: HttpRequest, trip_id: Id) -> dict[str, Any]:
    trip = selectors.trip_get_for_user(user=request.user, pk=trip_id, code=TRIP_APPLY)
    return _detail(services.trip_submit(trip=trip, actor=request.user))


@router.post("/travel/trips/{trip_id}/cancel", response=TripDetailOut)
def trip_cancel(request: HttpRequest, trip_id: Id, payload: ReasonIn) -> dict[str, Any]:
    trip = selectors.trip_get_for_user(user=request.user, pk=trip_id)
    access = access_for(request.user)
    if not (
        selectors.may(request.user, trip, TRIP_APPLY)
        or access.can(TRIP_MANAGE, institution_id=trip.institution_id)
    ):
        raise Http404
    return _detail(services.trip_cancel(trip=trip, reason=payload.reason, actor=request.user))


@router.get(
    "/travel/trips/{trip_id}/approvals", response=list[StepOut], summary="Every approval step of the trip"
)
def trip_approvals(request: HttpRequest, trip_id: Id) -> list[dict[str, Any]]:
    trip = selectors.trip_get_for_user(user=request.user, pk=trip_id)
    result = []
    for req in approval_selectors.requests_of(
        institution_id=trip.institution_id, kind=selectors.KIND, object_id=trip.pk
    ):
        for step in req.step_list:  # type: ignore[attr-defined]
            step.request = req
            result.append(step_out(step))
    return result


@router.get("/travel/trips/{trip_id}/documents", response=list[AttachmentOut])
def document_list(request: HttpRequest, trip_id: Id) -> Any:
    return selectors.documents_of(selectors.trip_get_for_user(user=request.user, pk=trip_id))


@router.post(
    "/travel/trips/{trip_id}/documents",
    response={201: AttachmentOut},
    summary="Upload a document (PDF, PNG, JPEG); served by GET /api/v1/files/{id}",
)
def document_upload(
    request: HttpRequest,
    trip_id: Id,
    kind: TripDocumentKind,
    file: File[UploadedFile],
    part: int | None = None,
) -> Status[Any]:
    """``part``: the budget line a receipt is about."""
    trip = selectors.trip_get_for_user(user=request.user, pk=trip_id)
    line = pick(selectors.budget_of(trip), part) if part is not None else None
    return Status(
        201, attachment_services.attach(owner=trip, upload=file, kind=kind, part=line, actor=request.user)
    )


@router.post(
    "/travel/trips/{trip_id}/objections",
    response={201: ObjectionOut},
    summary="Record an objection during the notice",
)
def objection_create(request: HttpRequest, trip_id: Id, payload: ObjectionIn) -> Status[Objection]:
    trip = _managed(request, trip_id)
    return Status(201, services.objection_record(trip=trip, data=payload.dict(), actor=request.user))


@router.post("/travel/objections/{objection_id}/resolve", response=ObjectionOut)
def objection_resolve(request: HttpRequest, objection_id: Id, payload: ResolveIn) -> Objection:
    objection = selectors.trip_child_get_for_user(user=request.user, model=Objection, pk=objection_id)
    _managed(request, objection.trip_id)
    return services.objection_resolve(
        objection=objection, outcome=payload.outcome, resolution=payload.resolution, actor=request.user
    )


@router.post(
    "/travel/trips/{trip_id}/mission",
    response=TripDetailOut,
    summary="Issue the mission approval after the notice",
)
def mission_issue(request: HttpRequest, trip_id: Id) -> dict[str, Any]:
    return _detail(services.mission_issue(trip=_managed(request, trip_id), actor=request.user))


@router.post("/travel/trips/{trip_id}/passports", response={201: PassportOut})
def passport_issue(request: HttpRequest, trip_id: Id, payload: PassportIn) -> Status[PassportLoan]:
    trip = _managed(request, trip_id)
    person = pick(selectors.traveller_choices(request.user), payload.person_id)
    return Status(
        201,
        services.passport_issue(
            trip=trip,
            person=person,
            issued_on=payload.issued_on,
            document=payload.document,
            actor=request.user,
        ),
    )


@router.post("/travel/passports/{loan_id}/return", response=PassportOut)
def passport_return(request: HttpRequest, loan_id: Id, payload: PassportReturnIn) -> PassportLoan:
    loan = selectors.trip_child_get_for_user(user=request.user, model=PassportLoan, pk=loan_id)
    _managed(request, loan.trip_id)
    return services.passport_return(loan=loan, returned_on=payload.returned_on, actor=request.user)


@router.post(
    "/travel/trips/{trip_id}/report",
    response=TripDetailOut,
    summary="File the trip report (after the return)",
)
def report_submit(request: HttpRequest, trip_id: Id, payload: ReportIn) -> dict[str, Any]:
    trip = selectors.trip_get_for_user(user=request.user, pk=trip_id, code=TRIP_APPLY)
    services.report_submit(
        trip=trip,
        text=payload.text,
        outcomes=payload.outcomes,
        partners=pick_many(partner_selectors.partner_choices(request.user), payload.partner_ids),
        agreements=pick_many(selectors.agreement_choices(request.user), payload.agreement_ids),
        actor=request.user,
    )
    return _detail(selectors.trip_get_for_user(user=request.user, pk=trip_id))


@router.post(
    "/travel/trips/{trip_id}/settlement",
    response=TripDetailOut,
    summary="Settle the expenses of an approved trip",
)
def settle(request: HttpRequest, trip_id: Id, payload: SettlementIn) -> dict[str, Any]:
    trip = selectors.trip_get_for_user(user=request.user, pk=trip_id)
    if not access_for(request.user).can(TRIP_SETTLE, institution_id=trip.institution_id):
        raise Http404
    actuals = {pk: services.Actual(a.amount, a.currency, a.rate) for pk, a in payload.actuals.items()}
    services.settle(trip=trip, actuals=actuals, note=payload.note, actor=request.user)
    return _detail(selectors.trip_get_for_user(user=request.user, pk=trip_id))


@router.get(
    "/travel/figures",
    response=TravelFiguresOut,
    summary="Person-days abroad, trips per country, report compliance",
)
def figures(
    request: HttpRequest, year: Year | None = None, period: str = "school", unit_id: Id | None = None
) -> dict[str, Any]:
    access = access_for(request.user)
    if access.institution_id is None or not access.can_anywhere(FIGURES_VIEW):
        raise Http404
    unit: OrgUnit | None = org_selectors.unit_get_for_user(user=request.user, pk=unit_id) if unit_id else None
    year = default_year() if year is None else year
    start, end = period_bounds(kind_of(period), year)
    fig = selectors.figures(
        user=request.user,
        institution=org_selectors.institution_of(request.user),
        start=start,
        end=end,
        unit=unit,
    )

    def rows(items: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "key": r.key,
                "label": r.label,
                "trips": r.trips,
                "people": r.people,
                "person_days": r.person_days,
            }
            for r in items
        ]

    return {
        "start": fig.start,
        "end": fig.end,
        "trips": fig.trips,
        "person_days": fig.person_days,
        "teaching_person_days": fig.teaching_person_days,
        "reports_due": fig.reports_due,
        "reports_on_time": fig.reports_on_time,
        "reports_late": fig.reports_late,
        "reports_missing": fig.reports_missing,
        "compliance": fig.compliance,
        "by_purpose": rows(fig.by_purpose),
        "by_unit": rows(fig.by_unit),
        "by_country": rows(fig.by_country),
    }
