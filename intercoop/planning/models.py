"""Strategic plans with targets per indicator, year and college, and the yearly assessment scheme by which
secondary colleges are scored and ranked (000 §1.3, §2.1, §2.3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from intercoop.core.models import TenantModel
from intercoop.core.names import localized
from intercoop.indicators import registry


class Plan(TenantModel):
    class Kind(models.TextChoices):
        DEVELOPMENT = "development", _("Internationalisation development plan")
        STAFF = "staff", _("Teaching-staff internationalisation special plan")
        COLLEGE = "college", _("College internationalisation plan")
        OTHER = "other", _("Other special plan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    kind = models.CharField(_("kind of plan"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    first_year = models.PositiveSmallIntegerField(_("first report year"))
    last_year = models.PositiveSmallIntegerField(_("last report year"))
    org_unit = models.ForeignKey(
        "org.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("college"),
        help_text=_("Empty for a plan of the whole institution."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-first_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__gte=models.F("first_year")), name="plan_years_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the reader's language (the English one on English pages, where there is one)."""
        return localized(self.title, en=self.title_en)


class Target(TenantModel):
    class Part(models.TextChoices):
        GENERAL = "general", _("General")
        OVERSEAS_TALENT = "overseas_talent", _("Introducing overseas talent")
        TRAINING_ABROAD = "training_abroad", _("Training local teachers abroad")
        TEACHER_EXCHANGE = "teacher_exchange", _("Teacher exchanges")
        STUDENTS = "students", _("Student mobility")
        INFLUENCE = "influence", _("International influence")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="targets", verbose_name=_("plan"))
    part = models.CharField(_("part of the plan"), max_length=20, choices=Part.choices, default=Part.GENERAL)
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
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year", "indicator", "id"]
        indexes = [models.Index(fields=["institution", "year", "indicator"], name="target_inst_year_ind")]

    def __str__(self) -> str:
        return f"{registry.name_of(self.indicator)} {self.year}: {self.value}"


class Scheme(TenantModel):
    """How the colleges are assessed in a year: chosen indicators, weights and a scoring method."""

    class Method(models.TextChoices):
        TARGET = "target", _("Against the college's target")
        BEST = "best", _("Against the best college")
        THRESHOLDS = "thresholds", _("Against thresholds")

    year = models.PositiveSmallIntegerField(_("report year"))
    title = models.CharField(_("title"), max_length=200)
    method = models.CharField(_("scoring method"), max_length=20, choices=Method.choices)
    per_hundred = models.BooleanField(
        _("normalise by college size"),
        default=False,
        help_text=_(
            "Compare values per 100 teachers and students of the college (not with the target method)."
        ),
    )

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"],
                condition=models.Q(archived_at__isnull=True),
                name="scheme_one_per_year",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SchemeItem(TenantModel):
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="items", verbose_name=_("scheme")
    )
    indicator = models.CharField(_("indicator"), max_length=60)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    thresholds = models.JSONField(
        _("thresholds"), default=list, blank=True, help_text=_("[[value, score], …] in ascending order.")
    )

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["-weight", "indicator"]

    @property
    def name(self) -> str:
        """The indicator's name in the current language (its code if no longer defined)."""
        from intercoop.indicators import registry

        indicator = registry.get(self.indicator)
        return indicator.name if indicator else self.indicator

    def __str__(self) -> str:
        return f"{registry.name_of(self.indicator)} {self.weight}%"
