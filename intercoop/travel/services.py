"""Every write of official travel: plans, applications, their approval, notice, mission, passports, reports.

Each service is atomic and audited; a rule broken raises ``TravelError`` with the field at fault, and
nothing is half saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.agreements.models import Agreement
from intercoop.approvals import services as approvals
from intercoop.approvals.models import ApprovalRequest
from intercoop.attachments import services as attachment_services
from intercoop.core import audit, choices, countries, currencies, numbering
from intercoop.core.access import access_for
from intercoop.core.archiving import set_archived
from intercoop.core.errors import ConflictError, DomainError, clean_or_raise
from intercoop.core.workdays import calendar_for
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.partners import selectors as partner_selectors
from intercoop.partners.models import Partner
from intercoop.travel import selectors
from intercoop.travel.config import settings_for
from intercoop.travel.models import (
    AnnualPlan,
    BudgetLine,
    Objection,
    PassportLoan,
    PlannedTrip,
    ReportLink,
    Settlement,
    TravelDocument,
    Trip,
    TripDestination,
    TripDocumentKind,
    TripMember,
    TripReport,
)
from intercoop.travel.permissions import TRIP_APPLY
from intercoop.travel.selectors import KIND, report_due_on

S = Trip.Status
EDITABLE = (S.DRAFT, S.RETURNED)
CHANGEABLE_AFTER_APPROVAL = (S.NOTICE, S.APPROVED)
CANCELLABLE = (S.DRAFT, S.RETURNED, S.IN_APPROVAL, S.NOTICE, S.APPROVED)


class TravelError(DomainError):
    pass


def application_editable(trip: Trip) -> bool:
    """An application is edited while a draft or returned, and after approval (which sends it back through
    approval); a trip recorded afterwards had its approval outside the system and is corrected instead."""
    return not trip.recorded_afterwards and trip.status in (*EDITABLE, *CHANGEABLE_AFTER_APPROVAL)


def record_correctable(trip: Trip) -> bool:
    return trip.recorded_afterwards and trip.status in CORRECTABLE_AFTER_RETURN


def settleable_statuses(trip: Trip) -> tuple[str, ...]:
    """A trip is settled once approved, after its report where the institution requires one; a trip
    recorded afterwards had its report outside the system, so it is settled from approved."""
    if settings_for(trip.institution).settlement_requires_report and not trip.recorded_afterwards:
        return (S.REPORTED,)
    return (S.APPROVED, S.REPORTED)


@dataclass(frozen=True)
class Destination:
    country: str
    days: int
    city: str = ""


@dataclass(frozen=True)
class Line:
    item: str
    amount: Decimal
    fund_source: str


TRIP_FIELDS = (
    "title",
    "purpose",
    "org_unit",
    "applicant",
    "departure",
    "return_on",
    "inviting_partner",
    "itinerary",
    "agreement",
    "planned_trip",
    "fund_source",
    "led_by_school_leader",
)
TRACKED = (*TRIP_FIELDS, "number", "status")


def _next_number(institution: Institution, prefix: str, year: int, field: str) -> str:
    return numbering.next_number(Trip.objects.filter(institution=institution), field, f"{prefix}-{year}-")


# -- checks --------------------------------------------------------------------------------------------


LINKS = ("org_unit", "applicant", "inviting_partner", "agreement", "planned_trip")


def _check_choices(
    actor: Any,
    trip: Trip,
    members: Sequence[Person],
    leader: Person | None,
    before: dict[str, Any] | None = None,
    members_before: Sequence[int] = (),
) -> None:
    """What the actor may name: a unit they may file under, people they may see, partners and agreements
    they may link, a line of a plan they may use. Links the trip already had may stay (``before``).

    A user who applies only for their own records (a teacher) applies for a trip they take part in.
    """
    if actor is None:
        return
    people = selectors.traveller_choices(actor)
    choices.require_changed(
        trip, before, {"org_unit": lambda: selectors.unit_choices(actor), "applicant": people}
    )
    choices.require(people, [m for m in members if m.pk not in members_before], field="members")
    if leader is not None and leader.pk not in members_before:
        choices.require(people, leader, field="leader")
    choices.require_changed(
        trip,
        before,
        {
            "inviting_partner": lambda: selectors.inviting_partner_choices(actor),
            "agreement": lambda: selectors.agreement_choices(actor),
            "planned_trip": lambda: selectors.planned_trip_choices(actor),
        },
    )
    access = access_for(actor)
    own_only = not access.can_institution_wide(TRIP_APPLY) and not access.unit_paths(TRIP_APPLY)
    if own_only and access.person_id not in {trip.applicant_id, *(m.pk for m in members)}:
        raise TravelError(_("Apply for a trip you take part in."), field="applicant")


def _check_trip(
    trip: Trip,
    members: Sequence[Person],
    leader: Person | None,
    destinations: Sequence[Destination],
    lines: Sequence[Line],
) -> None:
    """The rules every saved trip keeps (drafts included): what a form can tell at once."""
    inst = trip.institution_id
    conf = settings_for(trip.institution)
    if not (trip.title or "").strip():
        raise TravelError(_("Give the trip a title."), field="title")
    if trip.departure and trip.return_on and trip.return_on < trip.departure:
        raise TravelError(_("The return date is before the departure date."), field="return_on")
    if trip.org_unit_id and (trip.org_unit.institution_id != inst or trip.org_unit.is_archived):
        raise TravelError(_("Choose an active unit of this institution."), field="org_unit")
    if trip.applicant_id and (trip.applicant.institution_id != inst or trip.applicant.is_archived):
        raise TravelError(_("The applicant must be an active person of this institution."), field="applicant")
    if not members:
        raise TravelError(_("Name at least one member of the delegation."), field="members")
    if len(members) > conf.max_delegation:
        raise TravelError(
            _("A delegation has at most %(max)s people; this one has %(count)s.")
            % {"max": conf.max_delegation, "count": len(members)},
            field="members",
        )
    for person in members:
        if person.institution_id != inst or person.is_archived:
            raise TravelError(
                _("%(person)s is not an active person of this institution.")
                % {"person": person.display_name},
                field="members",
            )
        if person.kind == Person.Kind.EXTERNAL:
            raise TravelError(
                _(
                    "%(person)s is an external person; only the institution's own staff "
                    "travel on official business."
                )
                % {"person": person.display_name},
                field="members",
            )
    if leader is None or leader.pk not in {p.pk for p in members}:
        raise TravelError(_("The leader must be one of the members."), field="leader")
    partner, agreement, planned = trip.inviting_partner, trip.agreement, trip.planned_trip
    if partner is not None and (partner.institution_id != inst or partner.merged_into_id):
        raise TravelError(_("Choose a partner of this institution."), field="inviting_partner")
    if agreement is not None and agreement.institution_id != inst:
        raise TravelError(_("Choose an agreement of this institution."), field="agreement")
    if planned is not None and planned.institution_id != inst:
        raise TravelError(_("Choose a planned trip of this institution."), field="planned_trip")
    if not destinations:
        raise TravelError(_("Name at least one destination."), field="destinations")
    codes = []
    for index, dest in enumerate(destinations, start=1):
        if not countries.is_valid(dest.country):
            raise TravelError(
                _("Destination %(n)s: “%(code)s” is not a known country code.")
                % {"n": index, "code": dest.country},
                field="destinations",
            )
        if dest.country == "CN":
            raise TravelError(_("A destination abroad cannot be mainland China."), field="destinations")
        if dest.days < 1:
            raise TravelError(
                _("Destination %(n)s: give at least one day.") % {"n": index}, field="destinations"
            )
        if dest.country not in codes:
            codes.append(dest.country)
    if len(codes) > conf.max_countries:
        raise TravelError(
            _("A trip visits at most %(max)s countries; this one visits %(count)s.")
            % {"max": conf.max_countries, "count": len(codes)},
            field="destinations",
        )
    if trip.departure and trip.return_on:
        limit = conf.day_limit(len(codes))
        if limit is not None and trip.days > limit:
            raise TravelError(
                _(
                    "A trip to %(count)s countries lasts at most %(limit)s days, travel included; "
                    "this one lasts %(days)s."
                )
                % {"count": len(codes), "limit": limit, "days": trip.days},
                field="return_on",
            )
        if sum(d.days for d in destinations) > trip.days:
            raise TravelError(
                _("The days per country add up to %(sum)s, more than the %(days)s days of the trip.")
                % {"sum": sum(d.days for d in destinations), "days": trip.days},
                field="destinations",
            )
    for line in lines:
        if line.amount < 0:
            raise TravelError(_("A budget amount cannot be negative."), field="budget")
    clean_or_raise(trip, TravelError, exclude=["institution", "number", "status"])


def _check_submission(trip: Trip, today: dt.date) -> None:
    """What must be true to submit: lead time, invitation, plan year."""
    conf = settings_for(trip.institution)
    if trip.departure <= today:
        raise TravelError(_("The departure date has passed."), field="departure")
    lead = (trip.departure - today).days
    if lead < conf.min_lead_days:
        raise TravelError(
            _("Apply at least %(min)s days before departure; %(days)s days are left. Move the dates.")
            % {"min": conf.min_lead_days, "days": lead},
            field="departure",
        )
    if trip.inviting_partner_id is None:
        raise TravelError(_("Name the inviting organisation."), field="inviting_partner")
    if not selectors.has_document(trip, TripDocumentKind.INVITATION):
        raise TravelError(_("Upload the invitation letter before submitting."), field="documents")
    if not trip.itinerary.strip():
        raise TravelError(_("Write the itinerary before submitting."), field="itinerary")


# -- drafting ------------------------------------------------------------------------------------------


def _replace_destinations(trip: Trip, destinations: Sequence[Destination]) -> dict[str, Any]:
    """Make the trip's destinations exactly these (replaced rows are archived); the change, if any."""
    now = timezone.now()
    old_dest = [
        f"{d.country} {d.city} {d.days}".replace("  ", " ")
        for d in trip.destinations.filter(archived_at__isnull=True)
    ]
    new_dest = [f"{d.country} {d.city} {d.days}".replace("  ", " ") for d in destinations]
    if old_dest == new_dest:
        return {}
    trip.destinations.filter(archived_at__isnull=True).update(archived_at=now, updated_at=now)
    for position, dest in enumerate(destinations, start=1):
        TripDestination.objects.create(
            institution_id=trip.institution_id,
            trip=trip,
            position=position,
            country=dest.country,
            city=dest.city.strip(),
            days=dest.days,
        )
    return {"destinations": [old_dest, new_dest]}


