"""Exchange calls for students: places at partners, applications reviewed through the approval chain,
ranking, nomination without over-allocation, the partner's answer, and the mobility that follows.

Places are counted in ``CallPlace.nominated`` and taken by one conditional ``UPDATE … WHERE nominated <
places``: two officers nominating at once for the last place cannot both succeed, on PostgreSQL (the
second UPDATE waits for the first and re-reads the row) and on SQLite (one writer at a time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.agreements import selectors as agreement_selectors
from intercoop.approvals import services as approvals
from intercoop.approvals.models import ApprovalRequest
from intercoop.attachments import services as attachment_services
from intercoop.core import audit, choices
from intercoop.core.errors import ConflictError, DomainError
from intercoop.mobility.attachables import APPLICATION_FILE
from intercoop.mobility.models import Application, CallPlace, ExchangeCall
from intercoop.mobility.permissions import CALL_MANAGE
from intercoop.mobility.records import services as mobility_services
from intercoop.org import selectors as org_selectors
from intercoop.org.models import Institution, Person
from intercoop.partners import selectors as partner_selectors
from intercoop.partners.models import Partner

KIND = "mobility.application"
A = Application.Status
CALL_FIELDS = (
    "title",
    "title_en",
    "description",
    "org_unit",
    "type",
    "opens_on",
    "closes_on",
    "mobility_start",
    "mobility_end",
    "min_year",
    "min_gpa",
    "language_requirement",
    "documents_required",
)
APPLICATION_FIELDS = ("first_choice", "second_choice", "year_of_study", "gpa", "language_level", "statement")


class CallError(DomainError):
    pass


@dataclass(frozen=True)
class Place:
    partner: Partner
    places: int
    agreement: Any = None


def _check_call_choices(
    actor: Any, call: ExchangeCall, places: Sequence[Place], before: dict[str, Any] | None
) -> None:
    """What the actor may name (core.choices): a unit they manage calls for, partners of the directory,
    agreements they may see. A place kept as it was may stay."""
    if actor is None:
        return
    choices.require_changed(call, before, {"org_unit": lambda: org_selectors.units_for(actor, CALL_MANAGE)})
    kept = set()
    if call.pk:
        kept = set(
            CallPlace.objects.filter(call=call, archived_at__isnull=True).values_list(
                "partner_id", "agreement_id"
            )
        )
    new = [p for p in places if (p.partner.pk, getattr(p.agreement, "pk", None)) not in kept]
    choices.require(partner_selectors.partner_choices(actor), [p.partner for p in new], field="places")
    choices.require(
        agreement_selectors.agreement_choices(actor),
        [p.agreement for p in new if p.agreement is not None],
        field="places",
    )


def _check_call(call: ExchangeCall, places: Sequence[Place]) -> None:
    if call.closes_on < call.opens_on:
        raise CallError(_("Applications close before they open."), field="closes_on")
    if call.mobility_end < call.mobility_start:
        raise CallError(_("The mobility ends before it starts."), field="mobility_end")
    if call.mobility_start < call.closes_on:
        raise CallError(_("The mobility starts before applications close."), field="mobility_start")
    if call.org_unit is not None and call.org_unit.institution_id != call.institution_id:
        raise CallError(_("Choose a unit of this institution."), field="org_unit")
    if call.min_gpa is not None and not Decimal(0) <= call.min_gpa <= Decimal(5):
        raise CallError(_("A GPA is between 0 and 5."), field="min_gpa")
    if not places:
        raise CallError(_("Offer at least one place at a partner."), field="places")
    seen = set()
    for place in places:
        if place.partner.institution_id != call.institution_id or place.partner.archived_at is not None:
            raise CallError(_("Choose a partner of this institution's directory."), field="places")
        if place.partner.pk in seen:
            raise CallError(
                _("%(partner)s is listed twice.") % {"partner": place.partner.display_name}, field="places"
            )
        seen.add(place.partner.pk)
        if place.places < 1:
            raise CallError(_("Each partner offers at least one place."), field="places")
        if place.agreement is not None and place.agreement.institution_id != call.institution_id:
            raise CallError(_("Choose an agreement of this institution."), field="places")


@transaction.atomic
def call_save(
    *,
    institution: Institution,
    data: Mapping[str, Any],
    places: Sequence[Place],
    actor: Any,
    call: ExchangeCall | None = None,
) -> ExchangeCall:
    """Create or change a call and its places; a place cannot drop below the students nominated to it."""
    linked: dict[str, Any] | None = None
    if call is None:
        call = ExchangeCall(institution=institution)
        before: dict[str, Any] = {}
    else:
        call = ExchangeCall.objects.select_for_update().get(pk=call.pk)
        if call.status == ExchangeCall.Status.CLOSED:
            raise CallError(_("A closed call cannot be changed."))
        before = audit.snapshot(call, CALL_FIELDS)
        linked = choices.link_ids(call, ("org_unit",))
    for key, value in data.items():
        if key in CALL_FIELDS:
            setattr(call, key, value)
    _check_call_choices(actor, call, places, linked)
    _check_call(call, places)
    call.save()
    existing = {p.partner_id: p for p in CallPlace.objects.select_for_update().filter(call=call)}
    wanted = {p.partner.pk: p for p in places}
    for partner_id, place in existing.items():
        if partner_id not in wanted and place.archived_at is None:
            if place.nominated:
                raise CallError(
                    _("%(partner)s has nominated students; it cannot leave the call.")
                    % {"partner": place.partner},
                    field="places",
                )
            place.archived_at = timezone.now()
            place.save(update_fields=["archived_at", "updated_at"])
    for partner_id, wanted_place in wanted.items():
        place = existing.get(partner_id)
        if place is None:
            CallPlace.objects.create(
                institution=institution,
                call=call,
                partner=wanted_place.partner,
                places=wanted_place.places,
                agreement=wanted_place.agreement,
            )
            continue
        if wanted_place.places < place.nominated:
            raise CallError(
                _("%(partner)s has %(n)s students nominated already; offer at least as many places.")
                % {"partner": place.partner, "n": place.nominated},
                field="places",
            )
        place.places, place.agreement, place.archived_at = wanted_place.places, wanted_place.agreement, None
        place.save(update_fields=["places", "agreement", "archived_at", "updated_at"])
    changes = audit.diff(before, audit.snapshot(call, CALL_FIELDS))
    changes["places"] = [
        sorted(f"{p.partner_id}:{p.places}" for p in existing.values() if p.archived_at is None),
        sorted(f"{p.partner.pk}:{p.places}" for p in places),
    ]
    audit.record(
        call, "mobility.call.created" if not before else "mobility.call.updated", actor=actor, changes=changes
    )
    return call


@transaction.atomic
def call_set_status(*, call: ExchangeCall, status: str, actor: Any) -> ExchangeCall:
    call = ExchangeCall.objects.select_for_update().get(pk=call.pk)
    allowed: dict[str, tuple[str, ...]] = {
        ExchangeCall.Status.OPEN: (ExchangeCall.Status.DRAFT, ExchangeCall.Status.CLOSED),
        ExchangeCall.Status.CLOSED: (ExchangeCall.Status.OPEN,),
    }
    if status not in allowed or call.status not in allowed[status]:
        raise CallError(
            _("This call cannot move from %(status)s to that state.") % {"status": call.get_status_display()}
        )
    before = call.status
    call.status = status
    call.save(update_fields=["status", "updated_at"])
    audit.record(call, f"mobility.call.{status}", actor=actor, changes={"status": [before, status]})
    return call


def is_open(call: ExchangeCall, today: dt.date) -> bool:
    return call.status == ExchangeCall.Status.OPEN and call.opens_on <= today <= call.closes_on


def _check_application(app: Application, today: dt.date) -> None:
    call = app.call
    student: Person = app.student
    if not is_open(call, today):
        raise CallError(_("This call is not open for applications."))
    if student.institution_id != call.institution_id or student.kind != Person.Kind.STUDENT:
        raise CallError(_("Only students of this institution apply."), field="student")
    if call.org_unit is not None and (
        student.org_unit is None or not student.org_unit.path.startswith(call.org_unit.path)
    ):
        raise CallError(_("This call is open to the students of %(unit)s only.") % {"unit": call.org_unit})
    for name in ("first_choice", "second_choice"):
        place = getattr(app, name)
        if place is not None and (place.call_id != call.pk or place.archived_at is not None):
            raise CallError(_("Choose a partner of this call."), field=name)
    if app.second_choice_id and app.second_choice_id == app.first_choice_id:
        raise CallError(_("The second choice must differ from the first."), field="second_choice")
    if app.year_of_study < call.min_year:
        raise CallError(
            _("This call is for students from year %(n)s on.") % {"n": call.min_year}, field="year_of_study"
        )
    if app.gpa < 0 or app.gpa > 5:
        raise CallError(_("A GPA is between 0 and 5."), field="gpa")
    if call.min_gpa is not None and app.gpa < call.min_gpa:
        raise CallError(
            _("This call asks for a GPA of at least %(gpa)s.") % {"gpa": call.min_gpa}, field="gpa"
        )
    if not app.statement.strip():
        raise CallError(_("Say why you apply."), field="statement")


def _start_review(app: Application, actor: Any) -> None:
    approvals.request_start(
        institution=app.call.institution,
        kind=KIND,
        subject=app,
        applicant_unit=app.org_unit,
        facts={"excluded_users": [actor.pk] if getattr(actor, "pk", None) else []},
        actor=actor,
    )


def application_submit(
    *,
    call: ExchangeCall,
    student: Person,
    data: Mapping[str, Any],
    actor: Any,
    document: UploadedFile | None = None,
    today: dt.date | None = None,
) -> Application:
    """Apply to a call: checked against its rules, then reviewed by the student's college."""
    today = today or timezone.localdate()
    if actor is not None:  # oneself, or a student the office or their college may see
        choices.require(org_selectors.person_choices(actor), student, field="student")
    if document is not None:
        attachment_services.check(document, owner=Application, field="document")
    try:
        with transaction.atomic():
            app = Application(
                institution=call.institution,
                call=call,
                student=student,
                org_unit=student.org_unit,
                **{k: v for k, v in data.items() if k in APPLICATION_FIELDS},
            )
            if app.org_unit_id is None:
                raise CallError(_("The student belongs to no college."), field="student")
            _check_application(app, today)
            if Application.objects.filter(call=call, student=student).exclude(status=A.WITHDRAWN).exists():
                raise ConflictError(_("You have applied to this call already."), field="student")
            app.save()
            audit.record(
                app,
                "mobility.application.submitted",
                actor=actor,
                changes=audit.diff({}, audit.snapshot(app, APPLICATION_FIELDS)),
            )
            if document is not None:  # the applicant's documents, checked above
                app.document = attachment_services.attach(
                    owner=app, upload=document, kind=APPLICATION_FILE, actor=actor, field="document"
                )
                app.save(update_fields=["document", "updated_at"])
            _start_review(app, actor)
            return app
    except IntegrityError as exc:  # the same student submitting twice at the same moment
        raise ConflictError(_("You have applied to this call already."), field="student") from exc


