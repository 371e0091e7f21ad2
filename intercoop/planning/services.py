"""Writes of planning: plans, their targets, and the assessment scheme of a year; all checked and audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.core import audit
from intercoop.core.archiving import set_archived
from intercoop.core.errors import ConflictError, DomainError
from intercoop.indicators import registry
from intercoop.org.models import Institution, OrgUnit
from intercoop.planning.models import Plan, Scheme, SchemeItem, Target

PLAN_FIELDS = ("kind", "title", "title_en", "first_year", "last_year", "org_unit", "status", "summary")
TARGET_FIELDS = ("part", "indicator", "year", "org_unit", "value")
FIRST_YEAR = 2000


class PlanningError(DomainError):
    pass


def _check_unit(institution: Institution, unit: OrgUnit | None, field: str = "org_unit") -> None:
    if unit is not None and (
        unit.institution_id != institution.pk or unit.kind != OrgUnit.Kind.SECONDARY_COLLEGE
    ):
        raise PlanningError(_("Choose one of your secondary colleges."), field=field)


def _check_years(first: int | None, last: int | None) -> None:
    this_year = timezone.localdate().year
    for value, field in ((first, "first_year"), (last, "last_year")):
        if value is None or not FIRST_YEAR <= value <= this_year + 15:
            raise PlanningError(
                _("The year must lie between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": this_year + 15},
                field=field,
            )
    assert first is not None and last is not None
    if last < first:
        raise PlanningError(_("The plan cannot end before it begins."), field="last_year")


@transaction.atomic
def plan_save(
    *, institution: Institution, data: Mapping[str, Any], actor: Any, plan: Plan | None = None
) -> Plan:
    if plan is None:
        plan = Plan(institution=institution)
        before: dict[str, Any] = {}
    else:
        plan = Plan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
        if plan.archived_at is not None:
            raise PlanningError(_("An archived record cannot be changed; restore it first."))
        before = audit.snapshot(plan, PLAN_FIELDS)
    for key, value in data.items():
        if key in PLAN_FIELDS:
            setattr(plan, key, value.strip() if isinstance(value, str) else value)
    if not plan.title:
        raise PlanningError(_("Give the plan a title."), field="title")
    _check_years(plan.first_year, plan.last_year)
    _check_unit(institution, plan.org_unit)
    if (
        plan.pk
        and Target.objects.filter(plan=plan, archived_at__isnull=True)
        .exclude(year__gte=plan.first_year, year__lte=plan.last_year)
        .exists()
    ):
        raise PlanningError(
            _("Some targets of this plan fall outside these years; change them first."), field="last_year"
        )
    created = plan.pk is None
    plan.save()
    changes = audit.diff(before, audit.snapshot(plan, PLAN_FIELDS))
    if changes:
        audit.record(
            plan,
            "planning.plan.created" if created else "planning.plan.updated",
            actor=actor,
            changes=changes,
        )
    return plan


@transaction.atomic
def plan_set_archived(*, plan: Plan, archived: bool, actor: Any) -> Plan:
    plan = Plan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    return set_archived(
        plan,
        archived=archived,
        actor=actor,
        action="planning.plan.archived" if archived else "planning.plan.restored",
        error=PlanningError,
        unchanged=_("This record is archived already.") if archived else _("This record is not archived."),
    )


def _decimal(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise PlanningError(_("Enter a number."), field=field) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise PlanningError(_("Enter a number of zero or more."), field=field)
    return amount


@transaction.atomic
def target_save(*, plan: Plan, data: Mapping[str, Any], actor: Any, target: Target | None = None) -> Target:
    """A target of ``plan`` for one indicator, year and college (or the whole institution)."""
    plan = Plan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if plan.archived_at is not None:
        raise PlanningError(_("An archived record cannot be changed; restore it first."))
    if target is None:
        target = Target(institution_id=plan.institution_id, plan=plan)
        before: dict[str, Any] = {}
    else:
        before = audit.snapshot(target, TARGET_FIELDS)
    for key, value in data.items():
        if key in TARGET_FIELDS:
            setattr(target, key, value)
    indicator = registry.get(target.indicator or "")
    if indicator is None:
        raise PlanningError(
            _("“%(code)s” is not a known indicator.") % {"code": target.indicator}, field="indicator"
        )
    if target.year is None or not plan.first_year <= target.year <= plan.last_year:
        raise PlanningError(
            _("The plan runs from %(first)s to %(last)s.")
            % {"first": plan.first_year, "last": plan.last_year},
            field="year",
        )
    _check_unit(plan.institution, target.org_unit)
    if target.org_unit is not None and "college" not in indicator.levels:
        raise PlanningError(_("This indicator is reported for the whole institution only."), field="org_unit")
    if plan.org_unit_id and target.org_unit_id != plan.org_unit_id:
        raise PlanningError(_("A college's plan sets targets for that college only."), field="org_unit")
    target.value = _decimal(target.value, "value")
    twin = (
        Target.objects.filter(
            institution_id=plan.institution_id,
            indicator=target.indicator,
            year=target.year,
            org_unit=target.org_unit,
            archived_at__isnull=True,
            plan__archived_at__isnull=True,
        )
        .exclude(pk=target.pk)
        .select_related("plan")
        .first()
    )
    if twin is not None:
        raise ConflictError(
            _("“%(plan)s” already sets this target for that year and college.") % {"plan": twin.plan.title},
            field="indicator",
        )
    created = target.pk is None
    target.save()
    changes = audit.diff(before, audit.snapshot(target, TARGET_FIELDS))
    if changes:
        audit.record(
            target,
            "planning.target.set" if created else "planning.target.changed",
            actor=actor,
            changes=changes,
            data={"plan": plan.pk},
        )
    return target


@transaction.atomic
def target_archive(*, target: Target, actor: Any) -> Target:
    target = Target.objects.select_for_update(of=("self",)).get(pk=target.pk)
    return set_archived(
        target,
        archived=True,
        actor=actor,
        action="planning.target.removed",
        error=PlanningError,
        unchanged=_("This record is archived already."),
        data={
            "plan": target.plan_id,
            "indicator": target.indicator,
            "year": target.year,
            "value": str(target.value),
        },
    )


@dataclass(frozen=True)
class ItemSpec:
    indicator: str
    weight: Any
    thresholds: Sequence[Sequence[Any]] = ()


def _check_thresholds(code: str, pairs: Sequence[Sequence[Any]]) -> list[list[float]]:
    out: list[list[float]] = []
    for pair in pairs:
        try:
            value, score = float(pair[0]), float(pair[1])
        except (TypeError, ValueError, IndexError):
            raise PlanningError(
                _("Write each threshold as value:score."), field=f"thresholds_{code}"
            ) from None
        if not 0 <= score <= 100 or value < 0:
            raise PlanningError(_("A threshold's score lies between 0 and 100."), field=f"thresholds_{code}")
        if out and (value <= out[-1][0] or score < out[-1][1]):
            raise PlanningError(_("Thresholds must rise in value and in score."), field=f"thresholds_{code}")
        out.append([value, score])
    return out


@transaction.atomic
def scheme_save(
    *,
    institution: Institution,
    year: int,
    data: Mapping[str, Any],
    items: Sequence[ItemSpec],
    actor: Any,
) -> Scheme:
    """The assessment scheme of ``year``: its weights must sum to 100 %; a new version replaces the old."""
    method = data.get("method")
    if method not in Scheme.Method.values:
        raise PlanningError(_("Choose a scoring method."), field="method")
    chosen = []
    for item in items:
        weight = _decimal(item.weight or 0, f"weight_{item.indicator}")
        if weight == 0:
            continue
        indicator = registry.get(item.indicator)
        if indicator is None:
            raise PlanningError(
                _("“%(code)s” is not a known indicator.") % {"code": item.indicator},
                field=f"weight_{item.indicator}",
            )
        if "college" not in indicator.levels:
            raise PlanningError(
                _("This indicator is reported for the whole institution only."),
                field=f"weight_{item.indicator}",
            )
        thresholds = _check_thresholds(item.indicator, item.thresholds)
        if method == Scheme.Method.THRESHOLDS and not thresholds:
            raise PlanningError(
                _("The thresholds method needs thresholds for every chosen indicator."),
                field=f"thresholds_{item.indicator}",
            )
        chosen.append((item.indicator, weight, thresholds))
    if not chosen:
        raise PlanningError(_("Choose at least one indicator with a weight."))
    total = sum((w for _c, w, _t in chosen), Decimal(0))
    if total != 100:
        raise PlanningError(
            _("The weights add up to %(total)s %%; they must add up to 100 %%.")
            % {"total": format(total.normalize(), "f")}
        )
    previous = (
        Scheme.objects.select_for_update()
        .filter(institution=institution, year=year, archived_at__isnull=True)
        .first()
    )
    if previous is not None:
        previous.archived_at = timezone.now()
        previous.save(update_fields=["archived_at", "updated_at"])
    try:
        with transaction.atomic():
            scheme = Scheme.objects.create(
                institution=institution,
                year=year,
                title=(data.get("title") or "").strip()
                or _("Assessment of secondary colleges %(year)s") % {"year": year},
                method=method,
                per_hundred=bool(data.get("per_hundred")) and method != Scheme.Method.TARGET,
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("Someone changed this scheme at the same moment; reload and try again.")
        ) from exc
    SchemeItem.objects.bulk_create(
        SchemeItem(
            institution=institution, scheme=scheme, indicator=code, weight=weight, thresholds=thresholds
        )
        for code, weight, thresholds in chosen
    )
    audit.record(
        scheme,
        "planning.scheme.saved",
        actor=actor,
        data={
            "year": year,
            "method": method,
            "per_hundred": scheme.per_hundred,
            "weights": {code: format(weight.normalize(), "f") for code, weight, _t in chosen},
            "replaces": previous.pk if previous else None,
        },
    )
    return scheme