def _set_children(
    trip: Trip,
    members: Sequence[Person],
    leader: Person,
    destinations: Sequence[Destination],
    lines: Sequence[Line],
) -> dict[str, list[Any]]:
    """Make the delegation, destinations and budget exactly these; replaced rows are archived."""
    now = timezone.now()
    changes: dict[str, list[Any]] = {}
    current = {m.person_id: m for m in trip.members.filter(archived_at__isnull=True)}
    before = sorted(f"{audit.stored_label(m.person)}{' *' if m.is_leader else ''}" for m in current.values())
    wanted = {p.pk: p for p in members}
    for person_id, member in current.items():
        if person_id not in wanted:
            member.archived_at = now
            member.save(update_fields=["archived_at", "updated_at"])
        elif member.is_leader != (person_id == leader.pk):
            member.is_leader = person_id == leader.pk
            member.save(update_fields=["is_leader", "updated_at"])
    for person_id, person in wanted.items():
        if person_id not in current:
            TripMember.objects.create(
                institution_id=trip.institution_id, trip=trip, person=person, is_leader=person_id == leader.pk
            )
    after = sorted(f"{audit.stored_label(p)}{' *' if p.pk == leader.pk else ''}" for p in members)
    if before != after:
        changes["members"] = [before, after]
    changes.update(_replace_destinations(trip, destinations))
    old_lines = [
        f"{b.item} {b.amount} {b.fund_source}" for b in trip.budget_lines.filter(archived_at__isnull=True)
    ]
    new_lines = [f"{b.item} {Decimal(b.amount):.2f} {b.fund_source}" for b in lines]
    if old_lines != new_lines:
        trip.budget_lines.filter(archived_at__isnull=True).update(archived_at=now, updated_at=now)
        for line in lines:
            BudgetLine.objects.create(
                institution_id=trip.institution_id,
                trip=trip,
                item=line.item,
                amount=line.amount,
                fund_source=line.fund_source,
            )
        changes["budget"] = [old_lines, new_lines]
    return changes