@transaction.atomic
def application_resubmit(
    *, app: Application, data: Mapping[str, Any], actor: Any, today: dt.date | None = None
) -> Application:
    app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__institution", "student__org_unit")
        .get(pk=app.pk)
    )
    if app.status != A.RETURNED:
        raise CallError(_("Only an application returned for revision can be changed."))
    before = audit.snapshot(app, APPLICATION_FIELDS)
    for key, value in data.items():
        if key in APPLICATION_FIELDS:
            setattr(app, key, value)
    _check_application(app, today or timezone.localdate())
    app.status = A.IN_REVIEW
    app.save()
    audit.record(
        app,
        "mobility.application.resubmitted",
        actor=actor,
        changes=audit.diff(before, audit.snapshot(app, APPLICATION_FIELDS)),
    )
    _start_review(app, actor)
    return app


def on_outcome(request: ApprovalRequest, app: Application, outcome: str, actor: Any) -> None:
    """Called by the approval engine when the college's review ends."""
    app = Application.objects.select_for_update().get(pk=app.pk)
    if app.status != A.IN_REVIEW:
        return
    R = ApprovalRequest.Status
    outcomes: dict[str, str] = {R.APPROVED: A.ELIGIBLE, R.REJECTED: A.INELIGIBLE, R.RETURNED: A.RETURNED}
    status = outcomes.get(outcome)
    if status is None:
        return
    last = request.steps.exclude(comment="").order_by("-position").first()
    before = app.status
    app.status = status
    app.note = last.comment if last is not None and status != A.ELIGIBLE else ""
    app.save(update_fields=["status", "note", "updated_at"])
    audit.record(app, "mobility.application.reviewed", actor=actor, changes={"status": [before, status]})


