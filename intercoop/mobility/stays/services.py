"""International students and foreign experts: saving their records, and the deadlines of their stay.

The deadlines come from DOMAIN.md §3.2 and are settings of each institution
(``Institution.settings["mobility"]``), because rules differ between cities and change:

* accommodation registration within ``accommodation_hours`` (24) hours of entry;
* a residence permit within ``residence_permit_days`` (30) days of entry on a long-stay visa (X1, Z);
* its extension applied for at least ``extension_days_before`` (30) days before it expires;
* a foreign teacher's work permit applied for ``work_permit_days_before`` (90) days before the contract
  starts, and renewed ``extension_days_before`` days before it expires;
* insurance renewed ``extension_days_before`` days before it ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intercoop.core import audit, choices
from intercoop.core.archiving import set_archived
from intercoop.core.errors import ConflictError, DomainError
from intercoop.mobility.models import ForeignExpert, ForeignStay, InternationalStudent, VisaType
from intercoop.mobility.permissions import STAY_EDIT
from intercoop.org import selectors as org_selectors
from intercoop.org.models import Institution
from intercoop.partners import selectors as partner_selectors

LONG_STAY_VISAS = (VisaType.X1, VisaType.Z, VisaType.R)

STAY_FIELDS = (
    "person",
    "org_unit",
    "responsible",
    "home_partner",
    "visa_type",
    "entry_date",
    "accommodation_registered_on",
    "residence_permit_number",
    "residence_permit_expiry",
    "insurance_until",
    "notes",
)
STUDENT_FIELDS = (
    *STAY_FIELDS,
    "programme",
    "programme_name",
    "full_time",
    "enrolled_on",
    "expected_end",
    "left_on",
    "status",
    "scholarship",
)
EXPERT_FIELDS = (
    *STAY_FIELDS,
    "kind",
    "contract_start",
    "contract_end",
    "work_permit_number",
    "work_permit_expiry",
    "courses",
    "evaluation_score",
    "evaluation",
)
SENSITIVE = ("residence_permit_number", "work_permit_number")


class StayError(DomainError):
    pass


@dataclass(frozen=True)
class Rules:
    accommodation_hours: int = 24
    residence_permit_days: int = 30
    extension_days_before: int = 30
    work_permit_days_before: int = 90
    remind_days_before: tuple[int, ...] = (14, 3)
    statistical_date: str = "08-31"  # month-day of the headcount in the school year's last month


def rules_for(institution: Institution) -> Rules:
    raw = (institution.settings or {}).get("mobility", {})
    defaults = Rules()
    values: dict[str, Any] = {}
    for name in (
        "accommodation_hours",
        "residence_permit_days",
        "extension_days_before",
        "work_permit_days_before",
    ):
        if isinstance(raw.get(name), int) and raw[name] >= 0:
            values[name] = raw[name]
    if isinstance(raw.get("remind_days_before"), list):
        values["remind_days_before"] = tuple(int(n) for n in raw["remind_days_before"] if int(n) >= 0)
    if isinstance(raw.get("statistical_date"), str):
        values["statistical_date"] = raw["statistical_date"]
    return Rules(**{**defaults.__dict__, **values})


def statistical_date(institution: Institution, report_year: int) -> dt.date:
    """The headcount date of report year ``report_year`` (which ends on 31 August ``report_year``)."""
    month, day = (int(x) for x in rules_for(institution).statistical_date.split("-"))
    year = report_year - 1 if month >= 9 else report_year
    return dt.date(year, month, day)


@dataclass(frozen=True)
class Deadline:
    key: str
    label: Any
    due_on: dt.date
    done: bool

    def state(self, today: dt.date) -> str:
        if self.done:
            return "done"
        return "overdue" if self.due_on < today else "open"


def deadlines(stay: ForeignStay, rules: Rules) -> list[Deadline]:
    """Every deadline of this stay, done or not, in date order."""
    result: list[Deadline] = []
    entry = stay.entry_date
    if entry is not None:
        result.append(
            Deadline(
                "accommodation",
                gettext_lazy("Accommodation registration with the police"),
                entry + dt.timedelta(days=max(1, -(-rules.accommodation_hours // 24))),
                stay.accommodation_registered_on is not None,
            )
        )
        if stay.visa_type in LONG_STAY_VISAS:
            result.append(
                Deadline(
                    "residence_permit",
                    gettext_lazy("Residence permit after entry"),
                    entry + dt.timedelta(days=rules.residence_permit_days),
                    stay.residence_permit_expiry is not None,
                )
            )
    end = stay.expected_end if isinstance(stay, InternationalStudent) else getattr(stay, "contract_end", None)
    live = not (isinstance(stay, InternationalStudent) and stay.status in ("graduated", "left"))
    if stay.residence_permit_expiry and live and end and stay.residence_permit_expiry < end:
        result.append(
            Deadline(
                f"extension:{stay.residence_permit_expiry.isoformat()}",
                gettext_lazy("Apply to extend the residence permit"),
                stay.residence_permit_expiry - dt.timedelta(days=rules.extension_days_before),
                False,
            )
        )
    if stay.insurance_until and live and end and stay.insurance_until < end:
        result.append(
            Deadline(
                f"insurance:{stay.insurance_until.isoformat()}",
                gettext_lazy("Renew the insurance"),
                stay.insurance_until - dt.timedelta(days=rules.extension_days_before),
                False,
            )
        )
    if isinstance(stay, ForeignExpert):
        result.append(
            Deadline(
                "work_permit",
                gettext_lazy("Apply for the work permit"),
                stay.contract_start - dt.timedelta(days=rules.work_permit_days_before),
                bool(stay.work_permit_number),
            )
        )
        if stay.work_permit_expiry and stay.work_permit_expiry < stay.contract_end:
            result.append(
                Deadline(
                    f"work_permit_renewal:{stay.work_permit_expiry.isoformat()}",
                    gettext_lazy("Renew the work permit"),
                    stay.work_permit_expiry - dt.timedelta(days=rules.extension_days_before),
                    False,
                )
            )
    return sorted(result, key=lambda d: d.due_on)


def check_stay(stay: ForeignStay) -> None:
    inst = stay.institution_id
    person, unit = stay.person, stay.org_unit
    if person.institution_id != inst or person.archived_at is not None:
        raise StayError(_("Choose a person of this institution."), field="person")
    if person.nationality == "CN":
        raise StayError(
            _("This person's nationality is Chinese; record foreign nationals here."), field="person"
        )
    if unit.institution_id != inst:
        raise StayError(_("Choose a unit of this institution."), field="org_unit")
    if stay.responsible is not None and stay.responsible.institution_id != inst:
        raise StayError(_("Choose a person of this institution."), field="responsible")
    if stay.home_partner is not None and stay.home_partner.institution_id != inst:
        raise StayError(_("Choose a partner of this institution's directory."), field="home_partner")
    entry = stay.entry_date
    if stay.accommodation_registered_on and entry and stay.accommodation_registered_on < entry:
        raise StayError(
            _("The accommodation was registered before the entry."), field="accommodation_registered_on"
        )
    if isinstance(stay, InternationalStudent):
        start, end = stay.enrolled_on, stay.expected_end
        if end < start:
            raise StayError(_("The expected end is before the enrolment."), field="expected_end")
        if stay.left_on and stay.left_on < start:
            raise StayError(_("The student left before enrolling."), field="left_on")
        if stay.status in ("graduated", "left") and not stay.left_on:
            raise StayError(_("Give the date the student graduated or left."), field="left_on")
        if stay.status in ("enrolled", "suspended") and stay.left_on:
            raise StayError(_("A student who left is graduated or left, not enrolled."), field="status")
        stay_end = stay.left_on or end
    else:
        assert isinstance(stay, ForeignExpert)
        start, end = stay.contract_start, stay.contract_end
        if end < start:
            raise StayError(_("The contract ends before it starts."), field="contract_end")
        if stay.evaluation_score is not None and stay.evaluation_score > 100:
            raise StayError(_("The evaluation score is at most 100."), field="evaluation_score")
        if stay.work_permit_expiry and stay.work_permit_expiry < start:
            raise StayError(
                _("The work permit expired before the contract starts."), field="work_permit_expiry"
            )
        stay_end = end
    if stay.residence_permit_expiry and stay.residence_permit_expiry < start:
        raise StayError(
            _("The residence permit expired on %(date)s, before the stay began.")
            % {"date": stay.residence_permit_expiry.isoformat()},
            field="residence_permit_expiry",
        )
    model = type(stay)
    start_field, end_field = (
        ("enrolled_on", "expected_end")
        if model is InternationalStudent
        else (
            "contract_start",
            "contract_end",
        )
    )
    clash = (
        model.objects.filter(
            person_id=stay.person_id,
            archived_at__isnull=True,
            **{f"{start_field}__lte": stay_end, f"{end_field}__gte": start},
        )
        .exclude(pk=stay.pk or 0)
        .first()
    )
    if model is InternationalStudent and clash is not None and clash.left_on and clash.left_on < start:
        clash = None
    if clash is not None:
        raise ConflictError(
            _("%(who)s already has a record over these dates (%(record)s).")
            % {"who": stay.person, "record": clash},
            field="person",
        )


def _fields(stay: ForeignStay) -> tuple[str, ...]:
    return STUDENT_FIELDS if isinstance(stay, InternationalStudent) else EXPERT_FIELDS


def _action(stay: ForeignStay) -> str:
    return "mobility.student" if isinstance(stay, InternationalStudent) else "mobility.expert"


STAY_LINKS = ("person", "org_unit", "responsible", "home_partner")


def _check_choices(actor: Any, stay: ForeignStay, before: dict[str, Any] | None) -> None:
    """What the actor may name (core.choices): a person they may see (so a clash with another college's
    record is never told), a unit they keep records for, a responsible person they may see, a partner of the
    directory. Kept links may stay."""
    if actor is None:
        return
    people = org_selectors.person_choices(actor)
    choices.require_changed(
        stay,
        before,
        {
            "person": people,
            "org_unit": lambda: org_selectors.units_for(actor, STAY_EDIT),
            "responsible": people,
            "home_partner": lambda: partner_selectors.partner_choices(actor),
        },
    )


@transaction.atomic
def stay_create(
    *, model: type[ForeignStay], institution: Institution, data: Mapping[str, Any], actor: Any
) -> Any:
    fields = STUDENT_FIELDS if model is InternationalStudent else EXPERT_FIELDS
    stay = model(institution=institution, **{k: v for k, v in data.items() if k in fields})
    _check_choices(actor, stay, None)
    check_stay(stay)
    stay.save()
    audit.record(
        stay, f"{_action(stay)}.created", actor=actor, changes=audit.diff({}, audit.snapshot(stay, fields))
    )
    return stay


@transaction.atomic
def stay_update(*, stay: ForeignStay, data: Mapping[str, Any], actor: Any) -> Any:
    stay = type(stay).objects.select_for_update().get(pk=stay.pk)
    if stay.archived_at is not None:
        raise StayError(_("An archived record cannot be changed; restore it first."))
    fields = _fields(stay)
    before = audit.snapshot(stay, fields)
    linked = choices.link_ids(stay, STAY_LINKS)
    for key, value in data.items():
        if key in fields:
            setattr(stay, key, value)
    _check_choices(actor, stay, linked)
    check_stay(stay)
    stay.save()
    changes = audit.diff(before, audit.snapshot(stay, fields))
    if changes:
        audit.record(stay, f"{_action(stay)}.updated", actor=actor, changes=changes)
    return stay


@transaction.atomic
def stay_set_archived(*, stay: ForeignStay, archived: bool, actor: Any) -> Any:
    stay = type(stay).objects.select_for_update().get(pk=stay.pk)
    if not archived and stay.archived_at is not None:
        archived_at, stay.archived_at = stay.archived_at, None
        check_stay(stay)  # restoring must not create an overlap
        stay.archived_at = archived_at
    return set_archived(
        stay,
        archived=archived,
        actor=actor,
        action=f"{_action(stay)}.{'archived' if archived else 'restored'}",
        error=StayError,
        unchanged=_("This record is archived already.") if archived else _("This record is not archived."),
    )