def _normalise(destinations: Sequence[Destination]) -> list[Destination]:
    return [
        Destination(country=countries.normalise(d.country), days=int(d.days), city=d.city or "")
        for d in destinations
    ]


@transaction.atomic
def trip_create(
    *,
    institution: Institution,
    data: Mapping[str, Any],
    members: Sequence[Person],
    leader: Person | None,
    destinations: Sequence[Destination],
    lines: Sequence[Line] = (),
    actor: Any,
) -> Trip:
    """A new application, as a draft."""
    trip = Trip(institution=institution, **{k: v for k, v in data.items() if k in TRIP_FIELDS})
    destinations = _normalise(destinations)
    _check_choices(actor, trip, members, leader)
    _check_trip(trip, members, leader, destinations, lines)
    assert leader is not None
    return _save_new(trip, members, leader, destinations, lines, action="travel.trip.created", actor=actor)


def _save_new(
    trip: Trip,
    members: Sequence[Person],
    leader: Person,
    destinations: Sequence[Destination],
    lines: Sequence[Line],
    *,
    action: str,
    actor: Any,
    data: Mapping[str, Any] | None = None,
) -> Trip:
    """Number a new trip, give it its delegation, destinations and budget, and audit its creation."""
    institution = trip.institution
    numbering.save_numbered(
        trip,
        field="number",
        number=lambda: _next_number(
            institution, settings_for(institution).number_prefix, trip.departure.year, "number"
        ),
        failure=_("No trip number could be given; try again."),
    )
    children = _set_children(trip, members, leader, destinations, lines)
    changes = {**audit.diff({}, audit.snapshot(trip, TRACKED)), **children}
    audit.record(trip, action, actor=actor, changes=changes, data=data)
    return trip


def check_past_trip(
    *,
    institution: Institution,
    data: Mapping[str, Any],
    members: Sequence[Person],
    leader: Person | None,
    destinations: Sequence[Destination],
    mission_number: str,
    mission_issued_on: dt.date | None = None,
    lines: Sequence[Line] = (),
    actor: Any = None,
    today: dt.date | None = None,
) -> tuple[Trip, list[Destination]]:
    """Every rule a trip recorded afterwards keeps, without writing anything (the importer checks each
    row with it): the rules of every trip, that it is over, and that it names its approval once."""
    today = today or timezone.localdate()
    trip = Trip(institution=institution, **{k: v for k, v in data.items() if k in TRIP_FIELDS})
    if trip.applicant_id is None and leader is not None:
        trip.applicant = leader
    normalised = _normalise(destinations)
    _check_choices(actor, trip, members, leader)
    _check_trip(trip, members, leader, normalised, lines)
    _check_past(trip, mission_number, mission_issued_on, today)
    return trip, normalised


def _check_past(trip: Trip, mission_number: str, mission_issued_on: dt.date | None, today: dt.date) -> None:
    """What a trip recorded afterwards keeps beyond the rules of every trip: it is over and names its
    approval, dated before the departure, once in the institution."""
    if trip.return_on >= today:
        raise TravelError(
            _("Only a trip that has come back is recorded afterwards; apply for a coming trip instead."),
            field="return_on",
        )
    mission_number = (mission_number or "").strip()
    if not mission_number:
        message = _("Give the approval reference the trip had (the mission approval number).")
        raise TravelError(message, field="mission_number")
    if mission_issued_on is not None and mission_issued_on > trip.departure:
        raise TravelError(_("The mission approval is dated after the departure."), field="mission_issued_on")
    duplicate = (
        Trip.objects.filter(institution_id=trip.institution_id, mission_number=mission_number)
        .exclude(pk=trip.pk)
        .first()
    )
    if duplicate is not None:
        raise ConflictError(
            _("Trip %(number)s has this approval reference already.") % {"number": duplicate.number},
            field="mission_number",
        )


def _edit(
    trip: Trip,
    data: Mapping[str, Any],
    members: Sequence[Person],
    leader: Person | None,
    destinations: Sequence[Destination],
    lines: Sequence[Line],
    *,
    actor: Any,
    tracked: Sequence[str],
    also: Callable[[Trip], None] | None = None,
) -> dict[str, Any]:
    """Apply an edit to a locked trip with every rule of a trip (and ``also``'s), save it with its
    delegation, destinations and budget, and return the changes to audit (an application or a record)."""
    before = audit.snapshot(trip, tracked)
    linked = choices.link_ids(trip, LINKS)
    members_before = list(trip.members.filter(archived_at__isnull=True).values_list("person_id", flat=True))
    for key, value in data.items():
        if key in TRIP_FIELDS:
            setattr(trip, key, value)
    normalised = _normalise(destinations)
    _check_choices(actor, trip, members, leader, linked, members_before)
    _check_trip(trip, members, leader, normalised, lines)
    if also is not None:
        also(trip)
    assert leader is not None
    trip.save()
    children = _set_children(trip, members, leader, normalised, lines)
    return {**audit.diff(before, audit.snapshot(trip, tracked)), **children}