def _free(place_id: int) -> None:
    CallPlace.objects.filter(pk=place_id, nominated__gt=0).update(nominated=F("nominated") - 1)


def _locked(exc: OperationalError) -> ConflictError:
    if "locked" not in str(exc):
        raise exc
    return ConflictError(_("Someone else is changing this call at this moment. Reload the page."))


def application_withdraw(*, app: Application, actor: Any) -> Application:
    try:
        with transaction.atomic():
            app = Application.objects.select_for_update().get(pk=app.pk)
            if app.status in (A.WITHDRAWN, A.ACCEPTED, A.DECLINED, A.NOT_SELECTED, A.INELIGIBLE):
                raise CallError(
                    _("An application that is %(status)s cannot be withdrawn.")
                    % {"status": app.get_status_display()}
                )
            before = app.status
            if app.status == A.NOMINATED and app.place_id:
                _free(app.place_id)
            if app.status == A.IN_REVIEW:
                for request in ApprovalRequest.objects.filter(kind=KIND, object_id=app.pk, status="pending"):
                    approvals.withdraw(request=request, actor=actor)
            app.status = A.WITHDRAWN
            app.save(update_fields=["status", "updated_at"])
            audit.record(
                app, "mobility.application.withdrawn", actor=actor, changes={"status": [before, A.WITHDRAWN]}
            )
            return app
    except OperationalError as exc:
        raise _locked(exc) from exc


