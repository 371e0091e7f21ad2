"""Records the international influence table needs that no other register keeps (DOMAIN.md §3.4 rows 5–7
and 9): teachers' posts in international or foreign organisations, standards adopted abroad, and overseas
teaching sites. Each carries an evidence file and an audit trail; nothing is deleted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intercoop.core.models import TenantModel
from intercoop.core.names import localized


class OrganisationPost(TenantModel):
    """A full-time teacher's post in an international or a foreign organisation (row 5)."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", _("International organisation")
        FOREIGN = "foreign", _("Foreign organisation")

    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("teacher")
    )
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("college or unit")
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    kind = models.CharField(_("kind of organisation"), max_length=20, choices=Kind.choices)
    country = models.CharField(
        _("country or region of its seat"), max_length=2, help_text=_("ISO 3166 code, e.g. CH")
    )
    post = models.CharField(_("post held"), max_length=200)
    post_en = models.CharField(_("post held, in English"), max_length=200, blank=True)
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("to"), null=True, blank=True, help_text=_("Empty while the post is held."))
    evidence = models.ForeignKey(
        "attachments.Attachment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evidence (PDF or image)"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("post in an international organisation")
        verbose_name_plural = _("posts in international organisations")
        ordering = ["-start_on", "-id"]
        indexes = [models.Index(fields=["institution", "start_on"], name="post_inst_start")]

    def __str__(self) -> str:
        return f"{self.post} · {self.organisation}"

    @property
    def display_post(self) -> str:
        return localized(self.post, en=self.post_en)

    @property
    def display(self) -> str:
        """The entry as its page heads it, in the reader's language."""
        return f"{self.display_post} · {self.organisation}"


class AdoptedStandard(TenantModel):
    """A programme or course teaching standard the institution developed that a body abroad adopted
    (rows 6 and 7, with the adopting countries beside them)."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme teaching standard")
        COURSE = "course", _("Course standard")

    kind = models.CharField(_("kind of standard"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("standard"), max_length=200)
    title_en = models.CharField(_("standard, in English"), max_length=200, blank=True)
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("developed by (college)")
    )
    adopter = models.CharField(_("adopting institution"), max_length=200)
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("adopting partner"),
        help_text=_("When the adopting institution is in the partner directory."),
    )
    country = models.CharField(_("adopting country or region"), max_length=2)
    adopted_on = models.DateField(_("date of adoption"))
    evidence = models.ForeignKey(
        "attachments.Attachment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evidence of adoption (PDF or image)"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("standard adopted abroad")
        verbose_name_plural = _("standards adopted abroad")
        ordering = ["-adopted_on", "-id"]
        indexes = [models.Index(fields=["institution", "adopted_on"], name="standard_inst_adopted")]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self.title, en=self.title_en)

    @property
    def display(self) -> str:
        return self.display_title


class OverseasSite(TenantModel):
    """A teaching site abroad run with a partner (row 9), counted while it operates."""

    class Status(models.TextChoices):
        OPERATING = "operating", pgettext_lazy("site status", "Operating")
        SUSPENDED = "suspended", pgettext_lazy("site status", "Suspended")
        CLOSED = "closed", pgettext_lazy("site status", "Closed")

    name = models.CharField(_("name of the site"), max_length=200)
    name_en = models.CharField(_("name of the site, in English"), max_length=200, blank=True)
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    country = models.CharField(_("country or region"), max_length=2)
    city = models.CharField(_("city"), max_length=100, blank=True)
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible college")
    )
    opened_on = models.DateField(_("opened"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPERATING)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    evidence = models.ForeignKey(
        "attachments.Attachment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("evidence (PDF or image)"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("overseas teaching site")
        verbose_name_plural = _("overseas teaching sites")
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return localized(self.name, en=self.name_en)

    @property
    def display(self) -> str:
        return self.display_name
