"""Reads of agreements, always through the reader's access, with health computed in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.agreements import activity
from intercoop.agreements.config import AgreementSettings, months_before, settings_for
from intercoop.agreements.models import (
    Agreement,
    AgreementParty,
    AgreementUnit,
    Condition,
    DocumentKind,
    Interaction,
    Obligation,
)
from intercoop.agreements.permissions import (
    AGREEMENT_APPROVE,
    AGREEMENT_CHANGE,
    AGREEMENT_SIGN,
    AGREEMENT_VIEW,
    OBLIGATION_UPDATE,
)
from intercoop.attachments import selectors as attachment_selectors
from intercoop.attachments.models import Attachment
from intercoop.core.access import NOTHING, Access, access_for, parse_pk
from intercoop.core.periods import school_year  # noqa: F401  (re-exported)
from intercoop.org.models import OrgUnit
from intercoop.partners.models import Partner

LIVE = (Agreement.Status.SIGNED, Agreement.Status.ACTIVE, Agreement.Status.EXPIRING, Agreement.Status.EXPIRED)
NEVER = dt.date(1900, 1, 1)


class Health:
    IN_USE = "in_use"
    DORMANT = "dormant"
    AT_RISK = "at_risk"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NOT_LIVE = "not_live"
    NOT_YET = "not_yet"  # signed, in force from a later date

    LABELS = {
        IN_USE: _("In use"),
        DORMANT: _("Dormant"),
        AT_RISK: _("At risk (obligations overdue)"),
        EXPIRING: _("Expiring"),
        EXPIRED: _("Expired"),
        NOT_LIVE: _("Not in force"),
        NOT_YET: _("Not yet in force"),
    }
    CHOICES = [
        (IN_USE, LABELS[IN_USE]),
        (DORMANT, LABELS[DORMANT]),
        (AT_RISK, LABELS[AT_RISK]),
        (EXPIRING, LABELS[EXPIRING]),
        (EXPIRED, LABELS[EXPIRED]),
        (NOT_YET, LABELS[NOT_YET]),
    ]
    CSS = {
        IN_USE: "success",
        DORMANT: "warning",
        AT_RISK: "danger",
        EXPIRING: "info",
        EXPIRED: "secondary",
        NOT_LIVE: "light",
        NOT_YET: "light",
    }


# -- access ----------------------------------------------------------------------------------------------


def _unit_owned(paths: set[str]) -> Q:
    condition = Q(pk__in=[])
    for path in sorted(paths):
        condition |= Q(
            Exists(
                AgreementUnit.objects.filter(
                    agreement=OuterRef("pk"), archived_at__isnull=True, org_unit__path__startswith=path
                )
            )
        )
    return condition


def agreement_scope(access: Access, code: str = AGREEMENT_VIEW) -> Q:
    """Agreements of the user's institution the user may see (or act on) for ``code``.

    Institution-wide roles see all. Others see the agreements their units own, those they are
    responsible for, and, for reading, every agreement that is not confidential.
    """
    if access.institution_id is None or not access.can_anywhere(code):
        return NOTHING
    base = Q(institution_id=access.institution_id)
    if access.can_institution_wide(code):
        return base
    condition = _unit_owned(access.unit_paths(code))
    if access.person_id is not None and code in access.own:
        condition |= Q(school_responsible_id=access.person_id) | Q(college_responsible_id=access.person_id)
    if code == AGREEMENT_VIEW:
        condition |= Q(confidential=False)
    return base & condition


# Units that may own an agreement.
OWNER_KINDS = (OrgUnit.Kind.SECONDARY_COLLEGE, OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.SCHOOL_OFFICE)


def agreement_choices(user: Any) -> QuerySet[Agreement]:
    """The agreements the user may link a record to (a trip, a mobility, a training, a renewal): the
    active agreements the user may see, so never another college's confidential one (core.choices)."""
    return Agreement.objects.filter(agreement_scope(access_for(user)), archived_at__isnull=True).order_by(
        "-signed_on", "number", "id"
    )


def party_choices(agreement: Agreement) -> QuerySet[Partner]:
    """The partners an obligation of this agreement may fall on: its parties."""
    return Partner.objects.filter(
        agreement_parties__agreement=agreement, agreement_parties__archived_at__isnull=True
    ).order_by("name", "id")


def responsible_q(access: Access) -> Q:
    """Agreements the user is a responsible person of."""
    if access.person_id is None:
        return NOTHING
    return Q(school_responsible_id=access.person_id) | Q(college_responsible_id=access.person_id)


