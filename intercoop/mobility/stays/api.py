"""API of mobility: the register (list, read, record, correct, cancel) and the figures."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from intercoop.core.access import require_anywhere
from intercoop.core.apitypes import Id, Pagination
from intercoop.mobility.links import resolve_links
from intercoop.mobility.models import (
    ForeignExpert,
    InternationalStudent,
    VisaType,
)
from intercoop.mobility.permissions import (
    STAY_EDIT,
    STAY_VIEW,
)
from intercoop.mobility.stays import selectors
from intercoop.mobility.stays import services as stays
from intercoop.org.selectors import institution_of

router = Router(tags=["mobility"])


# -- international students and foreign experts --------------------------------------------------------


class StayOut(Schema):
    id: int
    person_id: Id
    name: str
    nationality: str
    org_unit_id: Id
    responsible_id: Id | None
    home_partner_id: Id | None
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
    from intercoop.mobility.stays.services import deadlines, rules_for

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
    person_id: Id
    org_unit_id: Id
    responsible_id: Id | None = None
    home_partner_id: Id | None = None
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
        resolve_links(
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
    @paginate(Pagination)
    def list_stays(request: HttpRequest, q: str | None = None) -> Any:
        require_anywhere(request.user, STAY_VIEW)
        qs = selectors.stay_list(user=request.user, model=model, search=q).select_related("institution")
        return [_stay_out(s) for s in qs]

    @router.get(f"/mobility/{path}/{{pk}}", response=out, summary=f"One of the {label.lower()}")
    def get_stay(request: HttpRequest, pk: Id) -> Any:
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
    def update_stay(request: HttpRequest, pk: Id, payload: schema_in) -> Any:
        stay = selectors.stay_get_for_user(user=request.user, model=model, pk=pk, code=STAY_EDIT)
        data = _stay_data(request, payload, stay)
        return _stay_out(stays.stay_update(stay=stay, data=data, actor=request.user))

    for function in (list_stays, get_stay, create_stay, update_stay):
        function.__name__ = f"{function.__name__}_{path}"


_stay_routes("students", InternationalStudent, StudentOut, StudentIn, "International students")
_stay_routes("experts", ForeignExpert, ExpertOut, ExpertIn, "Foreign experts and teachers")
