"""Every write to partners and their contacts, duplicate checks and merges."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.core import audit, countries, locks
from intercoop.core.archiving import set_archived
from intercoop.core.errors import ConflictError, DomainError, clean_or_raise
from intercoop.core.identifiers import (
    credit_code_is_valid,
    erasmus_code_message,
    moe_code_is_valid,
    normalise_code,
    oid_is_valid,
    pic_is_valid,
)
from intercoop.org.models import Institution
from intercoop.partners import matching, reference
from intercoop.partners.models import Partner, PartnerContact, ReferenceInstitution


class PartnerError(DomainError):
    pass


class DuplicateSuspected(ConflictError):
    """A partner with a similar name exists in the same country; the user must confirm or pick it."""

    default_code = "possible_duplicate"

    def __init__(self, candidates: list[Partner]) -> None:
        names = "; ".join(f"{p.display_name} ({p.country})" for p in candidates[:5])
        super().__init__(
            _(
                "A similar partner exists already: %(names)s. Use it, or confirm that this is another "
                "organisation."
            )
            % {"names": names},
            field="name",
        )
        self.candidates = candidates


PARTNER_FIELDS = (
    "kind",
    "name",
    "name_zh",
    "name_en",
    "country",
    "city",
    "belt_and_road",
    "website",
    "erasmus_code",
    "pic",
    "oid",
    "moe_code",
    "credit_code",
    "notes",
)
IDENTIFIERS = ("erasmus_code", "pic", "oid", "moe_code", "credit_code")


def partner_problems(partner: Partner) -> list[tuple[str, str]]:
    """Normalise the fields and list every problem as (field, message); empty when the partner is valid."""
    problems: list[tuple[str, str]] = []
    partner.country = countries.from_ec(partner.country)
    if not countries.is_valid(partner.country):
        problems.append(("country", _("Unknown country code %(code)s.") % {"code": partner.country or "—"}))
    if partner.erasmus_code:
        reading = reference.read_code(partner.erasmus_code)
        if reading.code is None:
            problems.append(("erasmus_code", erasmus_code_message(partner.erasmus_code, reading)))
        else:
            partner.erasmus_code = reading.code
    for field, check, message in (
        ("pic", pic_is_valid, _("A PIC has 9 digits.")),
        ("oid", oid_is_valid, _("An Erasmus+ OID is E followed by 8 digits.")),
        ("moe_code", moe_code_is_valid, _("The MoE institution code must have 10 digits.")),
        (
            "credit_code",
            credit_code_is_valid,
            _("This is not a valid unified social credit code (18 characters, the last a check character)."),
        ),
    ):
        value = normalise_code(getattr(partner, field))
        setattr(partner, field, value)
        if value and not check(value):
            problems.append((field, message))
    partner.name = (partner.name or "").strip()
    if not partner.name:
        problems.append(("name", _("Give the partner's name.")))
    partner.name_key = matching.name_key(partner.name_en or partner.name)
    try:
        partner.full_clean(
            exclude=["institution", "merged_into", *[f for f, _m in problems]],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            problems.append((field, messages[0]))
    return problems


def _clean(partner: Partner) -> None:
    problems = partner_problems(partner)
    if problems:
        field, message = problems[0]
        raise PartnerError(message, field=None if field == "__all__" else field)


def identifier_clash(
    partner: Partner, holders: Mapping[tuple[str, str], Partner] | None = None
) -> tuple[str, str] | None:
    """(field, message) when another active partner of the institution has one of these identifiers.
    ``holders`` (``identifier_holders``) answers from memory for an import of thousands of rows."""
    for field in IDENTIFIERS:
        value = getattr(partner, field)
        if not value:
            continue
        if holders is not None:
            other = holders.get((field, value))
            other = None if other is not None and other.pk == partner.pk else other
        else:
            clash = Partner.objects.filter(
                institution_id=partner.institution_id, merged_into__isnull=True, **{field: value}
            )
            if partner.pk:
                clash = clash.exclude(pk=partner.pk)
            other = clash.first()
        if other is not None:
            label = str(getattr(Partner._meta.get_field(field), "verbose_name", field))
            return field, _("%(partner)s has the same %(label)s %(value)s.") % {
                "partner": other.display_name,
                "label": label,
                "value": value,
            }
    return None


def identifier_holders(institution_id: int) -> dict[tuple[str, str], Partner]:
    """Every identifier of the institution's unmerged partners, and who holds it (``identifier_clash``)."""
    holders: dict[tuple[str, str], Partner] = {}
    for partner in Partner.objects.filter(institution_id=institution_id, merged_into__isnull=True):
        for field in IDENTIFIERS:
            value = getattr(partner, field)
            if value:
                holders.setdefault((field, value), partner)
    return holders