def agreement_get_for_user(*, user: Any, pk: Any, code: str = AGREEMENT_VIEW) -> Agreement:
    access = access_for(user)
    agreement = (
        Agreement.objects.filter(agreement_scope(access, code), pk=parse_pk(pk))
        .select_related(
            "school_responsible", "college_responsible", "framework", "predecessor", "institution"
        )
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


def may(user: Any, agreement: Agreement, code: str) -> bool:
    return Agreement.objects.filter(agreement_scope(access_for(user), code), pk=agreement.pk).exists()


def permissions_on(user: Any, agreement: Agreement) -> dict[str, bool]:
    """Which steps the user may take on this agreement (one query per code, for the detail page)."""
    return {
        "change": may(user, agreement, AGREEMENT_CHANGE),
        "approve": may(user, agreement, AGREEMENT_APPROVE),
        "sign": may(user, agreement, AGREEMENT_SIGN),
        "report": may(user, agreement, OBLIGATION_UPDATE),
    }


# -- health ------------------------------------------------------------------------------------------------


def with_health(qs: QuerySet[Agreement], *, today: dt.date, conf: AgreementSettings) -> QuerySet[Agreement]:
    """Annotate ``last_activity``, ``overdue``, ``places_offered`` and ``health`` (one query in all)."""
    last_dates = [
        Coalesce(activity.latest(Interaction, "occurred_on"), Value(NEVER), output_field=DateField()),
        Coalesce(
            activity.latest(Obligation, "done_on", status=Obligation.Status.DONE),
            Value(NEVER),
            output_field=DateField(),
        ),
        Coalesce(
            attachment_selectors.latest_upload(Agreement, kinds=(DocumentKind.EVIDENCE,)),
            Value(NEVER),
            output_field=DateField(),
        ),
        Coalesce("signed_on", Value(NEVER), output_field=DateField()),
        *[Coalesce(s.last_date(), Value(NEVER), output_field=DateField()) for s in activity.sources()],
    ]
    overdue = Coalesce(
        activity.count_of(Obligation, status=Obligation.Status.OPEN, due_on__lt=today),
        Value(0),
        output_field=IntegerField(),
    )
    offered = Subquery(
        Condition.objects.filter(agreement=OuterRef("pk"), archived_at__isnull=True)
        .values("agreement")
        .annotate(n=Sum("places_per_year"))
        .values("n")[:1]
    )
    dormant_before = months_before(today, conf.dormant_months)
    return qs.annotate(
        last_activity=Greatest(*last_dates, output_field=DateField()),
        overdue=overdue,
        places_offered=Coalesce(offered, Value(0), output_field=IntegerField()),
    ).annotate(
        health=Case(
            When(~Q(status__in=LIVE), then=Value(Health.NOT_LIVE)),
            When(valid_from__gt=today, then=Value(Health.NOT_YET)),
            When(Q(status=Agreement.Status.EXPIRED) | Q(valid_to__lt=today), then=Value(Health.EXPIRED)),
            When(overdue__gt=0, then=Value(Health.AT_RISK)),
            When(last_activity__lt=dormant_before, then=Value(Health.DORMANT)),
            When(valid_to__lte=today + dt.timedelta(days=conf.expiring_days), then=Value(Health.EXPIRING)),
            default=Value(Health.IN_USE),
            output_field=CharField(),
        )
    )


def agreement_list(
    *,
    access: Access,
    institution: Any,
    search: str | None = None,
    status: str | None = None,
    type: str | None = None,
    health: str | None = None,
    unit: Any = None,
    partner_id: int | None = None,
    archived: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Agreement]:
    today = today or timezone.localdate()
    qs = Agreement.objects.filter(agreement_scope(access), archived_at__isnull=not archived)
    if search:
        term = search.strip()
        qs = qs.filter(
            Q(number__icontains=term)
            | Q(title__icontains=term)
            | Q(title_en__icontains=term)
            | Q(
                Exists(
                    AgreementParty.objects.filter(
                        Q(partner__name__icontains=term)
                        | Q(partner__name_zh__icontains=term)
                        | Q(partner__name_en__icontains=term),
                        agreement=OuterRef("pk"),
                        archived_at__isnull=True,
                    )
                )
            )
        )
    if status:
        qs = qs.filter(status=status)
    if type:
        qs = qs.filter(type=type)
    if unit is not None:
        qs = qs.filter(
            Exists(
                AgreementUnit.objects.filter(
                    agreement=OuterRef("pk"), archived_at__isnull=True, org_unit__path__startswith=unit.path
                )
            )
        )
    if partner_id:
        qs = qs.filter(
            Exists(
                AgreementParty.objects.filter(
                    agreement=OuterRef("pk"), partner_id=partner_id, archived_at__isnull=True
                )
            )
        )
    annotated = with_health(qs, today=today, conf=settings_for(institution))
    if health:
        annotated = annotated.filter(**{"health": health})  # an annotation mypy cannot see
    return annotated.order_by("-signed_on", "-id")


def attach_names(agreements: list[Agreement]) -> list[Agreement]:
    """Give each agreement ``party_names`` and ``unit_names`` for a list page (two queries in all)."""
    ids = [a.pk for a in agreements]
    parties: dict[int, list[str]] = {}
    for party in AgreementParty.objects.filter(agreement_id__in=ids, archived_at__isnull=True).select_related(
        "partner"
    ):
        parties.setdefault(party.agreement_id, []).append(party.partner.display_name)
    units: dict[int, list[str]] = {}
    for owner in AgreementUnit.objects.filter(agreement_id__in=ids, archived_at__isnull=True).select_related(
        "org_unit"
    ):
        units.setdefault(owner.agreement_id, []).append(owner.org_unit.display_name)
    for agreement in agreements:
        agreement.party_names = parties.get(agreement.pk, [])  # type: ignore[attr-defined]
        agreement.unit_names = units.get(agreement.pk, [])  # type: ignore[attr-defined]
    return agreements


def health_of(agreement: Agreement, *, today: dt.date | None = None) -> Agreement:
    """The agreement again, with its health annotations."""
    today = today or timezone.localdate()
    annotated = with_health(
        Agreement.objects.filter(pk=agreement.pk), today=today, conf=settings_for(agreement.institution)
    ).get()
    return annotated


def parties_of(agreement: Agreement) -> QuerySet[AgreementParty]:
    return AgreementParty.objects.filter(agreement=agreement, archived_at__isnull=True).select_related(
        "partner"
    )


def units_of(agreement: Agreement) -> QuerySet[AgreementUnit]:
    return AgreementUnit.objects.filter(agreement=agreement, archived_at__isnull=True).select_related(
        "org_unit"
    )


def conditions_of(agreement: Agreement) -> QuerySet[Condition]:
    return Condition.objects.filter(agreement=agreement, archived_at__isnull=True)


def obligations_of(agreement: Agreement) -> QuerySet[Obligation]:
    return Obligation.objects.filter(agreement=agreement, archived_at__isnull=True).select_related(
        "responsible", "party"
    )


def documents_of(agreement: Agreement) -> list[Attachment]:
    """The agreement's files (signed copies, annexes, evidence), with the obligation each is about."""
    return attachment_selectors.listed(agreement)


def may_attach(user: Any, agreement: Agreement, obligation: Obligation | None) -> bool:
    """Editors of the agreement attach and archive its files; an obligation's responsible person may
    attach (and archive) files about that obligation."""
    if obligation is not None:
        return may_report(user, agreement, obligation)
    return may(user, agreement, AGREEMENT_CHANGE)


def interactions_of(
    *, agreement: Agreement | None = None, partner: Any = None, limit: int = 50
) -> list[Interaction]:
    qs = Interaction.objects.filter(archived_at__isnull=True).select_related(
        "partner", "agreement", "recorded_by"
    )
    if agreement is not None:
        qs = qs.filter(agreement=agreement)
    if partner is not None:
        qs = qs.filter(partner=partner)
    return list(qs.order_by("-occurred_on", "-id")[:limit])


def obligation_get_for_user(*, user: Any, agreement: Agreement, pk: Any) -> Obligation:
    obligation = Obligation.objects.filter(
        agreement=agreement, pk=parse_pk(pk), archived_at__isnull=True
    ).first()
    if obligation is None:
        raise Http404
    return obligation


def may_report(user: Any, agreement: Agreement, obligation: Obligation) -> bool:
    """Editors of the agreement, and the obligation's own responsible person, may report on it."""
    access = access_for(user)
    if may(user, agreement, AGREEMENT_CHANGE):
        return True
    return (
        access.can_anywhere(OBLIGATION_UPDATE)
        and access.person_id is not None
        and obligation.responsible_id == access.person_id
    )


# -- reports -------------------------------------------------------------------------------------------------


@dataclass
class DormantRow:
    college: str
    agreements: list[Agreement]


def dormant_report(*, access: Access, institution: Any, today: dt.date | None = None) -> list[DormantRow]:
    """Dormant agreements grouped by owning college (an agreement of two colleges is under both)."""
    qs = agreement_list(access=access, institution=institution, health=Health.DORMANT, today=today)
    agreements = attach_names(list(qs))
    groups: dict[str, list[Agreement]] = {}
    for agreement in agreements:
        for name in agreement.unit_names or [str(_("No owning college"))]:  # type: ignore[attr-defined]
            groups.setdefault(name, []).append(agreement)
    return [DormantRow(college=name, agreements=items) for name, items in sorted(groups.items())]


def places_used(agreement: Agreement, *, start: dt.date, end: dt.date) -> int:
    """People counted by registered sources in a period (mobility, once recorded)."""
    total = 0
    for source in activity.sources():
        if source.places_used is not None:
            value = (
                Agreement.objects.filter(pk=agreement.pk)
                .annotate(n=source.places_used(start, end))
                .values_list("n", flat=True)
                .first()
            )
            total += int(value or 0)
    return total
