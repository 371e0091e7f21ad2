"""Every write to institutions, org units and people. Keyword-only, atomic, validated, audited."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.core import audit, countries, settings_registry
from intercoop.core.archiving import set_archived
from intercoop.core.errors import ConflictError, DomainError, clean_or_raise
from intercoop.core.identifiers import (
    china_resident_id_is_valid,
    moe_code_is_valid,
    normalise_code,
    passport_number_is_valid,
)
from intercoop.org.models import Institution, OrgUnit, Person

MOE_LIST = Path(__file__).resolve().parent / "data" / "china_moe_hei_2025.csv"


class OrgError(DomainError):
    pass


# -- institutions ------------------------------------------------------------------------------------

INSTITUTION_FIELDS = (
    "code",
    "name",
    "name_zh",
    "name_en",
    "short_name",
    "province",
    "city",
    "level",
    "authority",
    "website",
)


@dataclass(frozen=True)
class MoeEntry:
    code: str
    name: str
    authority: str
    province: str
    city: str
    level: str


def moe_lookup(code: str) -> MoeEntry | None:
    """The MoE list entry (2025) for a 10-digit institution code, or None."""
    with MOE_LIST.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["moe_code"] == code:
                return MoeEntry(
                    code=row["moe_code"],
                    name=row["name"],
                    authority=row["authority"],
                    province=row["province"],
                    city=row["city"],
                    level=row["level"],
                )
    return None


@transaction.atomic
def institution_create(*, data: Mapping[str, Any], actor: Any) -> Institution:
    """Create an institution. Names and place default from the MoE list when the code is on it."""
    fields = {k: v for k, v in data.items() if k in INSTITUTION_FIELDS}
    code = str(fields.get("code", "")).strip()
    if not moe_code_is_valid(code):
        raise OrgError(_("The MoE institution code must have 10 digits."), field="code")
    if Institution.objects.filter(code=code).exists():
        raise ConflictError(
            _("An institution with code %(code)s exists already.") % {"code": code}, field="code"
        )
    entry = moe_lookup(code)
    if entry is not None:
        fields.setdefault("name", entry.name)
        fields.setdefault("name_zh", entry.name)
        for key in ("province", "city", "level", "authority"):
            fields.setdefault(key, getattr(entry, key))
    if not fields.get("name"):
        raise OrgError(
            _("Code %(code)s is not on the MoE list: give the institution's name.") % {"code": code},
            field="name",
        )
    fields["code"] = code
    institution = Institution(**fields)
    institution.full_clean()
    institution.save()
    audit.record(
        institution,
        "org.institution.created",
        actor=actor,
        changes=audit.diff({}, audit.snapshot(institution, INSTITUTION_FIELDS)),
        institution_id=institution.pk,
    )
    return institution


# -- institution settings -------------------------------------------------------------------------------


class SettingsError(DomainError):
    pass


@transaction.atomic
def institution_settings_save(
    *, institution: Institution, values: Mapping[str, Any], actor: Any
) -> Institution:
    """Change the declared settings in ``values`` (``core.settings_registry``: ``"mobility.erasmus_code"``
    → value), each parsed and checked by its declaration; every change audited with its old and new value.
    A refused value names its setting and nothing is saved. The stored figures that read a setting are
    recomputed on their next read (``org.settings_changes``)."""
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    stored = dict(institution.settings or {})
    changes: dict[str, list[Any]] = {}
    for key, raw in values.items():
        setting = settings_registry.get(key)
        if setting is None:
            raise SettingsError(_("There is no setting “%(key)s”.") % {"key": key}, field=key)
        try:
            value = setting.parse(raw)
        except ValueError as exc:
            raise SettingsError(str(exc), field=key) from exc
        before = setting.current(stored)
        if value == before:
            continue
        section = dict(stored.get(setting.section) or {})
        section[setting.name] = value
        stored[setting.section] = section
        changes[key] = [before, value]
    if not changes:
        return institution
    institution.settings = stored
    institution.save(update_fields=["settings", "updated_at"])
    audit.record(
        institution,
        "org.institution.settings_changed",
        actor=actor,
        changes=changes,
        institution_id=institution.pk,
    )
    return institution


# -- org units -----------------------------------------------------------------------------------------

UNIT_FIELDS = ("parent", "kind", "function", "code", "name", "name_zh", "name_en", "sort_order")


def _unit_path(unit: OrgUnit) -> tuple[str, int]:
    # Zero-padded ids keep string order equal to tree order (``/00000003/00000017/``).
    if unit.parent is None:
        return f"/{unit.pk:08d}/", 0
    return f"{unit.parent.path}{unit.pk:08d}/", unit.parent.depth + 1


def _check_unit_parent(*, unit: OrgUnit, parent: OrgUnit | None, institution: Institution) -> None:
    if parent is None:
        return
    if parent.institution_id != institution.pk:
        raise OrgError(_("The parent unit belongs to another institution."), field="parent")
    if parent.is_archived:
        raise OrgError(_("The parent unit is archived."), field="parent")
    if unit.pk and (parent.pk == unit.pk or parent.path.startswith(unit.path)):
        raise OrgError(_("A unit cannot be placed under itself or one of its own units."), field="parent")


def _full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    clean_or_raise(obj, OrgError, exclude=exclude or ())


@transaction.atomic
def unit_create(*, institution: Institution, data: Mapping[str, Any], actor: Any) -> OrgUnit:
    fields = {k: v for k, v in data.items() if k in UNIT_FIELDS}
    fields["code"] = str(fields.get("code", "")).strip().upper()
    unit = OrgUnit(institution=institution, **fields)
    _check_unit_parent(unit=unit, parent=unit.parent, institution=institution)
    if OrgUnit.objects.filter(institution=institution, code=unit.code).exists():
        raise ConflictError(_("Another unit has the code %(code)s.") % {"code": unit.code}, field="code")
    unit.path = "/pending/"
    _full_clean(unit, exclude=["path"])
    unit.save()
    unit.path, unit.depth = _unit_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit.record(
        unit, "org.unit.created", actor=actor, changes=audit.diff({}, audit.snapshot(unit, UNIT_FIELDS))
    )
    return unit


@transaction.atomic
def unit_update(*, unit: OrgUnit, data: Mapping[str, Any], actor: Any) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit, UNIT_FIELDS)
    old_path = unit.path
    for key, value in data.items():
        if key in UNIT_FIELDS:
            setattr(unit, key, value.strip().upper() if key == "code" else value)
    _check_unit_parent(unit=unit, parent=unit.parent, institution=unit.institution)
    if (
        OrgUnit.objects.filter(institution_id=unit.institution_id, code=unit.code)
        .exclude(pk=unit.pk)
        .exists()
    ):
        raise ConflictError(_("Another unit has the code %(code)s.") % {"code": unit.code}, field="code")
    _full_clean(unit)
    unit.path, unit.depth = _unit_path(unit)
    unit.save()
    if unit.path != old_path:
        # Moved: every unit below follows, keeping its place in the subtree.
        for child in OrgUnit.objects.filter(
            institution_id=unit.institution_id, path__startswith=old_path
        ).exclude(pk=unit.pk):
            child.path = unit.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 2
            child.save(update_fields=["path", "depth", "updated_at"])
    changes = audit.diff(before, audit.snapshot(unit, UNIT_FIELDS))
    if changes:
        audit.record(unit, "org.unit.changed", actor=actor, changes=changes)
    return unit


@transaction.atomic
def unit_archive(*, unit: OrgUnit, actor: Any) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if OrgUnit.objects.active().filter(parent=unit).exists():
        raise OrgError(_("Archive or move the units below this one first."))
    if Person.objects.active().filter(org_unit=unit).exists():
        raise OrgError(_("Move or archive the people of this unit first."))
    return set_archived(
        unit,
        archived=True,
        actor=actor,
        action="org.unit.archived",
        error=OrgError,
        unchanged=_("The unit is archived already."),
    )


@transaction.atomic
def unit_restore(*, unit: OrgUnit, actor: Any) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_archived and unit.parent is not None and unit.parent.is_archived:
        raise OrgError(_("Restore the parent unit first."))
    return set_archived(
        unit,
        archived=False,
        actor=actor,
        action="org.unit.restored",
        error=OrgError,
        unchanged=_("The unit is not archived."),
    )


# The usual school-level offices of a Chinese vocational college (DOMAIN.md §1):
# code, kind, function, Chinese name, English name.
STANDARD_OFFICES = [
    ("LEAD", OrgUnit.Kind.LEADERSHIP, "", "学校领导", "School Leadership"),
    (
        "IO",
        OrgUnit.Kind.SCHOOL_OFFICE,
        "international",
        "国际交流与合作处",
        "International Exchange and Cooperation Office",
    ),
    ("AA", OrgUnit.Kind.SCHOOL_OFFICE, "academic", "教务处", "Academic Affairs Office"),
    ("HR", OrgUnit.Kind.SCHOOL_OFFICE, "hr", "人事处", "Human Resources Office"),
    ("FIN", OrgUnit.Kind.SCHOOL_OFFICE, "finance", "财务处", "Finance Office"),
    ("RES", OrgUnit.Kind.SCHOOL_OFFICE, "research", "科研处", "Research Office"),
    ("ENT", OrgUnit.Kind.SCHOOL_OFFICE, "enterprise", "校企合作处", "School–Enterprise Cooperation Office"),
]


def units_create_standard(*, institution: Institution, actor: Any) -> list[OrgUnit]:
    """Create the usual school-level offices of a new institution (an administrator edits them later)."""
    return [
        unit_create(
            institution=institution,
            data={
                "code": code,
                "kind": kind,
                "function": function,
                "name": zh,
                "name_zh": zh,
                "name_en": en,
                "sort_order": order * 10,
            },
            actor=actor,
        )
        for order, (code, kind, function, zh, en) in enumerate(STANDARD_OFFICES)
    ]


# -- people --------------------------------------------------------------------------------------------

PERSON_FIELDS = (
    "kind",
    "external_role",
    "org_unit",
    "number",
    "name",
    "name_zh",
    "name_en",
    "gender",
    "nationality",
    "organisation",
    "position",
    "email",
    "phone",
    "passport_number",
    "id_number",
    "birth_date",
    "notes",
)


def _clean_person(person: Person) -> None:
    person.nationality = countries.normalise(person.nationality)
    person.number = (person.number or "").strip()
    person.passport_number = normalise_code(person.passport_number)
    person.id_number = normalise_code(person.id_number)
    if not countries.is_valid(person.nationality):
        raise OrgError(
            _("Unknown country code %(code)s.") % {"code": person.nationality}, field="nationality"
        )
    if person.kind == Person.Kind.EXTERNAL:
        if person.org_unit_id is None and not person.organisation and not person.external_role:
            raise OrgError(_("Say which organisation an external person belongs to."), field="organisation")
    else:
        person.external_role = ""
        if person.org_unit_id is None:
            raise OrgError(_("Staff, teachers and students belong to an org unit."), field="org_unit")
    if person.org_unit_id is not None:
        unit = person.org_unit
        if unit is None or unit.institution_id != person.institution_id:
            raise OrgError(_("The org unit belongs to another institution."), field="org_unit")
        if unit.is_archived:
            raise OrgError(_("The org unit is archived."), field="org_unit")
    if person.passport_number and not passport_number_is_valid(person.passport_number):
        raise OrgError(_("A passport number has 5 to 20 letters and digits."), field="passport_number")
    if person.id_number and person.nationality == "CN" and not china_resident_id_is_valid(person.id_number):
        raise OrgError(
            _("This is not a valid resident ID number (18 characters, check character)."), field="id_number"
        )
    if person.birth_date and person.birth_date > timezone.localdate():
        raise OrgError(_("The date of birth is in the future."), field="birth_date")
    if person.number:
        clash = Person.objects.filter(institution_id=person.institution_id, number=person.number)
        if person.pk:
            clash = clash.exclude(pk=person.pk)
        if clash.exists():
            raise ConflictError(
                _("Another person has the number %(number)s.") % {"number": person.number}, field="number"
            )
    _full_clean(person)


@transaction.atomic
def person_create(*, institution: Institution, data: Mapping[str, Any], actor: Any) -> Person:
    person = Person(institution=institution, **{k: v for k, v in data.items() if k in PERSON_FIELDS})
    _clean_person(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent create with the same number
        raise ConflictError(
            _("Another person has the number %(number)s.") % {"number": person.number}, field="number"
        ) from exc
    audit.record(
        person,
        "org.person.created",
        actor=actor,
        changes=audit.diff({}, audit.snapshot(person, PERSON_FIELDS)),
    )
    return person


@transaction.atomic
def person_update(*, person: Person, data: Mapping[str, Any], actor: Any) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_archived:
        raise OrgError(_("Restore the record before editing it."))
    before = audit.snapshot(person, PERSON_FIELDS)
    for key, value in data.items():
        if key in PERSON_FIELDS:
            setattr(person, key, value)
    _clean_person(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        raise ConflictError(
            _("Another person has the number %(number)s.") % {"number": person.number}, field="number"
        ) from exc
    changes = audit.diff(before, audit.snapshot(person, PERSON_FIELDS))
    if changes:
        audit.record(person, "org.person.changed", actor=actor, changes=changes)
    return person


@transaction.atomic
def person_archive(*, person: Person, actor: Any) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    return set_archived(
        person,
        archived=True,
        actor=actor,
        action="org.person.archived",
        error=OrgError,
        unchanged=_("The record is archived already."),
    )


@transaction.atomic
def person_restore(*, person: Person, actor: Any) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_archived and person.org_unit is not None and person.org_unit.is_archived:
        raise OrgError(_("Restore the person's org unit first."))
    return set_archived(
        person,
        archived=False,
        actor=actor,
        action="org.person.restored",
        error=OrgError,
        unchanged=_("The record is not archived."),
    )