@transaction.atomic
def trip_update_past(
    *,
    trip: Trip,
    data: Mapping[str, Any],
    members: Sequence[Person],
    leader: Person | None,
    destinations: Sequence[Destination],
    mission_number: str,
    mission_issued_on: dt.date | None = None,
    lines: Sequence[Line] = (),
    actor: Any,
    today: dt.date | None = None,
) -> Trip:
    """Correct what was recorded of a past trip (a member left out, the wrong country): the same rules as
    recording it, no approval since it had one outside the system, every change audited."""
    today = today or timezone.localdate()
    trip = Trip.objects.select_for_update().select_related("institution").get(pk=trip.pk)
    if not trip.recorded_afterwards or trip.status not in CORRECTABLE_AFTER_RETURN:
        raise TravelError(_("Only a trip recorded afterwards is corrected this way."))

    def approval(checked: Trip) -> None:
        _check_past(checked, mission_number, mission_issued_on, today)
        checked.mission_number = mission_number.strip()[:40]
        checked.mission_issued_on = mission_issued_on

    changes = _edit(
        trip,
        data,
        members,
        leader,
        destinations,
        lines,
        actor=actor,
        tracked=(*TRACKED, "mission_number", "mission_issued_on"),
        also=approval,
    )
    if changes:
        audit.record(trip, "travel.trip.record_corrected", actor=actor, changes=changes)
    return trip


@transaction.atomic
def trip_record_past(
    *,
    institution: Institution,
    data: Mapping[str, Any],
    members: Sequence[Person],
    leader: Person | None,
    destinations: Sequence[Destination],
    mission_number: str,
    mission_issued_on: dt.date | None = None,
    lines: Sequence[Line] = (),
    actor: Any,
    today: dt.date | None = None,
) -> Trip:
    """A trip that has taken place, entered afterwards by the office with the approval it had (issue 17
    item 5): no application, notice or lead time, since all of that happened outside the system. It is
    marked ``recorded_afterwards``, counted like an approved trip from its dates, and audited as such."""
    trip, legs = check_past_trip(
        institution=institution,
        data=data,
        members=members,
        leader=leader,
        destinations=destinations,
        mission_number=mission_number,
        mission_issued_on=mission_issued_on,
        lines=lines,
        actor=actor,
        today=today,
    )
    assert leader is not None
    trip.status = S.APPROVED
    trip.mission_number = mission_number.strip()[:40]
    trip.mission_issued_on = mission_issued_on
    trip.recorded_afterwards = True
    return _save_new(
        trip,
        members,
        leader,
        legs,
        lines,
        action="travel.trip.recorded_afterwards",
        actor=actor,
        data={"mission_number": trip.mission_number},
    )


CORRECTABLE_AFTER_RETURN = (S.APPROVED, S.REPORTED, S.SETTLED)


@transaction.atomic
def trip_correct_dates(
    *,
    trip: Trip,
    departure: dt.date,
    return_on: dt.date,
    reason: str,
    destinations: Sequence[Destination] | None = None,
    actor: Any,
    today: dt.date | None = None,
) -> Trip:
    """The dates the delegation really travelled, once it is back (it came back early, left a day late):
    an ordinary audited step with its reason, not a new approval. The days per country stay unless new
    ones are given; they must fit the corrected trip."""
    today = today or timezone.localdate()
    trip = Trip.objects.select_for_update().select_related("institution").get(pk=trip.pk)
    if trip.status not in CORRECTABLE_AFTER_RETURN:
        raise TravelError(
            _("Only an approved trip's dates are corrected after its return; this one is %(status)s.")
            % {"status": trip.get_status_display()}
        )
    if min(trip.return_on, return_on) >= today:
        raise TravelError(_("Correct the dates once the delegation is back."), field="return_on")
    if return_on < departure:
        raise TravelError(_("The return date is before the departure date."), field="return_on")
    if not (reason or "").strip():
        raise TravelError(_("Say why the dates differ from the approved ones."), field="reason")
    before = {"departure": trip.departure, "return_on": trip.return_on}
    trip.departure, trip.return_on = departure, return_on
    current = [
        Destination(d.country, d.days, d.city)
        for d in trip.destinations.filter(archived_at__isnull=True).order_by("position", "id")
    ]
    legs = _normalise(destinations) if destinations is not None else current
    if sum(d.days for d in legs) > trip.days:
        raise TravelError(
            _("The days per country add up to %(sum)s, more than the corrected trip's %(days)s days.")
            % {"sum": sum(d.days for d in legs), "days": trip.days},
            field="destinations",
        )
    clean_or_raise(trip, TravelError, exclude=["institution", "number", "status"])
    trip.save(update_fields=["departure", "return_on", "updated_at"])
    changes = audit.diff(before, {"departure": departure, "return_on": return_on})
    if destinations is not None:
        changes.update(_replace_destinations(trip, legs))
    audit.record(
        trip, "travel.trip.dates_corrected", actor=actor, changes=changes, data={"reason": reason.strip()}
    )
    return trip


@transaction.atomic
def trip_update(
    *,
    trip: Trip,
    data: Mapping[str, Any],
    members: Sequence[Person],
    leader: Person | None,
    destinations: Sequence[Destination],
    lines: Sequence[Line] = (),
    actor: Any,
    today: dt.date | None = None,
) -> Trip:
    """Edit a draft or returned application; a change to an approved trip goes back through approval."""
    trip = Trip.objects.select_for_update().select_related("institution").get(pk=trip.pk)
    if not application_editable(trip):
        if trip.recorded_afterwards:
            raise TravelError(_("This trip was recorded afterwards: correct the record instead."))
        raise TravelError(
            _("A trip that is %(status)s cannot be edited.") % {"status": trip.get_status_display()}
        )
    changes = _edit(trip, data, members, leader, destinations, lines, actor=actor, tracked=TRACKED)
    audit.record(trip, "travel.trip.updated", actor=actor, changes=changes)
    if trip.status in CHANGEABLE_AFTER_APPROVAL and changes:
        # Dates, members or destinations changed after approval: approve the changed trip again.
        trip.revision += 1
        trip.save(update_fields=["revision", "updated_at"])
        _submit(trip, actor=actor, today=today or timezone.localdate(), change=True)
    return trip


def _facts(trip: Trip) -> dict[str, Any]:
    from intercoop.accounts.models import User

    members = list(trip.members.filter(archived_at__isnull=True).values_list("person_id", flat=True))
    users = list(
        User.objects.filter(person_id__in=[*members, trip.applicant_id]).values_list("pk", flat=True)
    )
    total = sum((b.amount for b in trip.budget_lines.filter(archived_at__isnull=True)), Decimal(0))
    return {
        "amount": total,
        "countries": sorted(
            set(trip.destinations.filter(archived_at__isnull=True).values_list("country", flat=True))
        ),
        "leader_led": trip.led_by_school_leader,
        "days": trip.days,
        "outside_plan": trip.planned_trip_id is None,
        "excluded_users": users,
    }