def _identifier_clash(partner: Partner) -> None:
    clash = identifier_clash(partner)
    if clash is not None:
        raise ConflictError(clash[1], field=clash[0])


def similar_partners(*, institution_id: int, partner: Partner) -> list[Partner]:
    """Active partners of the institution in the same country whose names look like this one's."""
    mine = matching.keys(partner.name, partner.name_zh, partner.name_en)
    candidates = Partner.objects.filter(
        institution_id=institution_id,
        merged_into__isnull=True,
        archived_at__isnull=True,
        country=partner.country,
    )
    if partner.pk:
        candidates = candidates.exclude(pk=partner.pk)
    return [
        p
        for p in candidates
        if not identifiers_differ(partner, p)
        and matching.similar(mine, matching.keys(p.name, p.name_zh, p.name_en))
    ]


def identifiers_differ(a: Any, b: Any) -> bool:
    """Do two partners (or rows) each have an identifier of one kind, and differ in it? Then they are two
    organisations, whatever their names (Padova and Pavia, Zadar and Zagreb): identifiers decide first,
    names only where none is known on both sides."""

    def value(obj: Any, field: str) -> str:
        return str((obj.get(field) if isinstance(obj, Mapping) else getattr(obj, field, "")) or "")

    return any(value(a, f) and value(b, f) and value(a, f) != value(b, f) for f in IDENTIFIERS)


def _save(partner: Partner) -> None:
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError as exc:  # a concurrent save with the same identifier
        raise ConflictError(_("Another partner has one of these identifiers.")) from exc


@transaction.atomic
def partner_create(
    *, institution: Institution, data: Mapping[str, Any], actor: Any, confirm_not_duplicate: bool = False
) -> Partner:
    partner = Partner(institution=institution, **{k: v for k, v in data.items() if k in PARTNER_FIELDS})
    _clean(partner)
    # Two creations at once (two offices, a form sent twice) are serialised here, so that the second sees
    # the first partner in the checks below instead of both passing them.
    locks.serialise(institution)
    _identifier_clash(partner)
    if not confirm_not_duplicate:
        similar = similar_partners(institution_id=institution.pk, partner=partner)
        if similar:
            raise DuplicateSuspected(similar)
    _save(partner)
    audit.record(
        partner,
        "partners.partner.created",
        actor=actor,
        changes=audit.diff({}, audit.snapshot(partner, PARTNER_FIELDS)),
    )
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, data: Mapping[str, Any], actor: Any) -> Partner:
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.is_archived:
        raise PartnerError(_("Restore the partner before editing it."))
    before = audit.snapshot(partner, PARTNER_FIELDS)
    for key, value in data.items():
        if key in PARTNER_FIELDS:
            setattr(partner, key, value)
    _clean(partner)
    _identifier_clash(partner)
    _save(partner)
    changes = audit.diff(before, audit.snapshot(partner, PARTNER_FIELDS))
    if changes:
        audit.record(partner, "partners.partner.changed", actor=actor, changes=changes)
    return partner


@transaction.atomic
def partner_archive(*, partner: Partner, actor: Any) -> Partner:
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    return set_archived(
        partner,
        archived=True,
        actor=actor,
        action="partners.partner.archived",
        error=PartnerError,
        unchanged=_("The partner is archived already."),
    )


@transaction.atomic
def partner_restore(*, partner: Partner, actor: Any) -> Partner:
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.is_archived:
        if partner.merged_into_id:
            raise PartnerError(_("This partner was merged into another; it cannot be restored."))
        _identifier_clash(partner)  # another active partner may have taken its identifiers meanwhile
    return set_archived(
        partner,
        archived=False,
        actor=actor,
        action="partners.partner.restored",
        error=PartnerError,
        unchanged=_("The partner is not archived."),
    )


def reference_to_data(reference: ReferenceInstitution) -> dict[str, Any]:
    """Partner fields pre-filled from a reference-list entry."""
    kind = Partner.Kind.UNIVERSITY
    if reference.source == ReferenceInstitution.Source.MOE and reference.level == "专科":
        kind = Partner.Kind.VOCATIONAL
    website = reference.website.strip()
    if website and not website.startswith(("http://", "https://")):
        website = "https://" + website
    return {
        "kind": kind,
        "name": reference.name,
        "name_zh": reference.name if reference.source == ReferenceInstitution.Source.MOE else "",
        "name_en": "" if reference.source == ReferenceInstitution.Source.MOE else reference.name,
        "country": reference.country or "CN",
        "city": reference.city,
        "website": website[:300],
        "erasmus_code": reference.erasmus_code,
        "pic": reference.pic,
        "oid": reference.oid,
        "moe_code": reference.moe_code,
    }


# -- merge ---------------------------------------------------------------------------------------------


