"""API of the influence registers: read the posts abroad, standards adopted abroad and overseas sites."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from intercoop.core.access import require_anywhere
from intercoop.core.apitypes import Id, Pagination
from intercoop.influence import selectors
from intercoop.influence.permissions import INFLUENCE_VIEW
from intercoop.influence.registers import REGISTERS, Register

router = Router(tags=["influence"])


class EntryOut(Schema):
    id: int
    register_key: str
    title: str
    kind: str
    country: str
    org_unit_id: Id
    date: dt.date
    end_date: dt.date | None
    person_id: Id | None
    partner_id: Id | None
    status: str | None
    has_evidence: bool
    archived: bool


def _register(key: str) -> Register:
    register = REGISTERS.get(key)
    if register is None:
        raise Http404
    return register


def _out(register: Register, e: Any) -> dict[str, Any]:
    return {
        "id": e.pk,
        "register_key": register.key,
        "title": str(e),
        "kind": getattr(e, "kind", "") or "",
        "country": e.country,
        "org_unit_id": e.org_unit_id,
        "date": getattr(e, register.date_field),
        "end_date": getattr(e, "end_on", None) or getattr(e, "closed_on", None),
        "person_id": getattr(e, "person_id", None),
        "partner_id": getattr(e, "partner_id", None),
        "status": getattr(e, "status", None),
        "has_evidence": e.evidence_id is not None,
        "archived": e.archived_at is not None,
    }


@router.get("/influence/{key}", response=list[EntryOut], summary="Entries of one influence register")
@paginate(Pagination)
def entry_list(
    request: HttpRequest,
    key: str,
    q: str | None = None,
    country: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Any:
    reg = _register(key)
    require_anywhere(request.user, INFLUENCE_VIEW)
    qs = selectors.entries(user=request.user, register=reg, search=q, country=country, start=start, end=end)
    return [_out(reg, e) for e in qs]


@router.get("/influence/{key}/{entry_id}", response=EntryOut, summary="One entry of an influence register")
def entry_detail(request: HttpRequest, key: str, entry_id: Id) -> Any:
    reg = _register(key)
    return _out(reg, selectors.get_for_user(user=request.user, register=reg, pk=entry_id))