def _submit(trip: Trip, *, actor: Any, today: dt.date, change: bool = False) -> None:
    _check_submission(trip, today)
    trip.status = S.IN_APPROVAL
    trip.submitted_at = timezone.now()
    trip.notice_starts_on = trip.notice_ends_on = None
    trip.mission_number = ""
    trip.mission_issued_on = None
    trip.status_note = ""
    trip.save()
    audit.record(
        trip,
        "travel.trip.resubmitted" if change else "travel.trip.submitted",
        actor=actor,
        changes={"status": [None, S.IN_APPROVAL]},
        data={"revision": trip.revision},
    )
    approvals.request_start(
        institution=trip.institution,
        kind=KIND,
        subject=trip,
        applicant_unit=trip.org_unit,
        facts=_facts(trip),
        actor=actor,
    )


@transaction.atomic
def trip_submit(*, trip: Trip, actor: Any, today: dt.date | None = None) -> Trip:
    trip = Trip.objects.select_for_update().select_related("institution", "org_unit").get(pk=trip.pk)
    if trip.status not in EDITABLE:
        raise ConflictError(_("Only a draft or a returned application can be submitted."))
    _submit(trip, actor=actor, today=today or timezone.localdate())
    return trip


def on_outcome(request: ApprovalRequest, trip: Trip, outcome: str, actor: Any) -> None:
    """Called by the approval engine, inside its transaction, when the chain ends."""
    trip = Trip.objects.select_for_update().select_related("institution").get(pk=trip.pk)
    if trip.status != S.IN_APPROVAL:
        return
    before = trip.status
    R = ApprovalRequest.Status
    if outcome == R.APPROVED:
        conf = settings_for(trip.institution)
        cal = calendar_for(trip.institution)
        start = timezone.localdate()
        trip.status = S.NOTICE
        trip.notice_starts_on = start
        trip.notice_ends_on = cal.span_end(start, conf.notice_working_days)
    elif outcome == R.REJECTED:
        trip.status = S.REJECTED
    elif outcome == R.RETURNED:
        trip.status = S.RETURNED
    else:
        return
    last = request.steps.exclude(comment="").order_by("-position").first()
    trip.status_note = last.comment if last is not None and outcome != R.APPROVED else ""
    trip.save()
    audit.record(
        trip,
        "travel.trip.approval_ended",
        actor=actor,
        changes={
            "status": [before, trip.status],
            **({"notice_ends_on": [None, trip.notice_ends_on]} if trip.notice_ends_on else {}),
        },
    )


# -- notice, mission, passports ------------------------------------------------------------------------


@transaction.atomic
def objection_record(*, trip: Trip, data: Mapping[str, Any], actor: Any) -> Objection:
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status != S.NOTICE:
        raise TravelError(_("Objections are recorded while the trip is on public notice."))
    objection = Objection(
        institution_id=trip.institution_id,
        trip=trip,
        received_on=data.get("received_on") or timezone.localdate(),
        raised_by=(data.get("raised_by") or "").strip(),
        content=(data.get("content") or "").strip(),
    )
    if not objection.content:
        raise TravelError(_("Write down the objection."), field="content")
    clean_or_raise(objection, TravelError, exclude=["institution", "trip"])
    objection.save()
    audit.record(trip, "travel.objection.recorded", actor=actor, data={"objection": objection.content[:200]})
    return objection


@transaction.atomic
def objection_resolve(*, objection: Objection, outcome: str, resolution: str, actor: Any) -> Objection:
    objection = Objection.objects.select_for_update().select_related("trip").get(pk=objection.pk)
    if objection.outcome != Objection.Outcome.OPEN:
        raise ConflictError(_("This objection has been resolved already."))
    if outcome not in (Objection.Outcome.DISMISSED, Objection.Outcome.UPHELD):
        raise TravelError(_("Choose dismissed or upheld."), field="outcome")
    if not resolution.strip():
        raise TravelError(_("Say how the objection was resolved."), field="resolution")
    objection.outcome = outcome
    objection.resolution = resolution.strip()
    objection.resolved_at = timezone.now()
    objection.resolved_by = actor
    objection.save()
    trip = Trip.objects.select_for_update().get(pk=objection.trip_id)
    audit.record(
        trip,
        "travel.objection.resolved",
        actor=actor,
        data={"outcome": outcome, "resolution": objection.resolution[:200]},
    )
    if outcome == Objection.Outcome.UPHELD and trip.status == S.NOTICE:
        trip.status = S.RETURNED
        trip.status_note = objection.resolution
        trip.save(update_fields=["status", "status_note", "updated_at"])
        audit.record(
            trip, "travel.trip.returned_after_notice", actor=actor, changes={"status": [S.NOTICE, S.RETURNED]}
        )
    return objection


@transaction.atomic
def mission_issue(*, trip: Trip, actor: Any, today: dt.date | None = None) -> Trip:
    """The notice ran its course without open objections: issue the numbered mission approval (任务批件)."""
    today = today or timezone.localdate()
    trip = Trip.objects.select_for_update().select_related("institution").get(pk=trip.pk)
    if trip.status != S.NOTICE:
        raise ConflictError(_("A mission approval is issued once, after the public notice."))
    assert trip.notice_ends_on is not None
    if today <= trip.notice_ends_on:
        raise TravelError(
            _("The public notice runs until %(date)s; issue the mission approval after it.")
            % {"date": trip.notice_ends_on}
        )
    if trip.objections.filter(outcome=Objection.Outcome.OPEN, archived_at__isnull=True).exists():
        raise TravelError(_("Resolve the open objections first."))
    if trip.departure < today:
        raise TravelError(
            _("The departure date has passed; change the dates, which sends the trip back to approval.")
        )
    conf = settings_for(trip.institution)
    trip.status = S.APPROVED
    trip.mission_issued_on = today
    numbering.save_numbered(
        trip,
        field="mission_number",
        number=lambda: _next_number(trip.institution, conf.mission_prefix, today.year, "mission_number"),
        failure=_("No mission approval number could be given; try again."),
    )
    audit.record(
        trip,
        "travel.trip.mission_issued",
        actor=actor,
        changes={"status": [S.NOTICE, S.APPROVED], "mission_number": [None, trip.mission_number]},
    )
    return trip


