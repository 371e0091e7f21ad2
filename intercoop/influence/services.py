"""Every write of the influence registers: checked, audited, archived rather than deleted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from intercoop.attachments import services as attachment_services
from intercoop.attachments.registry import EVIDENCE
from intercoop.core import audit, choices, countries
from intercoop.core.archiving import set_archived
from intercoop.core.errors import ConflictError, DomainError
from intercoop.influence.models import AdoptedStandard, OrganisationPost, OverseasSite
from intercoop.influence.permissions import INFLUENCE_EDIT
from intercoop.org import selectors as org_selectors
from intercoop.org.models import Institution, Person
from intercoop.partners import selectors as partner_selectors


class InfluenceError(DomainError):
    pass


FIELDS: dict[type[Any], tuple[str, ...]] = {
    OrganisationPost: (
        "person",
        "org_unit",
        "organisation",
        "kind",
        "country",
        "post",
        "post_en",
        "start_on",
        "end_on",
        "notes",
    ),
    AdoptedStandard: (
        "kind",
        "title",
        "title_en",
        "org_unit",
        "adopter",
        "partner",
        "country",
        "adopted_on",
        "notes",
    ),
    OverseasSite: (
        "name",
        "name_en",
        "partner",
        "country",
        "city",
        "org_unit",
        "opened_on",
        "status",
        "closed_on",
        "notes",
    ),
}
ACTION = {
    OrganisationPost: "influence.post",
    AdoptedStandard: "influence.standard",
    OverseasSite: "influence.site",
}


def _same_institution(entry: Any, field: str, value: Any) -> None:
    if value is not None and value.institution_id != entry.institution_id:
        raise InfluenceError(_("Choose one of your institution's own records."), field=field)


def _check_country(code: str, field: str = "country") -> str:
    code = countries.normalise(code)
    if not countries.is_valid(code):
        raise InfluenceError(_("“%(code)s” is not a known country code.") % {"code": code}, field=field)
    return code


def _check(entry: Any) -> None:
    entry.country = _check_country(entry.country)
    _same_institution(entry, "org_unit", getattr(entry, "org_unit", None))
    if isinstance(entry, OrganisationPost):
        _same_institution(entry, "person", entry.person)
        if entry.person.kind != Person.Kind.TEACHER:
            raise InfluenceError(_("Only teachers are counted in this register."), field="person")
        if entry.end_on and entry.end_on < entry.start_on:
            raise InfluenceError(_("The post cannot end before it begins."), field="end_on")
        twin = OrganisationPost.objects.filter(
            institution_id=entry.institution_id,
            person=entry.person,
            organisation__iexact=entry.organisation.strip(),
            post__iexact=entry.post.strip(),
            start_on=entry.start_on,
            archived_at__isnull=True,
        )
    elif isinstance(entry, AdoptedStandard):
        _same_institution(entry, "partner", entry.partner)
        if entry.partner is not None and entry.partner.country and entry.partner.country != entry.country:
            raise InfluenceError(
                _("The adopting partner is in %(country)s, not in the country given.")
                % {"country": countries.name(entry.partner.country)},
                field="country",
            )
        if entry.country == "CN":
            raise InfluenceError(
                _("A standard adopted in China does not count as adopted abroad."), field="country"
            )
        twin = AdoptedStandard.objects.filter(
            institution_id=entry.institution_id,
            kind=entry.kind,
            title__iexact=entry.title.strip(),
            adopter__iexact=entry.adopter.strip(),
            archived_at__isnull=True,
        )
    else:
        _same_institution(entry, "partner", entry.partner)
        if entry.country == "CN":
            raise InfluenceError(_("An overseas site must be outside China."), field="country")
        if entry.status == OverseasSite.Status.CLOSED and entry.closed_on is None:
            raise InfluenceError(_("Give the date on which the site closed."), field="closed_on")
        if entry.closed_on and entry.status != OverseasSite.Status.CLOSED:
            raise InfluenceError(_("Only a closed site has a closing date."), field="closed_on")
        if entry.closed_on and entry.closed_on < entry.opened_on:
            raise InfluenceError(_("The site cannot close before it opens."), field="closed_on")
        twin = OverseasSite.objects.filter(
            institution_id=entry.institution_id,
            partner=entry.partner,
            name__iexact=entry.name.strip(),
            archived_at__isnull=True,
        )
    if entry.pk:
        twin = twin.exclude(pk=entry.pk)
    if twin.exists():
        raise ConflictError(_("This record exists already."), field="__all__")


@transaction.atomic
def save(
    *,
    model: type[Any],
    institution: Institution,
    data: Mapping[str, Any],
    actor: Any,
    entry: Any | None = None,
    evidence: UploadedFile | None = None,
) -> Any:
    """Create or change a register entry; the evidence file is checked before anything is written."""
    if evidence is not None:
        attachment_services.check(evidence, owner=model, field="evidence")
    fields = FIELDS[model]
    if entry is None:
        entry = model(institution=institution)
        before: dict[str, Any] = {}
    else:
        entry = model.objects.select_for_update(of=("self",)).get(pk=entry.pk)
        if entry.archived_at is not None:
            raise InfluenceError(_("An archived record cannot be changed; restore it first."))
        before = audit.snapshot(entry, fields)
    links = [f for f in ("org_unit", "person", "partner") if f in fields]
    linked = choices.link_ids(entry, links) if entry.pk else None
    for key, value in data.items():
        if key in fields:
            setattr(entry, key, value.strip() if isinstance(value, str) else value)
    if actor is not None:  # what the actor may name (core.choices); a kept link may stay
        sources = {
            "org_unit": lambda: org_selectors.units_for(actor, INFLUENCE_EDIT),
            "person": lambda: org_selectors.person_choices(actor),
            "partner": lambda: partner_selectors.partner_choices(actor),
        }
        choices.require_changed(entry, linked, {f: sources[f] for f in links})
    if model is OrganisationPost and not data.get("org_unit") and entry.person_id:
        entry.org_unit = entry.person.org_unit
    if getattr(entry, "org_unit_id", None) is None:
        raise InfluenceError(_("Choose the college."), field="org_unit")
    if model is AdoptedStandard and evidence is None and entry.evidence_id is None:
        raise InfluenceError(_("Attach the evidence of adoption."), field="evidence")
    _check(entry)
    created = entry.pk is None
    entry.save()
    changes = audit.diff(before, audit.snapshot(entry, fields))
    if changes:
        audit.record(
            entry, f"{ACTION[model]}.{'created' if created else 'updated'}", actor=actor, changes=changes
        )
    if evidence is not None:  # the file's own step on the entry's history (a new file replaces the old)
        entry.evidence = attachment_services.attach(
            owner=entry,
            upload=evidence,
            kind=EVIDENCE,
            actor=actor,
            field="evidence",
            replacing=entry.evidence,
        )
        entry.save(update_fields=["evidence", "updated_at"])
    return entry


@transaction.atomic
def set_entry_archived(*, entry: Any, archived: bool, actor: Any) -> Any:
    entry = type(entry).objects.select_for_update(of=("self",)).get(pk=entry.pk)
    if not archived and entry.archived_at is not None:
        _check(entry)  # restoring must not bring back a duplicate
    return set_archived(
        entry,
        archived=archived,
        actor=actor,
        action=f"{ACTION[type(entry)]}.{'archived' if archived else 'restored'}",
        error=InfluenceError,
        unchanged=_("This record is archived already.") if archived else _("This record is not archived."),
    )
