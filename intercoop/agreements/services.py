"""Every write to agreements: drafting, lifecycle steps, obligations, conditions, interactions (files go
through ``attachments.services``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.agreements import selectors
from intercoop.agreements.config import add_months, settings_for, term_months
from intercoop.agreements.models import (
    Agreement,
    AgreementParty,
    AgreementUnit,
    Condition,
    DocumentKind,
    Interaction,
    Obligation,
)
from intercoop.agreements.permissions import AGREEMENT_CHANGE
from intercoop.attachments import selectors as attachment_selectors
from intercoop.attachments import services as attachment_services
from intercoop.core import audit, choices, isced, numbering
from intercoop.core.access import access_for
from intercoop.core.archiving import set_archived
from intercoop.core.errors import ConflictError, DomainError, clean_or_raise
from intercoop.org import selectors as org_selectors
from intercoop.org.models import Institution, OrgUnit, Person
from intercoop.partners import selectors as partner_selectors
from intercoop.partners.models import Partner

S = Agreement.Status


class AgreementError(DomainError):
    pass


AGREEMENT_FIELDS = (
    "title",
    "title_en",
    "type",
    "framework",
    "predecessor",
    "signed_on",
    "valid_from",
    "valid_to",
    "auto_renewal",
    "notice_days",
    "school_responsible",
    "college_responsible",
    "confidential",
    "summary",
)
TRACKED = (*AGREEMENT_FIELDS, "number", "status")


def _full_clean(obj: Any, exclude: Iterable[str] = ()) -> None:
    clean_or_raise(obj, AgreementError, exclude=exclude)


def next_number(institution: Institution, year: int) -> str:
    stem = f"{settings_for(institution).number_prefix}-{year}-"
    return numbering.next_number(Agreement.objects.filter(institution=institution), "number", stem)


def _check(agreement: Agreement, partners: list[Partner], units: list[OrgUnit]) -> None:
    inst = agreement.institution_id
    if not agreement.title.strip():
        raise AgreementError(_("Give the agreement a title."), field="title")
    if not partners:
        raise AgreementError(_("An agreement needs at least one partner."), field="partners")
    for partner in partners:
        if partner.institution_id != inst or partner.merged_into_id:
            raise AgreementError(
                _("%(partner)s is not one of this institution's partners.")
                % {"partner": partner.display_name},
                field="partners",
            )
        if partner.is_archived:
            raise AgreementError(
                _("%(partner)s is archived.") % {"partner": partner.display_name}, field="partners"
            )
    for unit in units:
        if unit.institution_id != inst or unit.is_archived:
            raise AgreementError(
                _("%(unit)s is not an active unit of this institution.") % {"unit": unit}, field="units"
            )
    for field in ("school_responsible", "college_responsible"):
        person: Person | None = getattr(agreement, field)
        if person is not None and (person.institution_id != inst or person.is_archived):
            raise AgreementError(
                _("The responsible person must be an active person of this institution."), field=field
            )
    for field in ("framework", "predecessor"):
        other: Agreement | None = getattr(agreement, field)
        if other is not None and (
            other.institution_id != inst or (agreement.pk and other.pk == agreement.pk)
        ):
            raise AgreementError(_("Choose another agreement of this institution."), field=field)
    if agreement.valid_from and agreement.valid_to and agreement.valid_to < agreement.valid_from:
        raise AgreementError(_("The end date is before the start date."), field="valid_to")
    if agreement.signed_on and agreement.signed_on > timezone.localdate():
        raise AgreementError(_("The signing date is in the future."), field="signed_on")
    _full_clean(agreement, exclude=["institution", "number", "status"])


PERSON_AND_AGREEMENT_LINKS = ("school_responsible", "college_responsible", "framework", "predecessor")


def _check_choices(
    actor: Any,
    agreement: Agreement,
    partners: list[Partner],
    units: list[OrgUnit],
    before: dict[str, Any] | None = None,
    links_before: tuple[set[int], set[int]] = (set(), set()),
) -> None:
    """What the actor may name (core.choices): partners of the directory, units they see, people they may
    see, agreements they may see. What the agreement already named may stay. A user who may change
    agreements of their college only keeps their college among the owners (or locks themselves out)."""
    if actor is None:
        return
    partners_before, units_before = links_before
    choices.require(
        partner_selectors.partner_choices(actor),
        [p for p in partners if p.pk not in partners_before],
        field="partners",
    )
    choices.require(
        org_selectors.unit_choices(actor, kinds=selectors.OWNER_KINDS),
        [u for u in units if u.pk not in units_before],
        field="units",
    )
    people = org_selectors.person_choices(actor)
    others = selectors.agreement_choices(actor)
    choices.require_changed(
        agreement,
        before,
        {
            "school_responsible": people,
            "college_responsible": people,
            "framework": others,
            "predecessor": others,
        },
    )
    access = access_for(actor)
    if not access.can_institution_wide(AGREEMENT_CHANGE):
        paths = access.unit_paths(AGREEMENT_CHANGE)
        if not any(u.path.startswith(p) for u in units for p in paths):
            raise AgreementError(_("Name your college among the owning colleges."), field="units")


def _set_links(agreement: Agreement, partners: list[Partner], units: list[OrgUnit]) -> dict[str, list[Any]]:
    """Make the agreement's parties and owning units exactly these; removed links are archived."""
    changes: dict[str, list[Any]] = {}
    now = timezone.now()
    for model, field, wanted, label in (
        (AgreementParty, "partner", partners, "parties"),
        (AgreementUnit, "org_unit", units, "units"),
    ):
        current = {
            getattr(link, f"{field}_id"): link
            for link in model.objects.filter(agreement=agreement, archived_at__isnull=True)
        }
        wanted_ids = {obj.pk: obj for obj in wanted}
        before = sorted(audit.stored_label(link) for link in current.values())
        for obj_id, link in current.items():
            if obj_id not in wanted_ids:
                link.archived_at = now
                link.save(update_fields=["archived_at", "updated_at"])
        for obj_id, obj in wanted_ids.items():
            if obj_id not in current:
                model.objects.create(
                    institution_id=agreement.institution_id, agreement=agreement, **{field: obj}
                )
        after = sorted(audit.stored_label(obj) for obj in wanted)
        if before != after:
            changes[label] = [before, after]
    return changes