@transaction.atomic
def passport_issue(
    *,
    trip: Trip,
    person: Person,
    issued_on: dt.date,
    actor: Any,
    document: str = TravelDocument.PASSPORT,
) -> PassportLoan:
    """Hand a traveller the document the trip needs: the official passport, or for Hong Kong and Macao
    the exit-entry permit, for Taiwan the travel permit (both for a trip that goes to both kinds of place)."""
    trip = Trip.objects.select_for_update().select_related("institution").get(pk=trip.pk)
    if trip.status != S.APPROVED or trip.recorded_afterwards:
        raise TravelError(_("Passports are handed out for approved trips only, before they leave."))
    if not trip.members.filter(person=person, archived_at__isnull=True).exists():
        raise TravelError(
            _("%(person)s is not a member of this delegation.") % {"person": person}, field="person"
        )
    needed = selectors.documents_needed(selectors.countries_of(trip))
    if document not in needed:
        raise TravelError(
            _("This trip needs %(needed)s, not %(document)s.")
            % {
                "needed": "、".join(str(TravelDocument(d).label) for d in needed),
                "document": TravelDocument(document).label if document in TravelDocument.values else document,
            },
            field="document",
        )
    if trip.passports.filter(person=person, document=document, archived_at__isnull=True).exists():
        raise ConflictError(
            _("%(person)s already has the %(document)s for this trip.")
            % {"person": person, "document": TravelDocument(document).label},
            field="person",
        )
    if issued_on > trip.departure:
        raise TravelError(_("Hand the passport out before departure."), field="issued_on")
    conf = settings_for(trip.institution)
    loan = PassportLoan.objects.create(
        institution_id=trip.institution_id,
        trip=trip,
        person=person,
        document=document,
        issued_on=issued_on,
        due_on=trip.return_on + dt.timedelta(days=conf.passport_return_days),
    )
    audit.record(
        trip,
        "travel.passport.issued",
        actor=actor,
        data={"person": audit.stored_label(person), "document": document, "due_on": loan.due_on},
    )
    return loan


@transaction.atomic
def passport_return(*, loan: PassportLoan, returned_on: dt.date, actor: Any) -> PassportLoan:
    loan = PassportLoan.objects.select_for_update().select_related("trip", "person").get(pk=loan.pk)
    if loan.returned_on is not None:
        raise ConflictError(_("This passport was returned on %(date)s.") % {"date": loan.returned_on})
    if returned_on < loan.issued_on:
        raise TravelError(_("A passport cannot come back before it was handed out."), field="returned_on")
    if returned_on > timezone.localdate():
        raise TravelError(_("The return date is in the future."), field="returned_on")
    loan.returned_on = returned_on
    loan.save(update_fields=["returned_on", "updated_at"])
    audit.record(
        loan.trip,
        "travel.passport.returned",
        actor=actor,
        data={
            "person": audit.stored_label(loan.person),
            "returned_on": returned_on,
            "late": returned_on > loan.due_on,
        },
    )
    return loan


# -- report and settlement -----------------------------------------------------------------------------


@transaction.atomic
def report_submit(
    *,
    trip: Trip,
    text: str,
    outcomes: str = "",
    partners: Sequence[Partner] = (),
    agreements: Sequence[Agreement] = (),
    upload: UploadedFile | None = None,
    actor: Any,
    today: dt.date | None = None,
) -> TripReport:
    """File the trip report after the return, with the partners met, the agreements concerned and, when
    given, a file of photos or minutes (kept with the trip's documents)."""
    today = today or timezone.localdate()
    trip = Trip.objects.select_for_update().select_related("institution").get(pk=trip.pk)
    if trip.recorded_afterwards:
        message = _(
            "This trip was recorded afterwards: its report was filed outside the system; "
            "upload it as a document."
        )
        raise TravelError(message)
    if trip.status != S.APPROVED:
        raise TravelError(_("A report is filed for an approved trip that has taken place."))
    if today <= trip.return_on:
        raise TravelError(
            _("The delegation returns on %(date)s; file the report after the return.")
            % {"date": trip.return_on}
        )
    if not text.strip():
        raise TravelError(_("Write the report."), field="text")
    for partner in partners:
        if partner.institution_id != trip.institution_id:
            raise TravelError(_("Choose partners of this institution."), field="partners")
    for agreement in agreements:
        if agreement.institution_id != trip.institution_id:
            raise TravelError(_("Choose agreements of this institution."), field="agreements")
    if actor is not None:
        choices.require(partner_selectors.partner_choices(actor), list(partners), field="partners")
        choices.require(selectors.agreement_choices(actor), list(agreements), field="agreements")
    report = TripReport.objects.create(
        institution_id=trip.institution_id,
        trip=trip,
        submitted_on=today,
        due_on=report_due_on(trip),
        submitted_by=actor if getattr(actor, "pk", None) else None,
        text=text.strip(),
        outcomes=outcomes.strip(),
    )
    for partner in partners:
        ReportLink.objects.create(institution_id=trip.institution_id, report=report, partner=partner)
    for agreement in agreements:
        ReportLink.objects.create(institution_id=trip.institution_id, report=report, agreement=agreement)
    trip.status = S.REPORTED
    trip.save(update_fields=["status", "updated_at"])
    audit.record(
        trip,
        "travel.trip.reported",
        actor=actor,
        changes={"status": [S.APPROVED, S.REPORTED]},
        data={"due_on": report.due_on, "on_time": report.on_time},
    )
    if upload is not None:
        attachment_services.attach(owner=trip, upload=upload, kind=TripDocumentKind.REPORT, actor=actor)
    return report


