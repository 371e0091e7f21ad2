"""Reads of the partner directory, through the reader's access."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from intercoop.core.access import Access, access_for, parse_pk
from intercoop.core.identifiers import erasmus_code_read
from intercoop.partners import matching
from intercoop.partners.models import Partner, PartnerContact, ReferenceInstitution
from intercoop.partners.permissions import PARTNER_CHANGE, PARTNER_MERGE, PARTNER_VIEW


def can(access: Access, code: str) -> bool:
    """Partners belong to the whole institution: holding the code anywhere in it is enough."""
    return access.institution_id is not None and access.can_anywhere(code)


def partner_get_for_user(*, user: Any, pk: Any, for_write: bool = False) -> Partner:
    access = access_for(user)
    pk = parse_pk(pk)
    if not can(access, PARTNER_CHANGE if for_write else PARTNER_VIEW):
        raise Http404
    partner = (
        Partner.objects.filter(institution_id=access.own_institution(), pk=pk)
        .select_related("merged_into")
        .first()
    )
    if partner is None:
        raise Http404
    return partner


def partner_recorded_as(partner: Partner, fields: Sequence[str]) -> bool:
    """Is there a partner of the institution, in use, with every one of ``fields`` as ``partner`` has it?
    (An import row that changes nothing.)"""
    return Partner.objects.filter(
        institution_id=partner.institution_id,
        archived_at__isnull=True,
        merged_into__isnull=True,
        **{f: getattr(partner, f) for f in fields},
    ).exists()


def partner_choices(user: Any) -> QuerySet[Partner]:
    """The partners the user may link to a record: the institution's active, unmerged partners, for users
    who may see the partner directory (core.choices)."""
    access = access_for(user)
    if not can(access, PARTNER_VIEW):
        return Partner.objects.none()
    return Partner.objects.filter(
        institution_id=access.own_institution(), archived_at__isnull=True, merged_into__isnull=True
    ).order_by("name", "id")


def partner_list(
    *,
    access: Access,
    search: str | None = None,
    kind: str | None = None,
    country: str | None = None,
    belt_and_road: bool = False,
    archived: bool = False,
) -> QuerySet[Partner]:
    if not can(access, PARTNER_VIEW):
        return Partner.objects.none()
    qs = Partner.objects.filter(institution_id=access.own_institution(), archived_at__isnull=not archived)
    if not archived:
        qs = qs.filter(merged_into__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(country=country.upper())
    if belt_and_road:
        qs = qs.filter(belt_and_road=True)
    if search:
        term = search.strip()
        key = matching.name_key(term)
        condition = (
            Q(name__icontains=term)
            | Q(name_zh__icontains=term)
            | Q(name_en__icontains=term)
            | Q(city__icontains=term)
            | Q(erasmus_code__icontains=term)
            | Q(pic=term)
            | Q(credit_code=term.upper())
            | Q(moe_code=term)
        )
        if key:
            condition |= Q(name_key__contains=key)
        qs = qs.filter(condition | _typed_code(term))
    return qs.order_by("name", "id")


def _typed_code(term: str) -> Q:
    """An Erasmus code as typed (one space, a non-breaking space, none): the canonical code, or every code
    it could be when its space is missing; matches nothing when the term is no code."""
    reading = erasmus_code_read(term)
    codes = [reading.code] if reading.code else list(reading.candidates)
    return Q(erasmus_code__in=codes) if codes else Q(pk__in=[])


def contacts_of(*, partner: Partner, archived: bool = False) -> QuerySet[PartnerContact]:
    return PartnerContact.objects.filter(partner=partner, archived_at__isnull=not archived).order_by(
        "role", "name"
    )


def contact_get_for_user(*, user: Any, partner: Partner, pk: Any) -> PartnerContact:
    pk = parse_pk(pk)
    contact = PartnerContact.objects.filter(partner=partner, pk=pk).first()
    if contact is None:
        raise Http404
    return contact


def may_change(access: Access) -> bool:
    return can(access, PARTNER_CHANGE)


def may_merge(access: Access) -> bool:
    return can(access, PARTNER_MERGE)


def reference_search(
    *, search: str, country: str | None = None, source: str | None = None, limit: int = 25
) -> list[ReferenceInstitution]:
    """Entries of the public reference lists matching a name, code or city (for picking a partner)."""
    term = (search or "").strip()
    if len(term) < 2:
        return []
    key = matching.name_key(term)
    qs = ReferenceInstitution.objects.all()
    if country:
        qs = qs.filter(country=country.upper())
    if source:
        qs = qs.filter(source=source)
    condition = (
        Q(name__icontains=term)
        | Q(erasmus_code__icontains=term)
        | Q(pic=term)
        | Q(moe_code=term)
        | _typed_code(term)
    )
    if key:
        condition |= Q(search_key__contains=key)
    return list(qs.filter(condition).order_by("source", "name")[:limit])


def reference_get(pk: Any) -> ReferenceInstitution:
    entry = ReferenceInstitution.objects.filter(pk=parse_pk(pk)).first()
    if entry is None:
        raise Http404
    return entry
