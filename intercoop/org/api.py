"""API of the organisation: the institution, its units and people."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Body, Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from intercoop.core import audit
from intercoop.core.access import access_for
from intercoop.core.apitypes import Id, Pagination, patch_data
from intercoop.org import selectors, services
from intercoop.org.models import OrgUnit, Person
from intercoop.org.permissions import PERSON_CHANGE, PERSON_LIST

router = Router(tags=["org"])


class InstitutionOut(Schema):
    id: int
    code: str
    name: str
    name_zh: str
    name_en: str
    province: str
    city: str
    level: str


class UnitOut(Schema):
    id: int
    parent_id: Id | None
    kind: str
    function: str
    code: str
    name: str
    name_zh: str
    name_en: str
    depth: int
    archived: bool = Field(..., alias="is_archived")


class PersonOut(Schema):
    id: int
    kind: str
    external_role: str
    org_unit_id: Id | None
    number: str
    name: str
    name_zh: str
    name_en: str
    gender: str
    nationality: str
    organisation: str
    position: str
    email: str
    archived: bool = Field(..., alias="is_archived")


class PersonDetailOut(PersonOut):
    phone: str | None = Field(
        None, description="Only for readers allowed to see sensitive details; else null."
    )
    passport_number: str | None = None
    id_number: str | None = None
    birth_date: dt.date | None = None
    notes: str
    sensitive_visible: bool


class PersonIn(Schema):
    kind: Person.Kind
    external_role: Person.ExternalRole = Person.ExternalRole.NONE
    org_unit_id: Id | None = None
    number: str = ""
    name: str = Field(..., min_length=1, max_length=200)
    name_zh: str = ""
    name_en: str = ""
    gender: Person.Gender = Person.Gender.UNKNOWN
    nationality: str = "CN"
    organisation: str = ""
    position: str = ""
    email: str = ""
    phone: str = ""
    passport_number: str = ""
    id_number: str = ""
    birth_date: dt.date | None = None
    notes: str = ""


class PersonPatch(Schema):
    kind: Person.Kind | None = None
    external_role: Person.ExternalRole | None = None
    org_unit_id: Id | None = None
    number: str | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    name_zh: str | None = None
    name_en: str | None = None
    gender: Person.Gender | None = None
    nationality: str | None = None
    organisation: str | None = None
    position: str | None = None
    email: str | None = None
    phone: str | None = None
    passport_number: str | None = None
    id_number: str | None = None
    birth_date: dt.date | None = None
    notes: str | None = None


class PersonFilter(Schema):
    kind: Person.Kind | None = None
    unit_id: Id | None = None
    q: str | None = None
    archived: bool = False


class ChangeOut(Schema):
    field: str
    before: Any
    after: Any


class RecordHistoryOut(Schema):
    at: dt.datetime
    actor: str
    action: str
    label: str
    changes: list[ChangeOut]


def _person_out(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "kind": person.kind,
        "external_role": person.external_role,
        "org_unit_id": person.org_unit_id,
        "number": person.number,
        "name": person.name,
        "name_zh": person.name_zh,
        "name_en": person.name_en,
        "gender": person.gender,
        "nationality": person.nationality,
        "organisation": person.organisation,
        "position": person.position,
        "email": person.email,
        "is_archived": person.is_archived,
    }


def _person_detail(request: HttpRequest, person: Person) -> dict[str, Any]:
    visible = selectors.can_see_sensitive(access=access_for(request.user), person=person)
    data = _person_out(person)
    data.update(
        {
            "notes": person.notes,
            "sensitive_visible": visible,
            "phone": person.phone if visible else None,
            "passport_number": person.passport_number if visible else None,
            "id_number": person.id_number if visible else None,
            "birth_date": person.birth_date if visible else None,
        }
    )
    return data


def _resolve_unit(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """Turn ``org_unit_id`` into a unit the user may place people in (404 otherwise)."""
    if "org_unit_id" not in data:
        return data
    unit_id = data.pop("org_unit_id")
    data["org_unit"] = (
        selectors.unit_get_for_person_write(user=request.user, pk=unit_id) if unit_id is not None else None
    )
    return data


@router.get("/org/institution", response=InstitutionOut, summary="The user's institution")
def institution(request: HttpRequest) -> Any:
    inst = getattr(request.user, "institution", None)
    if inst is None:
        raise Http404
    return inst


@router.get(
    "/org/figures",
    response=list[selectors.InstitutionFigures],
    summary="Aggregated figures of the institutions the user may see",
)
def figures(request: HttpRequest) -> Any:
    return selectors.institution_figures(access=access_for(request.user))


@router.get("/org/units", response=list[UnitOut], summary="The organisation tree, in display order")
def units(request: HttpRequest, archived: bool = False) -> Any:
    return selectors.units_for_user(access=access_for(request.user), include_archived=archived)


@router.get("/org/units/{unit_id}", response=UnitOut)
def unit(request: HttpRequest, unit_id: Id) -> OrgUnit:
    return selectors.unit_get_for_user(user=request.user, pk=unit_id)


@router.get("/people", response=list[PersonOut], summary="People the user may list")
@paginate(Pagination)
def people(request: HttpRequest, filters: Query[PersonFilter]) -> Any:
    access = access_for(request.user)
    if not access.can_anywhere(PERSON_LIST):
        return []
    unit = selectors.unit_get_for_user(user=request.user, pk=filters.unit_id) if filters.unit_id else None
    qs = selectors.person_list(
        access=access, kind=filters.kind, unit=unit, search=filters.q, archived=filters.archived
    )
    return qs


@router.get("/people/{person_id}", response=PersonDetailOut)
def person(request: HttpRequest, person_id: Id) -> dict[str, Any]:
    return _person_detail(request, selectors.person_get_for_user(user=request.user, pk=person_id))


@router.post("/people", response={201: PersonDetailOut})
def person_create(request: HttpRequest, payload: PersonIn) -> Status[dict[str, Any]]:
    access = access_for(request.user)
    if access.institution_id is None or not access.can_anywhere(PERSON_CHANGE):
        raise Http404
    data = _resolve_unit(request, payload.dict())
    if data.get("org_unit") is None and not access.can_institution_wide(PERSON_CHANGE):
        raise Http404
    institution = selectors.institution_of(request.user)
    created = services.person_create(institution=institution, data=data, actor=request.user)
    return Status(201, _person_detail(request, created))


@router.patch("/people/{person_id}", response=PersonDetailOut)
def person_update(request: HttpRequest, person_id: Id, payload: PersonPatch) -> dict[str, Any]:
    target = selectors.person_get_for_user(user=request.user, pk=person_id, for_write=True)
    data = _resolve_unit(request, patch_data(payload, Person))
    access = access_for(request.user)
    if not selectors.can_see_sensitive(access=access, person=target):
        data = {k: v for k, v in data.items() if k not in Person.SENSITIVE_FIELDS}
    updated = services.person_update(person=target, data=data, actor=request.user)
    return _person_detail(request, updated)


@router.post("/people/{person_id}/archive", response=PersonDetailOut)
def person_archive(request: HttpRequest, person_id: Id) -> dict[str, Any]:
    target = selectors.person_get_for_user(user=request.user, pk=person_id, for_write=True)
    return _person_detail(request, services.person_archive(person=target, actor=request.user))


@router.post("/people/{person_id}/restore", response=PersonDetailOut)
def person_restore(request: HttpRequest, person_id: Id) -> dict[str, Any]:
    target = selectors.person_get_for_user(user=request.user, pk=person_id, for_write=True)
    return _person_detail(request, services.person_restore(person=target, actor=request.user))


@router.get("/people/{person_id}/history", response=list[RecordHistoryOut])
def person_history(request: HttpRequest, person_id: Id) -> list[dict[str, Any]]:
    target = selectors.person_get_for_user(user=request.user, pk=person_id)
    visible = selectors.can_see_sensitive(access=access_for(request.user), person=target)
    return [
        {
            "at": h.entry.at,
            "actor": h.entry.actor_label,
            "action": h.entry.action,
            "label": h.label,
            "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in h.lines],
        }
        for h in audit.history_for(target, can_see_sensitive=visible)
    ]


class SettingOut(Schema):
    key: str = Field(..., description="section.name, as stored in the institution's settings")
    label: str
    kind: str
    value: Any
    default: Any


def _settings_out(institution: Any) -> list[dict[str, Any]]:
    from intercoop.core import settings_registry

    return [
        {
            "key": s.key,
            "label": str(s.label),
            "kind": s.kind,
            "value": s.current(institution.settings),
            "default": s.default,
        }
        for s in settings_registry.all_settings()
    ]


def _settings_institution(request: HttpRequest) -> Any:
    from intercoop.org.permissions import INSTITUTION_SETTINGS

    if not access_for(request.user).can_institution_wide(INSTITUTION_SETTINGS):
        raise Http404
    return selectors.institution_of(request.user)


@router.get("/org/settings", response=list[SettingOut], summary="The institution's settings (office)")
def institution_settings(request: HttpRequest) -> Any:
    return _settings_out(_settings_institution(request))


@router.patch(
    "/org/settings",
    response=list[SettingOut],
    summary="Change some of the institution's settings: {key: value}; audited (office)",
)
def institution_settings_change(request: HttpRequest, payload: dict[str, Any] = Body(...)) -> Any:  # noqa: B008
    institution = services.institution_settings_save(
        institution=_settings_institution(request), values=payload, actor=request.user
    )
    return _settings_out(institution)