@dataclass(frozen=True)
class Actual:
    """What one budget line cost, as its receipts show it: the amount in the currency spent and, for a
    currency other than the yuan, the rate the finance office applied (yuan per unit)."""

    amount: Decimal
    currency: str = currencies.HOME
    rate: Decimal | None = None


def _actual_of(line: BudgetLine, given: Actual | Decimal | None) -> Actual:
    label = line.get_item_display()
    if given is None:
        raise TravelError(
            _("%(item)s: give the actual amount (0 if nothing was spent).") % {"item": label}, field="actuals"
        )
    actual = given if isinstance(given, Actual) else Actual(Decimal(given))
    currency = (actual.currency or "").strip().upper()
    if actual.amount < 0:
        raise TravelError(
            _("%(item)s: an actual amount cannot be negative.") % {"item": label}, field="actuals"
        )
    if not currencies.is_valid(currency):
        raise TravelError(
            _("%(item)s: “%(currency)s” is not a currency code (ISO 4217, such as CNY, USD, EUR).")
            % {"item": label, "currency": actual.currency},
            field="actuals",
        )
    if currency == currencies.HOME:
        if actual.rate not in (None, Decimal(1)):
            raise TravelError(
                _("%(item)s: an amount in yuan takes no exchange rate.") % {"item": label}, field="actuals"
            )
        return Actual(actual.amount, currency, Decimal(1))
    if actual.rate is None or actual.rate <= 0:
        raise TravelError(
            _("%(item)s: give the exchange rate applied (yuan per %(currency)s).")
            % {"item": label, "currency": currency},
            field="actuals",
        )
    return Actual(actual.amount, currency, actual.rate)


@transaction.atomic
def settle(
    *,
    trip: Trip,
    actuals: Mapping[int, Actual | Decimal],
    receipts: Mapping[int, Sequence[UploadedFile]] | None = None,
    note: str = "",
    actor: Any,
    today: dt.date | None = None,
) -> Settlement:
    """Record what each budget line actually cost (核销): the amount in the currency spent, the rate to the
    yuan, and the receipts, uploaded now (``receipts`` by line) or attached to the line before. Only
    approved trips are settled; a line spent without receipts, or a total above the budget without a word
    of explanation, is refused and nothing is written. A plain ``Decimal`` is an amount in yuan."""
    today = today or timezone.localdate()
    receipts = receipts or {}
    trip = Trip.objects.select_for_update().select_related("institution").get(pk=trip.pk)
    conf = settings_for(trip.institution)
    allowed = settleable_statuses(trip)
    if trip.status == S.SETTLED:
        raise ConflictError(_("This trip has been settled already."))
    if trip.status not in allowed:
        raise TravelError(
            _("Only approved trips are settled, after their report is filed.")
            if conf.settlement_requires_report
            else _("Only approved trips are settled.")
        )
    if today <= trip.return_on:
        raise TravelError(_("Settle the trip after the return."))
    lines = list(trip.budget_lines.filter(archived_at__isnull=True).order_by("id"))
    unknown = (set(actuals) | set(receipts)) - {b.pk for b in lines}
    if unknown:
        raise TravelError(_("Settle the lines of this trip's budget only."), field="actuals")
    checked = {line.pk: _actual_of(line, actuals.get(line.pk)) for line in lines}
    if conf.settlement_requires_receipts:
        kept = selectors.receipts_by_line(trip)
        for line in lines:
            if checked[line.pk].amount > 0 and not kept.get(line.pk) and not receipts.get(line.pk):
                raise TravelError(
                    _("%(item)s: attach its receipts (invoices, tickets, the hotel bill).")
                    % {"item": line.get_item_display()},
                    field=f"receipts_{line.pk}",
                )
    approved = sum((b.amount for b in lines), Decimal(0))
    in_yuan = {pk: currencies.to_home(a.amount, a.rate or Decimal(1)) for pk, a in checked.items()}
    actual_total = sum(in_yuan.values(), Decimal(0))
    if actual_total > approved and not note.strip():
        raise TravelError(
            _("The actual total %(actual)s exceeds the approved %(approved)s; explain why in the note.")
            % {"actual": actual_total, "approved": approved},
            field="note",
        )
    # Every check is done: only now are the receipts kept and the lines written.
    by_pk = {line.pk: line for line in lines}
    for pk, uploads in receipts.items():
        for upload in uploads:
            attachment_services.attach(
                owner=trip, upload=upload, kind=TripDocumentKind.RECEIPT, part=by_pk[pk], actor=actor
            )
    for line in lines:
        actual = checked[line.pk]
        line.actual_currency, line.actual_in_currency, line.actual_rate = (
            actual.currency,
            actual.amount,
            actual.rate,
        )
        line.actual = in_yuan[line.pk]
        line.save(
            update_fields=["actual", "actual_currency", "actual_in_currency", "actual_rate", "updated_at"]
        )
    settlement = Settlement.objects.create(
        institution_id=trip.institution_id,
        trip=trip,
        settled_on=today,
        settled_by=actor if getattr(actor, "pk", None) else None,
        total_approved=approved,
        total_actual=actual_total,
        note=note.strip(),
    )
    before = trip.status
    trip.status = S.SETTLED
    trip.save(update_fields=["status", "updated_at"])
    audit.record(
        trip,
        "travel.trip.settled",
        actor=actor,
        changes={"status": [before, S.SETTLED]},
        data={
            "approved": approved,
            "actual": actual_total,
            "lines": [
                {
                    "item": line.item,
                    "amount": line.actual_in_currency,
                    "currency": line.actual_currency,
                    "rate": line.actual_rate,
                    "cny": line.actual,
                }
                for line in lines
            ],
        },
    )
    return settlement


@transaction.atomic
def trip_cancel(*, trip: Trip, reason: str, actor: Any) -> Trip:
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.status not in CANCELLABLE:
        raise TravelError(
            _("A trip that is %(status)s cannot be cancelled.") % {"status": trip.get_status_display()}
        )
    if not reason.strip():
        raise TravelError(_("Say why the trip is cancelled."), field="reason")
    for request in ApprovalRequest.objects.filter(
        institution_id=trip.institution_id,
        kind=KIND,
        object_id=trip.pk,
        status=ApprovalRequest.Status.PENDING,
    ):
        approvals.withdraw(request=request, actor=actor)
    before = trip.status
    trip.status = S.CANCELLED
    trip.status_note = reason.strip()
    trip.save(update_fields=["status", "status_note", "updated_at"])
    audit.record(
        trip,
        "travel.trip.cancelled",
        actor=actor,
        changes={"status": [before, S.CANCELLED]},
        data={"reason": reason.strip()},
    )
    return trip