@transaction.atomic
def application_score(*, app: Application, score: Decimal, actor: Any) -> Application:
    app = Application.objects.select_for_update().get(pk=app.pk)
    if app.status not in (A.ELIGIBLE, A.NOMINATED):
        raise CallError(_("Only eligible applications are ranked."))
    if not Decimal(0) <= score <= Decimal(100):
        raise CallError(_("A score is between 0 and 100."), field="score")
    before = app.score
    app.score = score
    app.save(update_fields=["score", "updated_at"])
    audit.record(app, "mobility.application.scored", actor=actor, changes={"score": [before, score]})
    return app


def nominate(*, app: Application, place: CallPlace, actor: Any) -> Application:
    """Nominate an eligible student to a partner: takes one place, or fails when none is left."""
    try:
        with transaction.atomic():
            if place.call_id != app.call_id or place.archived_at is not None:
                raise CallError(_("Choose a partner of this call."), field="place")
            taken = CallPlace.objects.filter(pk=place.pk, nominated__lt=F("places")).update(
                nominated=F("nominated") + 1
            )
            if not taken:
                raise ConflictError(
                    _("No place is left at %(partner)s.") % {"partner": place.partner.display_name},
                    field="place",
                )
            moved = Application.objects.filter(pk=app.pk, status=A.ELIGIBLE).update(
                status=A.NOMINATED, place=place, updated_at=timezone.now()
            )
            if not moved:
                raise ConflictError(
                    _("This application changed meanwhile; it is no longer waiting for a place.")
                )
            app = Application.objects.get(pk=app.pk)
            audit.record(
                app,
                "mobility.application.nominated",
                actor=actor,
                changes={"status": [A.ELIGIBLE, A.NOMINATED], "place": [None, place.partner.display_name]},
            )
            return app
    except OperationalError as exc:
        raise _locked(exc) from exc


def partner_answer(*, app: Application, accepted: bool, actor: Any) -> Application:
    """The partner's answer: accepted makes a planned mobility; declined frees the place."""
    try:
        with transaction.atomic():
            app = (
                Application.objects.select_for_update(of=("self",))
                .select_related("call__institution", "place__partner", "place__agreement", "student")
                .get(pk=app.pk)
            )
            if app.status != A.NOMINATED or app.place is None:
                raise CallError(_("Only a nominated application gets the partner's answer."))
            before = app.status
            if accepted:
                call, place = app.call, app.place
                app.mobility = mobility_services.mobility_create(
                    institution=call.institution,
                    actor=actor,
                    data={
                        "direction": "out",
                        "type": call.type,
                        "person": app.student,
                        "participant_kind": "student",
                        "org_unit": app.org_unit,
                        "host_partner": place.partner,
                        "country": place.partner.country,
                        "city": place.partner.city,
                        "planned_start": call.mobility_start,
                        "planned_end": call.mobility_end,
                        "agreement": place.agreement,
                        "notes": _("From exchange call “%(call)s”.") % {"call": call.title},
                    },
                )
                app.status = A.ACCEPTED
            else:
                _free(app.place_id)  # type: ignore[arg-type]
                app.status = A.DECLINED
            app.save(update_fields=["status", "mobility", "updated_at"])
            audit.record(
                app, "mobility.application.answered", actor=actor, changes={"status": [before, app.status]}
            )
            return app
    except OperationalError as exc:
        raise _locked(exc) from exc
