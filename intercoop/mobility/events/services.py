"""Training for foreign trainees and competitions: saving them, and what they add to the national table.

* Row 2, training delivered to non-full-time foreign trainees: Σ participants × days inside the period.
  Participants are the named trainees when the event lists them, otherwise the number given.
* Row 8, awards in skills competitions abroad: entries with an award, held abroad or international.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from intercoop.agreements import selectors as agreement_selectors
from intercoop.core import audit, choices, countries, numbering
from intercoop.core.archiving import set_archived
from intercoop.core.errors import DomainError
from intercoop.core.periods import days_within
from intercoop.mobility.models import AwardLevel, Competition, TrainingEvent, TrainingParticipant
from intercoop.mobility.permissions import MOBILITY_EDIT
from intercoop.org import selectors as org_selectors
from intercoop.org.models import Institution
from intercoop.partners import selectors as partner_selectors

TRAINING_FIELDS = (
    "title",
    "title_en",
    "org_unit",
    "partner",
    "host",
    "country",
    "language",
    "start_date",
    "end_date",
    "participants_count",
    "agreement",
    "notes",
)
COMPETITION_FIELDS = (
    "event",
    "event_en",
    "organiser",
    "country",
    "international",
    "held_on",
    "org_unit",
    "participants",
    "award_level",
    "award_title",
    "notes",
)


class EventError(DomainError):
    pass


def _check_choices(actor: Any, obj: TrainingEvent | Competition, before: dict[str, Any] | None) -> None:
    """What the actor may name (core.choices): a unit they record for, a partner of the directory, an
    agreement they may see (never another college's confidential one). Kept links may stay."""
    if actor is None:
        return
    links: dict[str, Any] = {"org_unit": lambda: org_selectors.units_for(actor, MOBILITY_EDIT)}
    if isinstance(obj, TrainingEvent):
        links["partner"] = lambda: partner_selectors.partner_choices(actor)
        links["agreement"] = lambda: agreement_selectors.agreement_choices(actor)
    choices.require_changed(obj, before, links)


def _check_training(event: TrainingEvent, *, listed: int) -> None:
    inst = event.institution_id
    if event.org_unit.institution_id != inst:
        raise EventError(_("Choose a unit of this institution."), field="org_unit")
    if event.partner is not None and (event.partner.institution_id != inst or event.partner.archived_at):
        raise EventError(_("Choose a partner of this institution's directory."), field="partner")
    if event.agreement is not None and event.agreement.institution_id != inst:
        raise EventError(_("Choose an agreement of this institution."), field="agreement")
    if not countries.is_valid(event.country):
        raise EventError(
            _("Unknown country or region code “%(code)s”.") % {"code": event.country}, field="country"
        )
    if event.end_date < event.start_date:
        raise EventError(_("The last day is before the first day."), field="end_date")
    if not listed and not event.participants_count:
        raise EventError(_("Give the number of trainees, or list them by name."), field="participants_count")


def participants_of(event: TrainingEvent, listed: int) -> int:
    """The trainees counted: the named list when there is one, else the number given."""
    return listed or (event.participants_count or 0)


@transaction.atomic
def training_create(*, institution: Institution, data: Mapping[str, Any], actor: Any) -> TrainingEvent:
    event = TrainingEvent(institution=institution, **{k: v for k, v in data.items() if k in TRAINING_FIELDS})
    _check_choices(actor, event, None)
    event.country = countries.normalise(event.country)
    _check_training(event, listed=0)
    prefix = (institution.settings or {}).get("mobility", {}).get("training_prefix", "TR")
    numbering.save_numbered(
        event,
        field="reference",
        number=lambda: numbering.next_number(
            TrainingEvent.objects.filter(institution=institution),
            "reference",
            f"{prefix}-{event.start_date.year}-",
        ),
        failure=_("No reference could be given; try again."),
    )
    audit.record(
        event,
        "mobility.training.created",
        actor=actor,
        changes=audit.diff({}, audit.snapshot(event, TRAINING_FIELDS)),
    )
    return event


def _listed(event: TrainingEvent) -> int:
    return TrainingParticipant.objects.filter(event=event, archived_at__isnull=True).count()


@transaction.atomic
def training_update(*, event: TrainingEvent, data: Mapping[str, Any], actor: Any) -> TrainingEvent:
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    if event.archived_at is not None:
        raise EventError(_("An archived record cannot be changed; restore it first."))
    before = audit.snapshot(event, TRAINING_FIELDS)
    linked = choices.link_ids(event, ("org_unit", "partner", "agreement"))
    for key, value in data.items():
        if key in TRAINING_FIELDS:
            setattr(event, key, value)
    _check_choices(actor, event, linked)
    event.country = countries.normalise(event.country)
    _check_training(event, listed=_listed(event))
    event.save()
    changes = audit.diff(before, audit.snapshot(event, TRAINING_FIELDS))
    if changes:
        audit.record(event, "mobility.training.updated", actor=actor, changes=changes)
    return event


def trainee_key(name: str, nationality: str, organisation: str) -> str:
    text = "|".join(" ".join(p.split()).casefold() for p in (name, nationality, organisation))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Trainee:
    name: str
    nationality: str
    organisation: str = ""


@transaction.atomic
def trainees_add(*, event: TrainingEvent, trainees: Iterable[Trainee], actor: Any) -> tuple[int, int]:
    """List trainees by name; one already listed is left as it is. Returns (added, unchanged)."""
    event = TrainingEvent.objects.select_for_update().get(pk=event.pk)
    if event.archived_at is not None:
        raise EventError(_("An archived record cannot be changed; restore it first."))
    existing = set(
        TrainingParticipant.objects.filter(event=event, archived_at__isnull=True).values_list(
            "external_key", flat=True
        )
    )
    added: list[TrainingParticipant] = []
    unchanged = 0
    for trainee in trainees:
        name = " ".join(trainee.name.split())
        nationality = countries.normalise(trainee.nationality)
        if not name:
            raise EventError(_("Every trainee needs a name."), field="name")
        if not countries.is_valid(nationality):
            raise EventError(
                _("Unknown country or region code “%(code)s”.") % {"code": trainee.nationality},
                field="nationality",
            )
        key = trainee_key(name, nationality, trainee.organisation)
        if key in existing:
            unchanged += 1
            continue
        existing.add(key)
        added.append(
            TrainingParticipant(
                institution_id=event.institution_id,
                event=event,
                name=name,
                nationality=nationality,
                organisation=" ".join(trainee.organisation.split()),
                external_key=key,
            )
        )
    TrainingParticipant.objects.bulk_create(added)
    if added:
        audit.record(
            event,
            "mobility.training.trainees_added",
            actor=actor,
            data={"added": len(added), "names": [t.name for t in added[:50]]},
        )
    return len(added), unchanged


@transaction.atomic
def trainee_archive(*, trainee: TrainingParticipant, actor: Any) -> TrainingParticipant:
    trainee = TrainingParticipant.objects.select_for_update().get(pk=trainee.pk)
    return set_archived(
        trainee,
        archived=True,
        actor=actor,
        action="mobility.training.trainee_removed",
        error=EventError,
        unchanged=_("This record is archived already."),
        audit_on=trainee.event,
        data={"name": trainee.name},
    )


def _check_competition(entry: Competition) -> None:
    if entry.org_unit.institution_id != entry.institution_id:
        raise EventError(_("Choose a unit of this institution."), field="org_unit")
    if not countries.is_valid(entry.country):
        raise EventError(
            _("Unknown country or region code “%(code)s”.") % {"code": entry.country}, field="country"
        )
    if entry.award_level == AwardLevel.NONE and entry.award_title.strip():
        raise EventError(_("Choose the award level for this award title."), field="award_level")
    if not entry.participants.strip():
        raise EventError(_("Name the participants."), field="participants")


@transaction.atomic
def competition_save(
    *, institution: Institution, data: Mapping[str, Any], actor: Any, entry: Competition | None = None
) -> Competition:
    linked: dict[str, Any] | None = None
    if entry is None:
        entry = Competition(institution=institution)
        before: dict[str, Any] = {}
    else:
        entry = Competition.objects.select_for_update().get(pk=entry.pk)
        if entry.archived_at is not None:
            raise EventError(_("An archived record cannot be changed; restore it first."))
        before = audit.snapshot(entry, COMPETITION_FIELDS)
        linked = choices.link_ids(entry, ("org_unit",))
    for key, value in data.items():
        if key in COMPETITION_FIELDS:
            setattr(entry, key, value)
    _check_choices(actor, entry, linked)
    entry.country = countries.normalise(entry.country)
    _check_competition(entry)
    created = entry.pk is None
    entry.save()
    changes = audit.diff(before, audit.snapshot(entry, COMPETITION_FIELDS))
    if changes:
        action = "mobility.competition.created" if created else "mobility.competition.updated"
        audit.record(entry, action, actor=actor, changes=changes)
    return entry


@transaction.atomic
def event_set_archived(*, obj: TrainingEvent | Competition, archived: bool, actor: Any) -> Any:
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    prefix = "mobility.training" if isinstance(obj, TrainingEvent) else "mobility.competition"
    return set_archived(
        obj,
        archived=archived,
        actor=actor,
        action=f"{prefix}.{'archived' if archived else 'restored'}",
        error=EventError,
        unchanged=_("This record is archived already.") if archived else _("This record is not archived."),
    )


# -- what they add to the national table ---------------------------------------------------------------


def trainings_in(qs: Any, start: dt.date, end: dt.date) -> list[Any]:
    """Events meeting the period, each with ``listed``, ``trainees``, ``period_days`` and
    ``period_person_days``; one query."""
    events = list(
        qs.filter(archived_at__isnull=True, start_date__lte=end, end_date__gte=start)
        .annotate(listed=Count("participants", filter=Q(participants__archived_at__isnull=True)))
        .select_related("org_unit", "partner")
        .order_by("start_date", "id")
    )
    for event in events:
        event.trainees = participants_of(event, event.listed)
        event.period_days = days_within(event.start_date, event.end_date, start, end)
        event.period_person_days = event.trainees * event.period_days
    return events


def awards_in(qs: Any, start: dt.date, end: dt.date) -> Any:
    """Awards of row 8 in the period: an award won in a competition abroad or an international one."""
    return (
        qs.filter(archived_at__isnull=True, held_on__gte=start, held_on__lte=end)
        .exclude(award_level=AwardLevel.NONE)
        .filter(Q(international=True) | ~Q(country="CN"))
    )
