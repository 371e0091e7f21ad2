"""Manual adjustments of indicator values and submitted (frozen) national report tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from intercoop.core.models import TenantModel


class Adjustment(TenantModel):
    """A value the office reports instead of the computed one, with a reason and evidence; shown beside
    the computed value, never replacing it silently. A new adjustment archives the one it replaces."""

    indicator = models.CharField(_("indicator"), max_length=60)
    year = models.PositiveSmallIntegerField(_("report year"))
    org_unit = models.ForeignKey(
        "org.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("college"),
        help_text=_("Empty for the whole institution."),
    )
    value = models.DecimalField(_("reported value"), max_digits=14, decimal_places=2)
    computed = models.DecimalField(
        _("computed value when adjusted"), max_digits=14, decimal_places=2, null=True
    )
    reason = models.TextField(_("reason"))
    evidence = models.ForeignKey(
        "attachments.Attachment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evidence (PDF or image)"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "indicator", "year"],
                condition=models.Q(archived_at__isnull=True, org_unit__isnull=True),
                name="adjustment_one_active_institution",
            ),
            models.UniqueConstraint(
                fields=["institution", "indicator", "year", "org_unit"],
                condition=models.Q(archived_at__isnull=True, org_unit__isnull=False),
                name="adjustment_one_active_college",
            ),
        ]

    def __str__(self) -> str:
        from intercoop.indicators import registry

        return f"{registry.name_of(self.indicator)} {self.year}: {self.value}"


class Report(TenantModel):
    """A national table as submitted: its snapshot is what later exports of that year serve."""

    table = models.CharField(_("table"), max_length=60)
    year = models.PositiveSmallIntegerField(_("report year"))
    snapshot = models.JSONField(_("snapshot"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        verbose_name = _("submitted report")
        verbose_name_plural = _("submitted reports")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "table", "year"],
                condition=models.Q(archived_at__isnull=True),
                name="report_one_submitted",
            ),
        ]

    @property
    def submitted_at(self) -> str:
        """When it was submitted, as the page, the API, the Excel file and the command print it."""
        return self.created_at.isoformat(timespec="seconds")

    def __str__(self) -> str:
        return f"{self.table} {self.year}"


class FigureState(models.Model):
    """The generation of each indicator's stored figures in an institution: taking in record changes
    starts a new generation of the indicators that read those records, and figures of an older generation
    are no longer read."""

    institution = models.OneToOneField(
        "org.Institution", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    generations = models.JSONField(default=dict)  # {"indicator code": generation}; absent: 0

    class Meta:
        verbose_name = _("figure generation")
        verbose_name_plural = _("figure generations")

    def __str__(self) -> str:
        return f"{self.institution_id}: {self.generations}"


class Figure(models.Model):
    """An indicator's value for one institution and report year, pre-aggregated from the records: the
    institution's total and each org unit's, with the countries and the amount per set of countries (for
    the dashboard's country filters). Derived data: recomputed, never edited; the items behind a value are
    computed on the drill-down page only."""

    institution = models.ForeignKey("org.Institution", on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    generation = models.PositiveIntegerField()
    computed_on = models.DateField()
    period_end = models.DateField()
    # {"": {"v": value or null (no data), "c": [countries], "k": {"DE,FR": amount}}, "/1/5/": {...}}
    units = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("indicator figure")
        verbose_name_plural = _("indicator figures")
        constraints = [
            models.UniqueConstraint(fields=["institution", "indicator", "year"], name="figure_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.indicator} {self.year}"