@transaction.atomic
def agreement_create(
    *,
    institution: Institution,
    data: Mapping[str, Any],
    partners: list[Partner],
    units: list[OrgUnit],
    actor: Any,
    status: str = S.DRAFT,
    import_key: str = "",
) -> Agreement:
    """A new agreement, as a draft (or, when importing agreements signed before this system, as it stands,
    with the ``import_key`` of the row that wrote it)."""
    agreement = Agreement(institution=institution, **{k: v for k, v in data.items() if k in AGREEMENT_FIELDS})
    agreement.status = status
    agreement.import_key = import_key[:80]
    _check_choices(actor, agreement, partners, units)
    _check(agreement, partners, units)
    year = (agreement.signed_on or timezone.localdate()).year
    numbering.save_numbered(
        agreement,
        field="number",
        number=lambda: next_number(institution, year),
        failure=_("No agreement number could be given; try again."),
    )
    links = _set_links(agreement, partners, units)
    audit.record(
        agreement,
        "agreements.agreement.created",
        actor=actor,
        changes={**audit.diff({}, audit.snapshot(agreement, TRACKED)), **links},
    )
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    data: Mapping[str, Any],
    actor: Any,
    partners: list[Partner] | None = None,
    units: list[OrgUnit] | None = None,
) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.is_archived:
        raise AgreementError(_("Restore the agreement before editing it."))
    if agreement.status in (S.TERMINATED, S.RENEWED):
        raise AgreementError(_("A terminated or renewed agreement cannot be edited."))
    before = audit.snapshot(agreement, TRACKED)
    was = choices.link_ids(agreement, PERSON_AND_AGREEMENT_LINKS)
    for key, value in data.items():
        if key in AGREEMENT_FIELDS:
            setattr(agreement, key, value)
    current_partners = [
        p.partner for p in agreement.parties.filter(archived_at__isnull=True).select_related("partner")
    ]
    current_units = [
        u.org_unit for u in agreement.owner_units.filter(archived_at__isnull=True).select_related("org_unit")
    ]
    partners = current_partners if partners is None else partners
    units = current_units if units is None else units
    _check_choices(
        actor,
        agreement,
        partners,
        units,
        was,
        ({p.pk for p in current_partners}, {u.pk for u in current_units}),
    )
    _check(agreement, partners, units)
    agreement.save()
    changes = {
        **audit.diff(before, audit.snapshot(agreement, TRACKED)),
        **_set_links(agreement, partners, units),
    }
    if changes:
        audit.record(agreement, "agreements.agreement.changed", actor=actor, changes=changes)
    return agreement