def _relations_to(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) in every installed app that points at ``model``."""
    result = []
    for rel in model._meta.related_objects:
        related = rel.related_model
        if (rel.one_to_many or rel.one_to_one) and isinstance(related, type):
            result.append((related, rel.field.name))
    return result


@transaction.atomic
def partner_merge(*, source: Partner, target: Partner, actor: Any) -> Partner:
    """Move every record that points at ``source`` to ``target``, then archive ``source`` as merged.

    Records of later capabilities follow without changes here: every foreign key to Partner is found
    through Django's model registry. A link row that would duplicate one the target already has (the
    same agreement party twice) is archived instead, if its model can be archived.
    """
    source = Partner.objects.select_for_update().get(pk=source.pk)
    target = Partner.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise PartnerError(_("Choose two different partners."), field="target")
    if source.institution_id != target.institution_id:
        raise PartnerError(_("The partners belong to different institutions."), field="target")
    if source.merged_into_id or target.merged_into_id or target.is_archived:
        raise PartnerError(_("Merge only active partners."), field="target")
    moved: dict[str, int] = {}
    for model, field in _relations_to(Partner):
        if model is Partner and field == "merged_into":
            continue
        rows = model._default_manager.filter(**{field: source})
        count = 0
        for row in rows:
            setattr(row, field, target)
            try:
                with transaction.atomic():
                    row.save(update_fields=[field])
            except IntegrityError:
                if not hasattr(row, "archived_at"):
                    raise
                setattr(row, field, source)
                row.archived_at = timezone.now()
                row.save(update_fields=["archived_at"])
            count += 1
        if count:
            moved[model._meta.label_lower] = count
    filled = {}
    for field in (*IDENTIFIERS, "name_zh", "name_en", "city", "website"):
        if not getattr(target, field) and getattr(source, field):
            filled[field] = getattr(source, field)
    released = {f: getattr(source, f) for f in IDENTIFIERS if getattr(source, f)}
    source.merged_into = target
    source.archived_at = timezone.now()
    source.save(update_fields=["merged_into", "archived_at", "updated_at"])
    if filled:
        for field, value in filled.items():
            setattr(target, field, value)
        target.save(update_fields=[*filled, "updated_at"])
    audit.record(
        source,
        "partners.partner.merged",
        actor=actor,
        data={
            "into": target.pk,
            "into_label": audit.stored_label(target),
            "moved": moved,
            "identifiers": released,
        },
    )
    audit.record(
        target,
        "partners.partner.absorbed",
        actor=actor,
        changes={k: [None, v] for k, v in filled.items()},
        data={"from": source.pk, "from_label": audit.stored_label(source), "moved": moved},
    )
    return target


# -- contacts --------------------------------------------------------------------------------------------

CONTACT_FIELDS = ("name", "name_zh", "role", "position", "email", "phone", "notes")


def _clean_contact(contact: PartnerContact) -> None:
    contact.name = (contact.name or "").strip()
    clean_or_raise(contact, PartnerError, exclude=["institution", "partner"])


@transaction.atomic
def contact_create(*, partner: Partner, data: Mapping[str, Any], actor: Any) -> PartnerContact:
    if partner.is_archived:
        raise PartnerError(_("Restore the partner before editing it."))
    contact = PartnerContact(
        institution_id=partner.institution_id,
        partner=partner,
        **{k: v for k, v in data.items() if k in CONTACT_FIELDS},
    )
    _clean_contact(contact)
    contact.save()
    audit.record(
        partner,
        "partners.contact.created",
        actor=actor,
        changes=audit.diff({}, audit.snapshot(contact, CONTACT_FIELDS)),
        data={"contact": contact.pk},
        fields_of=PartnerContact,
    )
    return contact


@transaction.atomic
def contact_update(*, contact: PartnerContact, data: Mapping[str, Any], actor: Any) -> PartnerContact:
    contact = PartnerContact.objects.select_for_update().get(pk=contact.pk)
    before = audit.snapshot(contact, CONTACT_FIELDS)
    for key, value in data.items():
        if key in CONTACT_FIELDS:
            setattr(contact, key, value)
    _clean_contact(contact)
    contact.save()
    changes = audit.diff(before, audit.snapshot(contact, CONTACT_FIELDS))
    if changes:
        audit.record(
            contact.partner,
            "partners.contact.changed",
            actor=actor,
            changes=changes,
            data={"contact": contact.pk, "contact_label": contact.name},
            fields_of=PartnerContact,
        )
    return contact


@transaction.atomic
def contact_archive(*, contact: PartnerContact, actor: Any) -> PartnerContact:
    contact = PartnerContact.objects.select_for_update().get(pk=contact.pk)
    return set_archived(
        contact,
        archived=True,
        actor=actor,
        action="partners.contact.archived",
        error=PartnerError,
        unchanged=_("The contact is archived already."),
        audit_on=contact.partner,
        data={"contact": contact.pk, "contact_label": contact.name},
    )
