"""Writing mobility records: every check a record must pass, then one audited save.

Checks: the dates are in order, the person has no other mobility over the same days, the country is
known, partners and agreement belong to the institution. Services raise ``MobilityError`` (400) or
``ConflictError`` (409, an overlap) naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from intercoop.agreements import selectors as agreement_selectors
from intercoop.core import audit, bounds, choices, countries, locks, numbering
from intercoop.core.access import access_for
from intercoop.core.archiving import set_archived
from intercoop.core.errors import ConflictError, DomainError
from intercoop.mobility.models import Direction, Mobility, ParticipantKind
from intercoop.mobility.permissions import MOBILITY_EDIT
from intercoop.org import selectors as org_selectors
from intercoop.org.models import Institution, Person
from intercoop.partners import selectors as partner_selectors

FIELDS = (
    "direction",
    "type",
    "person",
    "participant_label",
    "participant_kind",
    "gender",
    "nationality",
    "age",
    "org_unit",
    "home_partner",
    "host_partner",
    "host_name",
    "country",
    "city",
    "planned_start",
    "planned_end",
    "start_date",
    "end_date",
    "credits_planned",
    "credits_obtained",
    "funding",
    "grant_amount",
    "currency",
    "agreement",
    "project",
    "notes",
)
TRACKED = (*FIELDS, "status")


class MobilityError(DomainError):
    pass


def reference_stem(institution: Institution, year: int) -> str:
    prefix = (institution.settings or {}).get("mobility", {}).get("reference_prefix", "MOB")
    return f"{prefix}-{year}-"


def next_reference(institution: Institution, year: int) -> str:
    return numbering.next_number(
        Mobility.objects.filter(institution=institution), "reference", reference_stem(institution, year)
    )


def _overlap_q(first: dt.date, last: dt.date) -> Q:
    """Mobilities whose days meet [first, last]: actual dates when known, planned ones otherwise."""
    actual = Q(start_date__isnull=False, start_date__lte=last, end_date__gte=first) | Q(
        start_date__isnull=False, end_date__isnull=True, start_date__lte=last, planned_end__gte=first
    )
    planned = Q(start_date__isnull=True, planned_start__lte=last, planned_end__gte=first)
    return actual | planned


def overlapping(mobility: Mobility) -> Mobility | None:
    """Another live mobility of the same person over the same days, if any."""
    if mobility.person_id is None or mobility.status == Mobility.Status.CANCELLED:
        return None
    qs = Mobility.objects.filter(
        _overlap_q(mobility.first_day, mobility.last_day),
        person_id=mobility.person_id,
        archived_at__isnull=True,
    ).exclude(status=Mobility.Status.CANCELLED)
    if mobility.pk:
        qs = qs.exclude(pk=mobility.pk)
    return qs.order_by("planned_start").first()


def check(mobility: Mobility) -> None:
    """Every rule a mobility must satisfy before it is saved."""
    inst = mobility.institution_id
    if not mobility.person_id and not mobility.participant_label.strip():
        raise MobilityError(_("Name the person, or give an anonymised participant label."), field="person")
    person, unit, agreement = mobility.person, mobility.org_unit, mobility.agreement
    if person is not None and person.institution_id != inst:
        raise MobilityError(_("Choose a person of this institution."), field="person")
    if person is not None and person.archived_at is not None:
        raise MobilityError(_("This person is archived."), field="person")
    if not countries.is_valid(mobility.country):
        raise MobilityError(
            _("Unknown country or region code “%(code)s”.") % {"code": mobility.country}, field="country"
        )
    if mobility.nationality and not countries.is_valid(mobility.nationality):
        raise MobilityError(
            _("Unknown country or region code “%(code)s”.") % {"code": mobility.nationality},
            field="nationality",
        )
    for name in ("home_partner", "host_partner"):
        partner = getattr(mobility, name)
        if partner is not None and (partner.institution_id != inst or partner.archived_at is not None):
            raise MobilityError(_("Choose a partner of this institution's directory."), field=name)
    if unit is not None and unit.institution_id != inst:
        raise MobilityError(_("Choose a unit of this institution."), field="org_unit")
    if agreement is not None and agreement.institution_id != inst:
        raise MobilityError(_("Choose an agreement of this institution."), field="agreement")
    if mobility.planned_end < mobility.planned_start:
        raise MobilityError(_("The planned end is before the planned start."), field="planned_end")
    if mobility.end_date and not mobility.start_date:
        raise MobilityError(_("Give the actual start with the actual end."), field="start_date")
    if mobility.start_date and mobility.end_date and mobility.end_date < mobility.start_date:
        raise MobilityError(_("The actual end is before the actual start."), field="end_date")
    longest = bounds.institution_bound(mobility.institution, "mobility", "max_stay_days")
    for first, last, field in (
        (mobility.planned_start, mobility.planned_end, "planned_end"),
        (mobility.start_date, mobility.end_date, "end_date"),
    ):
        if first and last and (last - first).days + 1 > longest:
            raise MobilityError(
                _("A stay of %(days)s days is longer than this institution allows (%(max)s days).")
                % {"days": (last - first).days + 1, "max": longest},
                field=field,
            )
    if mobility.credits_obtained is not None and mobility.credits_obtained < 0:
        raise MobilityError(_("Credits cannot be negative."), field="credits_obtained")
    if mobility.credits_planned is not None and mobility.credits_planned < 0:
        raise MobilityError(_("Credits cannot be negative."), field="credits_planned")
    clash = overlapping(mobility)
    if clash is not None:
        raise ConflictError(overlap_message(mobility.who, clash), field="planned_start")


def overlap_message(who: str, clash: Mobility) -> str:
    """The refusal of an overlapping mobility, naming the one already there (services and importer)."""
    return _("%(who)s already has mobility %(ref)s from %(start)s to %(end)s over these days.") % {
        "who": who,
        "ref": clash.reference,
        "start": clash.first_day.isoformat(),
        "end": clash.last_day.isoformat(),
    }


PARTICIPANT_KIND_OF_PERSON: dict[str, str] = {
    Person.Kind.STUDENT: ParticipantKind.STUDENT,
    Person.Kind.TEACHER: ParticipantKind.TEACHER,
    Person.Kind.STAFF: ParticipantKind.STAFF,
    Person.Kind.EXTERNAL: ParticipantKind.OTHER,
}


def participant_kind_of(mobility: Mobility) -> str:
    """The one rule for who a participant is (every indicator and figure reads ``participant_kind``): the
    named person's kind when the stay is recorded (a teacher's stay counts as a teacher's, whatever the
    form said), or what was given for an anonymous participant (imports of other systems' data)."""
    if mobility.person_id and mobility.person is not None:
        return PARTICIPANT_KIND_OF_PERSON.get(mobility.person.kind, ParticipantKind.OTHER)
    return mobility.participant_kind or ParticipantKind.STUDENT


def _fill_from_person(mobility: Mobility) -> None:
    person = mobility.person if mobility.person_id else None
    if person is None:
        return
    mobility.participant_kind = participant_kind_of(mobility)
    mobility.gender = mobility.gender or person.gender
    mobility.nationality = mobility.nationality or person.nationality
    if not mobility.org_unit_id and person.org_unit_id and mobility.direction == Direction.OUTGOING:
        mobility.org_unit = person.org_unit


def _host_name(mobility: Mobility) -> None:
    """A host named in words is for one outside the partner directory: a directory partner replaces it."""
    mobility.host_name = "" if mobility.host_partner_id else " ".join((mobility.host_name or "").split())


def _status_from_dates(mobility: Mobility) -> None:
    if mobility.status != Mobility.Status.CANCELLED:
        mobility.status = Mobility.Status.CONFIRMED if mobility.start_date else Mobility.Status.PLANNED


LINKS = ("org_unit", "person", "home_partner", "host_partner", "agreement")


def check_choices(actor: Any, mobility: Mobility, before: dict[str, Any] | None = None) -> None:
    """What the actor may name (core.choices): a unit they record mobilities for (none: the office only),
    a person they may see, partners of the directory, an agreement they may see. Kept links may stay."""
    if actor is None:
        return
    if mobility.org_unit_id is None and not access_for(actor).can_institution_wide(MOBILITY_EDIT):
        raise MobilityError(_("Choose the unit the mobility belongs to."), field="org_unit")
    partners = partner_selectors.partner_choices(actor)
    choices.require_changed(
        mobility,
        before,
        {
            "org_unit": lambda: org_selectors.units_for(actor, MOBILITY_EDIT),
            "person": lambda: org_selectors.person_choices(actor),
            "home_partner": partners,
            "host_partner": partners,
            "agreement": lambda: agreement_selectors.agreement_choices(actor),
        },
    )


def _serialise_overlap_check(mobility: Mobility) -> None:
    """Two writes for one person at once wait for each other, so that the second sees the first's stay in
    the overlap check (``check``) instead of both passing it; an anonymous participant's, per institution."""
    locks.serialise(mobility.person if mobility.person_id else mobility.institution)


@transaction.atomic
def mobility_create(*, institution: Institution, data: Mapping[str, Any], actor: Any) -> Mobility:
    mobility = Mobility(institution=institution, **{k: v for k, v in data.items() if k in FIELDS})
    check_choices(actor, mobility)
    mobility.country = countries.normalise(mobility.country)
    _host_name(mobility)
    _fill_from_person(mobility)
    _status_from_dates(mobility)
    _serialise_overlap_check(mobility)
    check(mobility)
    numbering.save_numbered(
        mobility,
        field="reference",
        number=lambda: next_reference(institution, mobility.planned_start.year),
        failure=_("No reference could be given; try again."),
    )
    audit.record(
        mobility, "mobility.created", actor=actor, changes=audit.diff({}, audit.snapshot(mobility, TRACKED))
    )
    return mobility


@transaction.atomic
def mobility_update(*, mobility: Mobility, data: Mapping[str, Any], actor: Any) -> Mobility:
    mobility = Mobility.objects.select_for_update().get(pk=mobility.pk)
    if mobility.archived_at is not None:
        raise MobilityError(_("An archived mobility cannot be changed; restore it first."))
    before = audit.snapshot(mobility, TRACKED)
    linked = choices.link_ids(mobility, LINKS)
    for key, value in data.items():
        if key in FIELDS:
            setattr(mobility, key, value)
    check_choices(actor, mobility, linked)
    mobility.country = countries.normalise(mobility.country)
    _host_name(mobility)
    if mobility.person_id != linked.get("person"):
        mobility.participant_kind = participant_kind_of(mobility)
    _status_from_dates(mobility)
    _serialise_overlap_check(mobility)
    check(mobility)
    mobility.save()
    changes = audit.diff(before, audit.snapshot(mobility, TRACKED))
    if changes:
        audit.record(mobility, "mobility.updated", actor=actor, changes=changes)
    return mobility


@transaction.atomic
def mobility_cancel(*, mobility: Mobility, reason: str, actor: Any) -> Mobility:
    mobility = Mobility.objects.select_for_update().get(pk=mobility.pk)
    if not reason.strip():
        raise MobilityError(_("Say why the mobility is cancelled."), field="reason")
    if mobility.status == Mobility.Status.CANCELLED:
        raise MobilityError(_("This mobility is cancelled already."))
    if mobility.start_date:
        raise MobilityError(_("A mobility that took place cannot be cancelled; correct its dates instead."))
    before = audit.snapshot(mobility, TRACKED)
    mobility.status = Mobility.Status.CANCELLED
    mobility.save(update_fields=["status", "updated_at"])
    audit.record(
        mobility,
        "mobility.cancelled",
        actor=actor,
        changes=audit.diff(before, audit.snapshot(mobility, TRACKED)),
        data={"reason": reason.strip()},
    )
    return mobility


@transaction.atomic
def mobility_set_archived(*, mobility: Mobility, archived: bool, actor: Any) -> Mobility:
    mobility = Mobility.objects.select_for_update().get(pk=mobility.pk)
    if not archived and mobility.archived_at is not None:
        archived_at, mobility.archived_at = mobility.archived_at, None
        check(mobility)  # restoring must not create an overlap
        mobility.archived_at = archived_at
    return set_archived(
        mobility,
        archived=archived,
        actor=actor,
        action="mobility.archived" if archived else "mobility.restored",
        error=MobilityError,
        unchanged=_("This mobility is archived already.")
        if archived
        else _("This mobility is not archived."),
    )


WRITE_CHUNK = 2000


def bulk_write(
    *, institution: Institution, records: Iterable[Mobility], actor: Any, batch_id: int | None = None
) -> int:
    """Save imported mobilities (already checked row by row) with fresh references; one audit entry each.
    Written ``WRITE_CHUNK`` at a time, so a large file never holds all its records and entries at once
    (the caller's transaction makes it all or nothing)."""
    counters: dict[int, int] = {}
    written = 0
    chunk: list[Mobility] = []
    for mobility in records:
        chunk.append(mobility)
        if len(chunk) >= WRITE_CHUNK:
            written += _write_chunk(institution, chunk, counters, actor, batch_id)
            chunk = []
    if chunk:
        written += _write_chunk(institution, chunk, counters, actor, batch_id)
    return written


def _write_chunk(
    institution: Institution,
    records: list[Mobility],
    counters: dict[int, int],
    actor: Any,
    batch_id: int | None,
) -> int:
    for mobility in records:
        year = mobility.planned_start.year
        if year not in counters:
            stem = reference_stem(institution, year)
            first = next_reference(institution, year)
            counters[year] = int(first[len(stem) :]) - 1
        counters[year] += 1
        mobility.reference = f"{reference_stem(institution, year)}{counters[year]:03d}"
        mobility.institution = institution
        mobility.import_batch_id = batch_id
        _status_from_dates(mobility)
    created = Mobility.objects.bulk_create(records, batch_size=1000)
    if created and created[0].pk is None:  # backends that return no keys: read them back
        keys = [m.external_key for m in records]
        by_key = dict(
            Mobility.objects.filter(institution=institution, external_key__in=keys).values_list(
                "external_key", "pk"
            )
        )
        for mobility in records:
            mobility.pk = by_key[mobility.external_key]
    audit.record_many(records, "mobility.imported", actor=actor, data={"batch": batch_id})
    return len(records)