@transaction.atomic
def agreement_set_number(*, agreement: Agreement, number: str, actor: Any) -> Agreement:
    """Keep the number an agreement already had on paper (imports of older agreements)."""
    number = number.strip()
    if (
        Agreement.objects.filter(institution_id=agreement.institution_id, number=number)
        .exclude(pk=agreement.pk)
        .exists()
    ):
        raise ConflictError(_("Agreement %(number)s exists already.") % {"number": number}, field="number")
    before = agreement.number
    agreement.number = number
    agreement.save(update_fields=["number", "updated_at"])
    audit.record(agreement, "agreements.agreement.changed", actor=actor, changes={"number": [before, number]})
    return agreement


# -- lifecycle -------------------------------------------------------------------------------------

# step -> (statuses it starts from, status it leads to)
STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "submit": ((S.DRAFT,), S.IN_REVIEW),
    "approve": ((S.IN_REVIEW,), S.APPROVED),
    "return": ((S.IN_REVIEW,), S.DRAFT),
    "sign": ((S.APPROVED,), S.SIGNED),
    "activate": ((S.SIGNED,), S.ACTIVE),
    "terminate": ((S.SIGNED, S.ACTIVE, S.EXPIRING), S.TERMINATED),
}
RENEWABLE = (S.ACTIVE, S.EXPIRING, S.EXPIRED, S.SIGNED)
ARCHIVABLE = (S.DRAFT, S.TERMINATED, S.RENEWED, S.EXPIRED)
STEP_PERMISSION = {
    "submit": "change",
    "approve": "approve",
    "return": "approve",
    "sign": "sign",
    "activate": "sign",
    "terminate": "sign",
    "renew": "sign",
}


DRAFTING = ("agreements.agreement.created", "agreements.agreement.submit")


def approval_conflict(agreement: Agreement, actor: Any) -> str:
    """Why ``actor`` may not approve ``agreement`` although they hold the right, or "": who drafted or
    submitted it does not approve it (separation of duties, on unless the institution turns it off)."""
    if getattr(actor, "pk", None) is None or not settings_for(agreement.institution).separate_duties:
        return ""
    if actor.pk in audit.actors_of(agreement, *DRAFTING):
        return _(
            "You drafted or submitted this agreement: another person approves it (separation of duties)."
        )
    return ""


def has_signed_copy(agreement: Agreement) -> bool:
    return attachment_selectors.files_of(agreement).filter(kind=DocumentKind.SIGNED_COPY).exists()


@transaction.atomic
def agreement_step(
    *,
    agreement: Agreement,
    step: str,
    actor: Any,
    note: str = "",
    signed_on: dt.date | None = None,
    expected_status: str | None = None,
    signed_copy: UploadedFile | None = None,
) -> Agreement:
    """Take one lifecycle step. ``expected_status`` is the status the user saw: a stale page is refused.

    Signing needs the signed copy: uploaded with the step (``signed_copy``) or attached before."""
    if step not in STEPS:
        raise AgreementError(_("Unknown step %(step)s.") % {"step": step}, field="step")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    sources, target = STEPS[step]
    if expected_status and agreement.status != expected_status:
        raise ConflictError(
            _("Someone changed this agreement meanwhile (it is now %(status)s). Reload the page.")
            % {"status": agreement.get_status_display()}
        )
    if agreement.status not in sources:
        raise AgreementError(
            _("This step is not possible while the agreement is %(status)s.")
            % {"status": agreement.get_status_display()},
            field="step",
        )
    before = audit.snapshot(agreement, TRACKED)
    today = timezone.localdate()
    if step == "return" and not note.strip():
        raise AgreementError(_("Say what must be revised."), field="note")
    if step == "terminate" and not note.strip():
        raise AgreementError(_("Give the reason for terminating."), field="note")
    if step == "submit" and not agreement.parties.filter(archived_at__isnull=True).exists():
        raise AgreementError(_("An agreement needs at least one partner."), field="partners")
    if step == "approve" and (conflict := approval_conflict(agreement, actor)):
        raise AgreementError(conflict, field="step")
    if step == "sign":
        agreement.signed_on = signed_on or agreement.signed_on
        if agreement.signed_on is None:
            raise AgreementError(_("Give the date of signing."), field="signed_on")
        if agreement.signed_on > today:
            raise AgreementError(_("The signing date is in the future."), field="signed_on")
        if signed_copy is not None:
            attachment_services.attach(
                owner=agreement,
                upload=signed_copy,
                kind=DocumentKind.SIGNED_COPY,
                actor=actor,
                field="signed_copy",
            )
        elif not has_signed_copy(agreement):
            raise AgreementError(
                _("Attach the scan of the signed agreement: it is the proof of signing."), field="signed_copy"
            )
    if step == "activate":
        if agreement.valid_from is None:
            agreement.valid_from = agreement.signed_on or today
        if agreement.valid_from > today:
            raise AgreementError(
                _("The agreement is valid only from %(date)s.") % {"date": agreement.valid_from},
                field="valid_from",
            )
        if agreement.valid_to and agreement.valid_to < today:
            raise AgreementError(
                _("The agreement ended on %(date)s; renew it instead.") % {"date": agreement.valid_to},
                field="valid_to",
            )
    agreement.status = target
    agreement.status_note = note.strip()
    agreement.save()
    if step == "activate":
        _replace_predecessor(agreement, actor)
    audit.record(
        agreement,
        f"agreements.agreement.{step}",
        actor=actor,
        changes=audit.diff(before, audit.snapshot(agreement, TRACKED)),
        data={"note": note.strip()},
    )
    return agreement


