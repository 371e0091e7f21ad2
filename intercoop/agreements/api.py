"""API of agreements: list with health, detail, drafting, steps, obligations, documents, interactions."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from intercoop.agreements import selectors, services
from intercoop.agreements.models import Agreement, Condition, DocumentKind, Interaction, Obligation
from intercoop.agreements.permissions import AGREEMENT_CHANGE, AGREEMENT_SIGN
from intercoop.attachments import services as attachment_services
from intercoop.attachments.api import AttachmentOut
from intercoop.core.access import access_for
from intercoop.core.apitypes import Count, Id, Pagination, patch_data
from intercoop.core.choices import pick
from intercoop.org import selectors as org_selectors
from intercoop.org.models import Person
from intercoop.partners import selectors as partner_selectors

router = Router(tags=["agreements"])


class AgreementOut(Schema):
    id: int
    number: str
    title: str
    title_en: str
    type: str
    status: str
    confidential: bool
    signed_on: dt.date | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    auto_renewal: bool
    framework_id: Id | None
    predecessor_id: Id | None
    health: str
    last_activity: dt.date | None
    overdue_obligations: int
    places_offered: int


class AgreementDetailOut(AgreementOut):
    summary: str
    status_note: str
    partner_ids: list[Id]
    unit_ids: list[Id]
    school_responsible_id: Id | None
    college_responsible_id: Id | None


class AgreementIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    title_en: str = ""
    type: Agreement.Type
    partner_ids: list[Id] = Field(..., min_length=1)
    unit_ids: list[Id] = []
    signed_on: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    auto_renewal: bool = False
    notice_days: int = Field(90, ge=0)
    confidential: bool = False
    school_responsible_id: Id | None = None
    college_responsible_id: Id | None = None
    summary: str = ""


class AgreementPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    title_en: str | None = None
    type: Agreement.Type | None = None
    partner_ids: list[Id] | None = None
    unit_ids: list[Id] | None = None
    signed_on: dt.date | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    auto_renewal: bool | None = None
    confidential: bool | None = None
    summary: str | None = None


class StepIn(Schema):
    step: str = Field(..., description="submit, approve, return, sign, activate or terminate")
    expected_status: str | None = Field(
        None, description="The status you saw; a changed agreement answers 409."
    )
    note: str = ""
    signed_on: dt.date | None = None


class AgreementFilter(Schema):
    q: str | None = None
    status: Agreement.Status | None = None
    type: Agreement.Type | None = None
    health: str | None = None
    partner_id: Id | None = None


class ObligationOut(Schema):
    id: int
    title: str
    party_id: Id | None
    responsible_id: Id | None
    due_on: dt.date
    status: str
    done_on: dt.date | None
    notes: str


class ObligationIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    party_id: Id | None = None
    responsible_id: Id | None = None
    due_on: dt.date
    status: Obligation.Status = Obligation.Status.OPEN
    done_on: dt.date | None = None
    notes: str = ""


class ConditionOut(Schema):
    id: int
    direction: str
    activity: str
    places_per_year: int
    months_per_year: float | None
    days_per_year: int | None
    isced_codes: str
    levels: str
    language_requirements: str


class ConditionIn(Schema):
    direction: Condition.Direction
    activity: Condition.Activity
    places_per_year: Count = Field(0, ge=0)
    months_per_year: float | None = Field(None, ge=0)
    days_per_year: Count | None = Field(None, ge=0)
    isced_codes: str = ""
    levels: str = ""
    language_requirements: str = ""


class InteractionOut(Schema):
    id: int
    partner_id: Id
    agreement_id: Id | None
    kind: str
    occurred_on: dt.date
    subject: str
    participants: str
    notes: str


class InteractionIn(Schema):
    partner_id: Id
    agreement_id: Id | None = None
    kind: Interaction.Kind
    occurred_on: dt.date
    subject: str = Field(..., min_length=1, max_length=300)
    participants: str = ""
    notes: str = ""


def _out(a: Agreement) -> dict[str, Any]:
    last = getattr(a, "last_activity", None)
    return {
        "id": a.pk,
        "number": a.number,
        "title": a.title,
        "title_en": a.title_en,
        "type": a.type,
        "status": a.status,
        "confidential": a.confidential,
        "signed_on": a.signed_on,
        "valid_from": a.valid_from,
        "valid_to": a.valid_to,
        "auto_renewal": a.auto_renewal,
        "framework_id": a.framework_id,
        "predecessor_id": a.predecessor_id,
        "health": getattr(a, "health", ""),
        "last_activity": None if last == selectors.NEVER else last,
        "overdue_obligations": getattr(a, "overdue", 0),
        "places_offered": getattr(a, "places_offered", 0),
    }


def _detail(a: Agreement) -> dict[str, Any]:
    annotated = selectors.health_of(a)
    data = _out(annotated)
    data.update(
        {
            "summary": a.summary,
            "status_note": a.status_note,
            "partner_ids": [p.partner_id for p in selectors.parties_of(a)],
            "unit_ids": [u.org_unit_id for u in selectors.units_of(a)],
            "school_responsible_id": a.school_responsible_id,
            "college_responsible_id": a.college_responsible_id,
        }
    )
    return data


def _links(
    request: HttpRequest,
    partner_ids: list[Id] | None,
    unit_ids: list[Id] | None,
    agreement: Agreement | None = None,
) -> tuple[Any, Any]:
    """Partners and owning units resolved among what the user may name (core.choices); the ones the
    agreement already has may stay."""
    partners = units = None
    if partner_ids is not None:
        kept = {} if agreement is None else {p.partner_id: p.partner for p in selectors.parties_of(agreement)}
        choices = partner_selectors.partner_choices(request.user)
        partners = [kept.get(pk) or pick(choices, pk) for pk in partner_ids]
    if unit_ids is not None:
        owned = (
            {} if agreement is None else {u.org_unit_id: u.org_unit for u in selectors.units_of(agreement)}
        )
        owners = org_selectors.unit_choices(request.user, kinds=selectors.OWNER_KINDS)
        units = [owned.get(pk) or pick(owners, pk) for pk in unit_ids]
    return partners, units


def _person(request: HttpRequest, pk: Id | None) -> Person | None:
    return pick(org_selectors.person_choices(request.user), pk)


@router.get("/agreements", response=list[AgreementOut], summary="Agreements the user may see, with health")
@paginate(Pagination)
def agreement_list(request: HttpRequest, filters: Query[AgreementFilter]) -> Any:
    access = access_for(request.user)
    if access.institution_id is None:
        return []
    qs = selectors.agreement_list(
        access=access,
        institution=request.user.institution,  # type: ignore[union-attr]
        search=filters.q,
        status=filters.status,
        type=filters.type,
        health=filters.health,
        partner_id=filters.partner_id,
    )
    return [_out(a) for a in qs]


@router.get("/agreements/{agreement_id}", response=AgreementDetailOut)
def agreement_detail(request: HttpRequest, agreement_id: Id) -> dict[str, Any]:
    return _detail(selectors.agreement_get_for_user(user=request.user, pk=agreement_id))


@router.post("/agreements", response={201: AgreementDetailOut}, summary="Draft an agreement")
def agreement_create(request: HttpRequest, payload: AgreementIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    partners, units = _links(request, data.pop("partner_ids"), data.pop("unit_ids"))
    data["school_responsible"] = _person(request, data.pop("school_responsible_id"))
    data["college_responsible"] = _person(request, data.pop("college_responsible_id"))
    agreement = services.agreement_create(
        institution=org_selectors.institution_of(request.user),
        data=data,
        partners=partners,
        units=units,
        actor=request.user,
    )
    return Status(201, _detail(agreement))


@router.patch("/agreements/{agreement_id}", response=AgreementDetailOut)
def agreement_update(request: HttpRequest, agreement_id: Id, payload: AgreementPatch) -> dict[str, Any]:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=agreement_id, code=AGREEMENT_CHANGE)
    data = patch_data(payload, Agreement)
    partners, units = _links(request, data.pop("partner_ids", None), data.pop("unit_ids", None), agreement)
    agreement = services.agreement_update(
        agreement=agreement, data=data, partners=partners, units=units, actor=request.user
    )
    return _detail(agreement)


@router.post(
    "/agreements/{agreement_id}/steps",
    response=AgreementDetailOut,
    summary="Take a lifecycle step (409 when the agreement changed since you looked)",
)
def agreement_step(request: HttpRequest, agreement_id: Id, payload: StepIn) -> dict[str, Any]:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=agreement_id)
    right = services.STEP_PERMISSION.get(payload.step)
    if right is None or not selectors.permissions_on(request.user, agreement).get(right):
        raise Http404
    agreement = services.agreement_step(
        agreement=agreement,
        step=payload.step,
        actor=request.user,
        note=payload.note,
        signed_on=payload.signed_on,
        expected_status=payload.expected_status,
    )
    return _detail(agreement)


@router.post(
    "/agreements/{agreement_id}/renew",
    response={201: AgreementDetailOut},
    summary="Draft the renewal of an agreement",
)
def agreement_renew(request: HttpRequest, agreement_id: Id) -> Status[dict[str, Any]]:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=agreement_id, code=AGREEMENT_SIGN)
    return Status(201, _detail(services.agreement_renew(agreement=agreement, actor=request.user)))


@router.get("/agreements/{agreement_id}/conditions", response=list[ConditionOut])
def condition_list(request: HttpRequest, agreement_id: Id) -> Any:
    return selectors.conditions_of(selectors.agreement_get_for_user(user=request.user, pk=agreement_id))


@router.post("/agreements/{agreement_id}/conditions", response={201: ConditionOut})
def condition_create(request: HttpRequest, agreement_id: Id, payload: ConditionIn) -> Status[Any]:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=agreement_id, code=AGREEMENT_CHANGE)
    return Status(201, services.condition_save(agreement=agreement, data=payload.dict(), actor=request.user))


@router.get("/agreements/{agreement_id}/obligations", response=list[ObligationOut])
def obligation_list(request: HttpRequest, agreement_id: Id) -> Any:
    return selectors.obligations_of(selectors.agreement_get_for_user(user=request.user, pk=agreement_id))


@router.post("/agreements/{agreement_id}/obligations", response={201: ObligationOut})
def obligation_create(request: HttpRequest, agreement_id: Id, payload: ObligationIn) -> Status[Any]:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=agreement_id, code=AGREEMENT_CHANGE)
    data = payload.dict()
    party_id = data.pop("party_id")
    data["responsible"] = _person(request, data.pop("responsible_id"))
    data["party"] = pick(selectors.party_choices(agreement), party_id)
    return Status(201, services.obligation_save(agreement=agreement, data=data, actor=request.user))


class ObligationPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    due_on: dt.date | None = None
    status: Obligation.Status | None = None
    done_on: dt.date | None = None
    notes: str | None = None


@router.patch(
    "/agreements/{agreement_id}/obligations/{obligation_id}",
    response=ObligationOut,
    summary="Report on an obligation (its responsible person may, besides the agreement's editors)",
)
def obligation_update(
    request: HttpRequest, agreement_id: Id, obligation_id: Id, payload: ObligationPatch
) -> Any:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=agreement_id)
    obligation = selectors.obligation_get_for_user(user=request.user, agreement=agreement, pk=obligation_id)
    if not selectors.may_report(request.user, agreement, obligation):
        raise Http404
    return services.obligation_save(
        agreement=agreement, obligation=obligation, data=patch_data(payload, Obligation), actor=request.user
    )


@router.get("/agreements/{agreement_id}/documents", response=list[AttachmentOut])
def document_list(request: HttpRequest, agreement_id: Id) -> Any:
    return selectors.documents_of(selectors.agreement_get_for_user(user=request.user, pk=agreement_id))


@router.post(
    "/agreements/{agreement_id}/documents",
    response={201: AttachmentOut},
    summary="Upload a signed scan, annex or evidence (PDF, PNG, JPEG; checked by content)",
    description="`obligation_id` names the obligation the file is about; its responsible person may upload "
    "it. The file is then served by `GET /api/v1/files/{id}`.",
)
def document_upload(
    request: HttpRequest,
    agreement_id: Id,
    kind: DocumentKind,
    obligation_id: Id | None = None,
    file: UploadedFile = File(...),  # noqa: B008
) -> Status[Any]:
    agreement = selectors.agreement_get_for_user(user=request.user, pk=agreement_id)
    obligation = pick(selectors.obligations_of(agreement), obligation_id)
    return Status(
        201,
        attachment_services.attach(
            owner=agreement, upload=file, kind=kind, part=obligation, actor=request.user
        ),
    )


@router.get("/agreements/{agreement_id}/interactions", response=list[InteractionOut])
def interaction_list(request: HttpRequest, agreement_id: Id) -> Any:
    return selectors.interactions_of(
        agreement=selectors.agreement_get_for_user(user=request.user, pk=agreement_id)
    )


@router.post("/interactions", response={201: InteractionOut}, summary="Record an interaction with a partner")
def interaction_create(request: HttpRequest, payload: InteractionIn) -> Status[Any]:
    access = access_for(request.user)
    if not access.can_anywhere(AGREEMENT_CHANGE):
        raise Http404
    data = payload.dict()
    partner = partner_selectors.partner_get_for_user(user=request.user, pk=data.pop("partner_id"))
    agreement_id = data.pop("agreement_id")
    agreement = selectors.agreement_get_for_user(user=request.user, pk=agreement_id) if agreement_id else None
    return Status(
        201, services.interaction_record(partner=partner, agreement=agreement, data=data, actor=request.user)
    )