# -- annual plans --------------------------------------------------------------------------------------

P = AnnualPlan.Status


@transaction.atomic
def plan_open(*, institution: Institution, unit: OrgUnit, year: int, actor: Any) -> AnnualPlan:
    if unit.institution_id != institution.pk or unit.is_archived:
        raise TravelError(_("Choose an active unit of this institution."), field="org_unit")
    existing = AnnualPlan.objects.filter(
        institution=institution, org_unit=unit, year=year, archived_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    plan = AnnualPlan.objects.create(institution=institution, org_unit=unit, year=year)
    audit.record(plan, "travel.plan.created", actor=actor, data={"year": year})
    return plan


PLAN_LINE_FIELDS = ("title", "purpose", "countries", "month", "people", "days", "partner", "budget")


@transaction.atomic
def plan_line_save(
    *, plan: AnnualPlan, line: PlannedTrip | None, data: Mapping[str, Any], actor: Any
) -> PlannedTrip:
    plan = AnnualPlan.objects.select_for_update().select_related("institution").get(pk=plan.pk)
    if plan.status not in (P.DRAFT, P.RETURNED):
        raise TravelError(_("A submitted plan cannot be changed; ask the office to return it."))
    conf = settings_for(plan.institution)
    before = audit.snapshot(line, PLAN_LINE_FIELDS) if line is not None else {}
    partner_before = line.partner_id if line is not None else None
    line = line or PlannedTrip(institution_id=plan.institution_id, plan=plan)
    for key in PLAN_LINE_FIELDS:
        if key in data:
            setattr(line, key, data[key])
    if actor is not None and line.partner_id and line.partner_id != partner_before:
        choices.require(partner_selectors.partner_choices(actor), line.partner, field="partner")
    codes = [countries.normalise(c) for c in str(line.countries).replace("，", ",").split(",") if c.strip()]
    unknown = [c for c in codes if not countries.is_valid(c)]
    if not codes or unknown:
        raise TravelError(
            _("Give ISO country codes separated by commas; unknown: %(codes)s")
            % {"codes": ", ".join(unknown) or "—"},
            field="countries",
        )
    line.countries = ",".join(dict.fromkeys(codes))
    if not 1 <= int(line.month or 0) <= 12:
        raise TravelError(_("The month is between 1 and 12."), field="month")
    if not 1 <= int(line.people or 0) <= conf.max_delegation:
        raise TravelError(
            _("A delegation has 1 to %(max)s people.") % {"max": conf.max_delegation}, field="people"
        )
    limit = conf.day_limit(len(codes))
    if limit is not None and int(line.days or 0) > limit:
        raise TravelError(
            _(
                "A trip to %(count)s countries lasts at most %(limit)s days, travel included; "
                "this one lasts %(days)s."
            )
            % {"count": len(codes), "limit": limit, "days": line.days},
            field="days",
        )
    if line.partner is not None and line.partner.institution_id != plan.institution_id:
        raise TravelError(_("Choose a partner of this institution."), field="partner")
    clean_or_raise(line, TravelError, exclude=["institution", "plan"])
    line.save()
    audit.record(
        plan,
        "travel.plan.line_saved",
        actor=actor,
        changes=audit.diff(before, audit.snapshot(line, PLAN_LINE_FIELDS)),
        data={"line": line.title},
        fields_of=PlannedTrip,
    )
    return line


@transaction.atomic
def plan_line_archive(*, line: PlannedTrip, actor: Any) -> PlannedTrip:
    plan = AnnualPlan.objects.select_for_update().get(pk=line.plan_id)
    if plan.status not in (P.DRAFT, P.RETURNED):
        raise TravelError(_("A submitted plan cannot be changed; ask the office to return it."))
    if line.trips.exists():
        raise TravelError(_("Trips were applied for under this line; it stays in the plan."))
    return set_archived(
        line,
        archived=True,
        actor=actor,
        action="travel.plan.line_archived",
        error=TravelError,
        unchanged=_("The line is archived already."),
        audit_on=plan,
        data={"line": line.title},
    )


@transaction.atomic
def plan_submit(*, plan: AnnualPlan, actor: Any, today: dt.date | None = None) -> AnnualPlan:
    today = today or timezone.localdate()
    plan = AnnualPlan.objects.select_for_update().select_related("institution").get(pk=plan.pk)
    if plan.status not in (P.DRAFT, P.RETURNED):
        raise ConflictError(_("The plan has been submitted already."))
    if not plan.lines.filter(archived_at__isnull=True).exists():
        raise TravelError(
            _("Add the planned trips first (a plan without trips can be submitted as a note to the office).")
        )
    deadline = settings_for(plan.institution).plan_deadline_for(plan.year)
    plan.status = P.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.submitted_late = today > deadline
    plan.save()
    audit.record(
        plan,
        "travel.plan.submitted",
        actor=actor,
        changes={"status": [P.DRAFT, P.SUBMITTED]},
        data={"late": plan.submitted_late},
    )
    return plan


@transaction.atomic
def plan_decide(*, plan: AnnualPlan, approve: bool, note: str = "", actor: Any) -> AnnualPlan:
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != P.SUBMITTED:
        raise ConflictError(_("Only a submitted plan is approved or returned."))
    if not approve and not note.strip():
        raise TravelError(_("Say what the college should change."), field="note")
    plan.status = P.APPROVED if approve else P.RETURNED
    plan.decided_at = timezone.now()
    plan.note = note.strip()
    plan.save()
    audit.record(
        plan,
        "travel.plan.decided",
        actor=actor,
        changes={"status": [P.SUBMITTED, plan.status]},
        data={"note": plan.note},
    )
    return plan
