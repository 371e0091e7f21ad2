"""API of the partner directory."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from intercoop.core import audit
from intercoop.core.access import access_for
from intercoop.core.apitypes import Id, Pagination, patch_data
from intercoop.org.selectors import institution_of
from intercoop.partners import selectors, services
from intercoop.partners.models import Partner, PartnerContact

router = Router(tags=["partners"])


class PartnerOut(Schema):
    id: int
    kind: str
    name: str
    name_zh: str
    name_en: str
    country: str
    city: str
    belt_and_road: bool
    website: str
    erasmus_code: str
    pic: str
    oid: str
    moe_code: str
    credit_code: str
    notes: str
    archived: bool = Field(..., alias="is_archived")
    merged_into_id: Id | None


class PartnerIn(Schema):
    kind: Partner.Kind
    name: str = Field(..., min_length=1, max_length=300)
    name_zh: str = ""
    name_en: str = ""
    country: str = Field(..., min_length=2, max_length=2)
    city: str = ""
    belt_and_road: bool = False
    website: str = ""
    erasmus_code: str = ""
    pic: str = ""
    oid: str = ""
    moe_code: str = ""
    credit_code: str = ""
    notes: str = ""
    confirm_not_duplicate: bool = Field(False, description="Create even though a similar partner exists.")


class PartnerPatch(Schema):
    kind: Partner.Kind | None = None
    name: str | None = Field(None, min_length=1, max_length=300)
    name_zh: str | None = None
    name_en: str | None = None
    country: str | None = Field(None, min_length=2, max_length=2)
    city: str | None = None
    belt_and_road: bool | None = None
    website: str | None = None
    erasmus_code: str | None = None
    pic: str | None = None
    oid: str | None = None
    moe_code: str | None = None
    credit_code: str | None = None
    notes: str | None = None


class PartnerFilter(Schema):
    q: str | None = None
    kind: Partner.Kind | None = None
    country: str | None = None
    belt_and_road: bool = False
    archived: bool = False


class CandidateOut(Schema):
    id: int
    name: str
    country: str
    city: str


class DuplicateOut(Schema):
    message: str
    code: str
    field: str
    candidates: list[CandidateOut]


class ContactOut(Schema):
    id: int
    name: str
    name_zh: str
    role: str
    position: str
    email: str
    phone: str


class ContactIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    name_zh: str = ""
    role: PartnerContact.Role = PartnerContact.Role.PRIMARY
    position: str = ""
    email: str = ""
    phone: str = ""
    notes: str = ""


class MergeIn(Schema):
    source_id: Id = Field(..., description="The duplicate; its records move to the partner in the path.")


class ReferenceOut(Schema):
    id: int
    source: str
    name: str
    country: str
    city: str
    website: str
    erasmus_code: str
    pic: str
    moe_code: str


class PartnerHistoryOut(Schema):
    at: dt.datetime
    actor: str
    action: str
    label: str


def _require_change(request: HttpRequest) -> None:
    if not selectors.may_change(access_for(request.user)):
        raise Http404


@router.get("/partners", response=list[PartnerOut], summary="The partner directory")
@paginate(Pagination)
def partner_list(request: HttpRequest, filters: Query[PartnerFilter]) -> Any:
    return selectors.partner_list(
        access=access_for(request.user),
        search=filters.q,
        kind=filters.kind,
        country=filters.country,
        belt_and_road=filters.belt_and_road,
        archived=filters.archived,
    )


@router.get(
    "/partners/reference",
    response=list[ReferenceOut],
    summary="Search the MoE, Erasmus charter and world universities lists",
)
def reference(request: HttpRequest, q: str, country: str | None = None) -> Any:
    _require_change(request)
    return selectors.reference_search(search=q, country=country)


@router.get("/partners/{partner_id}", response=PartnerOut)
def partner_detail(request: HttpRequest, partner_id: Id) -> Partner:
    return selectors.partner_get_for_user(user=request.user, pk=partner_id)


@router.post(
    "/partners",
    response={201: PartnerOut, 409: DuplicateOut},
    summary="Add a partner (409 with candidates when a similar one exists)",
)
def partner_create(request: HttpRequest, payload: PartnerIn) -> Status[Any]:
    _require_change(request)
    data = payload.dict()
    confirm = data.pop("confirm_not_duplicate")
    try:
        partner = services.partner_create(
            institution=institution_of(request.user),
            data=data,
            actor=request.user,
            confirm_not_duplicate=confirm,
        )
    except services.DuplicateSuspected as exc:
        return Status(
            409,
            {
                "message": str(exc),
                "code": exc.code,
                "field": exc.field or "name",
                "candidates": [
                    {"id": p.pk, "name": p.display_name, "country": p.country, "city": p.city}
                    for p in exc.candidates
                ],
            },
        )
    return Status(201, partner)


@router.patch("/partners/{partner_id}", response=PartnerOut)
def partner_update(request: HttpRequest, partner_id: Id, payload: PartnerPatch) -> Partner:
    partner = selectors.partner_get_for_user(user=request.user, pk=partner_id, for_write=True)
    return services.partner_update(partner=partner, data=patch_data(payload, Partner), actor=request.user)


@router.post("/partners/{partner_id}/archive", response=PartnerOut)
def partner_archive(request: HttpRequest, partner_id: Id) -> Partner:
    partner = selectors.partner_get_for_user(user=request.user, pk=partner_id, for_write=True)
    return services.partner_archive(partner=partner, actor=request.user)


@router.post("/partners/{partner_id}/restore", response=PartnerOut)
def partner_restore(request: HttpRequest, partner_id: Id) -> Partner:
    partner = selectors.partner_get_for_user(user=request.user, pk=partner_id, for_write=True)
    return services.partner_restore(partner=partner, actor=request.user)


@router.post(
    "/partners/{partner_id}/merge",
    response=PartnerOut,
    summary="Merge a duplicate into this partner; every record pointing at it moves here",
)
def partner_merge(request: HttpRequest, partner_id: Id, payload: MergeIn) -> Partner:
    if not selectors.may_merge(access_for(request.user)):
        raise Http404
    target = selectors.partner_get_for_user(user=request.user, pk=partner_id, for_write=True)
    source = selectors.partner_get_for_user(user=request.user, pk=payload.source_id, for_write=True)
    return services.partner_merge(source=source, target=target, actor=request.user)


@router.get("/partners/{partner_id}/contacts", response=list[ContactOut])
def contact_list(request: HttpRequest, partner_id: Id) -> Any:
    partner = selectors.partner_get_for_user(user=request.user, pk=partner_id)
    return selectors.contacts_of(partner=partner)


@router.post("/partners/{partner_id}/contacts", response={201: ContactOut})
def contact_create(request: HttpRequest, partner_id: Id, payload: ContactIn) -> Status[Any]:
    partner = selectors.partner_get_for_user(user=request.user, pk=partner_id, for_write=True)
    return Status(201, services.contact_create(partner=partner, data=payload.dict(), actor=request.user))


class ContactPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    name_zh: str | None = None
    role: PartnerContact.Role | None = None
    position: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None


@router.patch("/partners/{partner_id}/contacts/{contact_id}", response=ContactOut)
def contact_update(request: HttpRequest, partner_id: Id, contact_id: Id, payload: ContactPatch) -> Any:
    partner = selectors.partner_get_for_user(user=request.user, pk=partner_id, for_write=True)
    contact = selectors.contact_get_for_user(user=request.user, partner=partner, pk=contact_id)
    return services.contact_update(
        contact=contact, data=patch_data(payload, PartnerContact), actor=request.user
    )


@router.post("/partners/{partner_id}/contacts/{contact_id}/archive", response=ContactOut)
def contact_archive(request: HttpRequest, partner_id: Id, contact_id: Id) -> Any:
    partner = selectors.partner_get_for_user(user=request.user, pk=partner_id, for_write=True)
    contact = selectors.contact_get_for_user(user=request.user, partner=partner, pk=contact_id)
    return services.contact_archive(contact=contact, actor=request.user)


@router.get("/partners/{partner_id}/history", response=list[PartnerHistoryOut])
def partner_history(request: HttpRequest, partner_id: Id) -> list[dict[str, Any]]:
    partner = selectors.partner_get_for_user(user=request.user, pk=partner_id)
    return [
        {"at": h.entry.at, "actor": h.entry.actor_label, "action": h.entry.action, "label": h.label}
        for h in audit.history_for(partner, can_see_sensitive=True)
    ]
