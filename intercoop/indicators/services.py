"""Writes of the indicators app: manual adjustments, and submitting or reopening a national table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from intercoop.attachments import services as attachment_services
from intercoop.attachments.registry import EVIDENCE
from intercoop.core import audit
from intercoop.core.errors import ConflictError, DomainError
from intercoop.indicators import registry, selectors
from intercoop.indicators.models import Adjustment, Report
from intercoop.indicators.selectors import FIRST_YEAR
from intercoop.indicators.tables import Table
from intercoop.org.models import Institution, OrgUnit


class IndicatorError(DomainError):
    pass


def _check_year(year: int, today: dt.date) -> None:
    if not FIRST_YEAR <= year <= today.year + 1:
        raise IndicatorError(
            _("The report year must lie between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": today.year + 1},
            field="year",
        )


@transaction.atomic
def adjust(
    *,
    institution: Institution,
    code: str,
    year: int,
    value: Any,
    reason: str,
    evidence: UploadedFile | None,
    actor: Any,
    unit: OrgUnit | None = None,
    today: dt.date | None = None,
) -> Adjustment:
    """Report ``value`` instead of the computed figure; the reason and the evidence are required."""
    today = today or timezone.localdate()
    indicator = registry.get(code)
    if indicator is None:
        raise IndicatorError(_("“%(code)s” is not a known indicator.") % {"code": code}, field="indicator")
    _check_year(year, today)
    if not (reason or "").strip():
        raise IndicatorError(_("Say why the computed value is not the right one."), field="reason")
    if evidence is None:
        raise IndicatorError(_("Attach the evidence for the adjusted value."), field="evidence")
    attachment_services.check(evidence, owner=Adjustment, field="evidence")
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise IndicatorError(_("Enter a number."), field="value") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        raise IndicatorError(_("Enter a number of zero or more."), field="value")
    if unit is not None:
        if unit.institution_id != institution.pk or unit.kind != OrgUnit.Kind.SECONDARY_COLLEGE:
            raise IndicatorError(_("Choose one of your secondary colleges."), field="org_unit")
        if "college" not in indicator.levels:
            raise IndicatorError(
                _("This indicator is reported for the whole institution only."), field="org_unit"
            )
    computed = selectors.Engine(institution, today).value(indicator, year, unit).computed
    previous = (
        Adjustment.objects.select_for_update()
        .filter(institution=institution, indicator=code, year=year, org_unit=unit, archived_at__isnull=True)
        .first()
    )
    if previous is not None:
        previous.archived_at = timezone.now()
        previous.save(update_fields=["archived_at", "updated_at"])
        audit.record(previous, "indicators.adjustment.replaced", actor=actor)
    try:
        with transaction.atomic():
            adjustment = Adjustment.objects.create(
                institution=institution,
                indicator=code,
                year=year,
                org_unit=unit,
                value=amount,
                computed=computed,
                reason=reason.strip(),
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:
        raise ConflictError(
            _("Someone adjusted this value at the same moment; reload and try again.")
        ) from exc
    adjustment.evidence = attachment_services.attach(
        owner=adjustment, upload=evidence, kind=EVIDENCE, actor=actor, field="evidence"
    )
    adjustment.save(update_fields=["evidence", "updated_at"])
    audit.record(
        adjustment,
        "indicators.adjustment.created",
        actor=actor,
        data={
            "indicator": code,
            "year": year,
            "value": str(amount),
            "computed": computed,
            "reason": reason.strip(),
        },
    )
    return adjustment


@transaction.atomic
def adjustment_withdraw(*, adjustment: Adjustment, actor: Any) -> Adjustment:
    adjustment = Adjustment.objects.select_for_update().get(pk=adjustment.pk)
    if adjustment.archived_at is not None:
        raise IndicatorError(_("This adjustment is withdrawn already."))
    adjustment.archived_at = timezone.now()
    adjustment.save(update_fields=["archived_at", "updated_at"])
    audit.record(adjustment, "indicators.adjustment.withdrawn", actor=actor)
    return adjustment


def submit(
    *, institution: Institution, table: Table, year: int, actor: Any, today: dt.date | None = None
) -> Report:
    """Freeze the table of ``year``: its snapshot is what the page, the API and exports serve from now on."""
    today = today or timezone.localdate()
    _check_year(year, today)
    if table.version_for(year) is None:
        raise IndicatorError(_("This table has no row set for %(year)s.") % {"year": year}, field="year")
    if today <= dt.date(year, 8, 31):
        raise IndicatorError(
            _(
                "The school year of report year %(year)s ends on 31 August %(year)s; submit the table"
                " after it."
            )
            % {"year": year},
            field="year",
        )
    snapshot = selectors.build_table(institution, table, year)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                institution=institution,
                table=table.code,
                year=year,
                snapshot=snapshot,
                submitted_by=actor if getattr(actor, "pk", None) else None,
            )
            audit.record(
                report, "indicators.report.submitted", actor=actor, data={"table": table.code, "year": year}
            )
    except IntegrityError as exc:
        raise ConflictError(_("The table of %(year)s is submitted already.") % {"year": year}) from exc
    return report


@transaction.atomic
def reopen(*, report: Report, reason: str, actor: Any) -> Report:
    """Withdraw a submission (kept, archived, with the reason) so that the table can be corrected."""
    if not (reason or "").strip():
        raise IndicatorError(_("Say why the submitted table is reopened."), field="reason")
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.archived_at is not None:
        raise ConflictError(_("This submission was reopened already."))
    report.archived_at = timezone.now()
    report.reopen_reason = reason.strip()
    report.save(update_fields=["archived_at", "reopen_reason", "updated_at"])
    audit.record(report, "indicators.report.reopened", actor=actor, data={"reason": reason.strip()})
    return report