def _replace_predecessor(agreement: Agreement, actor: Any) -> None:
    """An agreement put in force that renews another ends that one (it becomes "renewed")."""
    if not agreement.predecessor_id:
        return
    previous = Agreement.objects.select_for_update().get(pk=agreement.predecessor_id)
    if previous.status in (S.ACTIVE, S.EXPIRING, S.EXPIRED, S.SIGNED):
        status = previous.status
        previous.status = S.RENEWED
        previous.save(update_fields=["status", "updated_at"])
        audit.record(
            previous,
            "agreements.agreement.renewed",
            actor=actor,
            changes={"status": [status, S.RENEWED]},
            data={"successor": agreement.number},
        )


@transaction.atomic
def agreement_renew(
    *, agreement: Agreement, actor: Any, valid_from: dt.date | None = None, valid_to: dt.date | None = None
) -> Agreement:
    """Start the renewal: a new draft that copies the agreement and names it as its predecessor."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status not in RENEWABLE:
        raise AgreementError(_("Only an agreement in force or expired can be renewed."), field="step")
    if agreement.successors.filter(archived_at__isnull=True).exclude(status=S.TERMINATED).exists():
        raise ConflictError(_("A renewal of this agreement exists already."))
    data = {
        f: getattr(agreement, f) for f in AGREEMENT_FIELDS if f not in ("signed_on", "valid_from", "valid_to")
    }
    data.update(predecessor=agreement, valid_from=valid_from or agreement.valid_to, valid_to=valid_to)
    successor = agreement_create(
        institution=agreement.institution,
        data=data,
        actor=actor,
        partners=[
            p.partner for p in agreement.parties.filter(archived_at__isnull=True).select_related("partner")
        ],
        units=[
            u.org_unit
            for u in agreement.owner_units.filter(archived_at__isnull=True).select_related("org_unit")
        ],
    )
    for condition in agreement.conditions.filter(archived_at__isnull=True):
        Condition.objects.create(
            **{
                f.name: getattr(condition, f.name)
                for f in Condition._meta.concrete_fields
                if f.name not in ("id", "agreement", "created_at", "updated_at")
            },
            agreement=successor,
        )
    audit.record(
        agreement, "agreements.agreement.renewal_started", actor=actor, data={"successor": successor.number}
    )
    return successor


@transaction.atomic
def agreement_archive(*, agreement: Agreement, actor: Any, restore: bool = False) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not restore and not agreement.is_archived and agreement.status not in ARCHIVABLE:
        raise AgreementError(
            _("Only drafts and agreements no longer in force can be archived; terminate it first.")
        )
    return set_archived(
        agreement,
        archived=not restore,
        actor=actor,
        error=AgreementError,
        action="agreements.agreement.restored" if restore else "agreements.agreement.archived",
        unchanged=_("The agreement is not archived.") if restore else _("The agreement is archived already."),
    )


def refresh_statuses(*, today: dt.date, institution: Institution | None = None) -> dict[str, int]:
    """Move agreements along by the calendar: signed → in force on its first day, active → expiring →
    expired; auto-renew where agreed.

    Run daily (``update_agreement_status``); idempotent. Every move is audited as done by the system.
    """
    counts = {"activated": 0, "expiring": 0, "expired": 0, "auto_renewed": 0}
    starting = Agreement.objects.filter(
        archived_at__isnull=True, status=S.SIGNED, valid_from__isnull=False, valid_from__lte=today
    )
    if institution is not None:
        starting = starting.filter(institution=institution)
    for pk in starting.values_list("pk", flat=True):
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=pk)
            if locked.status != S.SIGNED:
                continue
            locked.status = S.ACTIVE
            locked.save(update_fields=["status", "updated_at"])
            _replace_predecessor(locked, None)
            audit.record(
                locked,
                "agreements.agreement.activated",
                actor=None,
                changes={"status": [S.SIGNED, S.ACTIVE]},
                data={"valid_from": locked.valid_from.isoformat() if locked.valid_from else None},
            )
            counts["activated"] += 1
    qs = Agreement.objects.filter(
        archived_at__isnull=True, status__in=(S.ACTIVE, S.EXPIRING), valid_to__isnull=False
    )
    if institution is not None:
        qs = qs.filter(institution=institution)
    for agreement in qs.select_related("institution"):
        conf = settings_for(agreement.institution)
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
            assert locked.valid_to is not None
            before = audit.snapshot(locked, TRACKED)
            if locked.valid_to < today and locked.auto_renewal and locked.valid_from:
                # Renew for the same term: whole months where the term is in months (leap years), else days.
                months = term_months(locked.valid_from, locked.valid_to)
                length = locked.valid_to - locked.valid_from
                start = locked.valid_from
                while locked.valid_to < today:
                    start = locked.valid_to + dt.timedelta(days=1)
                    locked.valid_to = (
                        add_months(start, months) - dt.timedelta(days=1) if months else start + length
                    )
                locked.status = S.ACTIVE
                action, key = "agreements.agreement.auto_renewed", "auto_renewed"
            elif locked.valid_to < today:
                locked.status, action, key = S.EXPIRED, "agreements.agreement.expired", "expired"
            elif locked.status == S.ACTIVE and locked.valid_to <= today + dt.timedelta(
                days=conf.expiring_days
            ):
                locked.status, action, key = S.EXPIRING, "agreements.agreement.expiring", "expiring"
            else:
                continue
            locked.save(update_fields=["status", "valid_to", "updated_at"])
            audit.record(
                locked, action, actor=None, changes=audit.diff(before, audit.snapshot(locked, TRACKED))
            )
            counts[key] += 1
    return counts


# -- conditions ------------------------------------------------------------------------------------

CONDITION_FIELDS = (
    "direction",
    "activity",
    "places_per_year",
    "months_per_year",
    "days_per_year",
    "isced_codes",
    "levels",
    "language_requirements",
)


def _clean_condition(condition: Condition) -> None:
    valid, unknown = isced.parse_codes(condition.isced_codes or "")
    if unknown:
        raise AgreementError(
            _("Unknown ISCED-F codes: %(codes)s.") % {"codes": ", ".join(unknown)}, field="isced_codes"
        )
    condition.isced_codes = ", ".join(valid)
    _full_clean(condition, exclude=["institution", "agreement"])


@transaction.atomic
def condition_save(
    *, agreement: Agreement, data: Mapping[str, Any], actor: Any, condition: Condition | None = None
) -> Condition:
    if condition is None:
        condition = Condition(institution_id=agreement.institution_id, agreement=agreement)
        before: dict[str, Any] = {}
    else:
        condition = Condition.objects.select_for_update().get(pk=condition.pk, agreement=agreement)
        before = audit.snapshot(condition, CONDITION_FIELDS)
    for key, value in data.items():
        if key in CONDITION_FIELDS:
            setattr(condition, key, value)
    _clean_condition(condition)
    condition.save()
    changes = audit.diff(before, audit.snapshot(condition, CONDITION_FIELDS))
    if changes:
        audit.record(
            agreement,
            "agreements.condition.saved",
            actor=actor,
            changes=changes,
            data={"condition": condition.pk},
            fields_of=Condition,
        )
    return condition


# -- obligations -----------------------------------------------------------------------------------

OBLIGATION_FIELDS = ("title", "party", "responsible", "due_on", "status", "done_on", "notes")


def _clean_obligation(obligation: Obligation, agreement: Agreement) -> None:
    if (
        obligation.party is not None
        and not agreement.parties.filter(partner=obligation.party, archived_at__isnull=True).exists()
    ):
        raise AgreementError(_("Choose one of the agreement's parties."), field="party")
    if (
        obligation.responsible is not None
        and obligation.responsible.institution_id != agreement.institution_id
    ):
        raise AgreementError(
            _("The responsible person must be an active person of this institution."), field="responsible"
        )
    if obligation.status == Obligation.Status.DONE and obligation.done_on is None:
        obligation.done_on = timezone.localdate()
    if obligation.status != Obligation.Status.DONE:
        obligation.done_on = None
    if obligation.done_on and obligation.done_on > timezone.localdate():
        raise AgreementError(_("The date done is in the future."), field="done_on")
    _full_clean(obligation, exclude=["institution", "agreement"])


@transaction.atomic
def obligation_save(
    *, agreement: Agreement, data: Mapping[str, Any], actor: Any, obligation: Obligation | None = None
) -> Obligation:
    if obligation is None:
        obligation = Obligation(institution_id=agreement.institution_id, agreement=agreement)
        before: dict[str, Any] = {}
        action = "agreements.obligation.created"
    else:
        obligation = Obligation.objects.select_for_update().get(pk=obligation.pk, agreement=agreement)
        before = audit.snapshot(obligation, OBLIGATION_FIELDS)
        action = "agreements.obligation.changed"
    responsible_before = obligation.responsible_id
    for key, value in data.items():
        if key in OBLIGATION_FIELDS:
            setattr(obligation, key, value)
    if actor is not None and obligation.responsible_id and obligation.responsible_id != responsible_before:
        choices.require(org_selectors.person_choices(actor), obligation.responsible, field="responsible")
    _clean_obligation(obligation, agreement)
    obligation.save()
    changes = audit.diff(before, audit.snapshot(obligation, OBLIGATION_FIELDS))
    if changes:
        audit.record(
            agreement,
            action,
            actor=actor,
            changes=changes,
            data={"obligation": obligation.pk, "obligation_label": obligation.title},
            fields_of=Obligation,
        )
    return obligation


# -- interactions ----------------------------------------------------------------------------------

INTERACTION_FIELDS = ("kind", "occurred_on", "subject", "participants", "notes")


@transaction.atomic
def interaction_record(
    *, partner: Partner, data: Mapping[str, Any], actor: Any, agreement: Agreement | None = None
) -> Interaction:
    """Log a visit, meeting, call or e-mail with a partner; linked to an agreement it counts as its use."""
    if partner.is_archived:
        raise AgreementError(
            _("%(partner)s is archived.") % {"partner": partner.display_name}, field="partner"
        )
    if (
        agreement is not None
        and not agreement.parties.filter(partner=partner, archived_at__isnull=True).exists()
    ):
        raise AgreementError(_("The partner is not a party to that agreement."), field="agreement")
    interaction = Interaction(
        institution_id=partner.institution_id,
        partner=partner,
        agreement=agreement,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **{k: v for k, v in data.items() if k in INTERACTION_FIELDS},
    )
    if interaction.occurred_on and interaction.occurred_on > timezone.localdate():
        raise AgreementError(_("The date is in the future: record what happened."), field="occurred_on")
    _full_clean(interaction, exclude=["institution", "partner", "agreement", "recorded_by"])
    interaction.save()
    changes = audit.diff({}, audit.snapshot(interaction, INTERACTION_FIELDS))
    audit.record(
        partner,
        "agreements.interaction.recorded",
        actor=actor,
        changes=changes,
        data={"interaction": interaction.pk, "agreement": agreement.number if agreement else ""},
        fields_of=Interaction,
    )
    if agreement is not None:
        audit.record(
            agreement,
            "agreements.interaction.recorded",
            actor=actor,
            changes=changes,
            data={"interaction": interaction.pk},
            fields_of=Interaction,
        )
    return interaction
