"""The partner directory: foreign universities and colleges, enterprises, governments, associations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from intercoop.core.bounds import validate_phone
from intercoop.core.models import TenantModel
from intercoop.core.names import MultilingualNameModel


class Partner(MultilingualNameModel, TenantModel):
    # Longer than other names: the ECHE list writes legal names of up to 230 characters.
    name = models.CharField(_("name (as written)"), max_length=300)

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        VOCATIONAL = "vocational", _("Vocational college or TVET institution")
        SCHOOL = "school", _("School")
        ENTERPRISE = "enterprise", _("Enterprise")
        GOVERNMENT = "government", _("Government body")
        ASSOCIATION = "association", _("Association or alliance")
        OTHER = "other", _("Other organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country or region"), max_length=2, help_text=_("ISO 3166 code"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    belt_and_road = models.BooleanField(_("Belt and Road"), default=False)
    website = models.URLField(_("website"), blank=True, max_length=300)
    erasmus_code = models.CharField(_("Erasmus code"), max_length=20, blank=True)
    pic = models.CharField(
        _("PIC"), max_length=9, blank=True, help_text=_("EU Participant Identification Code")
    )
    oid = models.CharField(_("Erasmus+ OID"), max_length=9, blank=True)
    moe_code = models.CharField(_("MoE institution code"), max_length=10, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    name_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", field],
                condition=~models.Q(**{field: ""}) & models.Q(merged_into__isnull=True),
                name=f"partner_{field}_unique",
            )
            for field in ("erasmus_code", "pic", "oid", "moe_code", "credit_code")
        ]
        indexes = [models.Index(fields=["institution", "country", "kind"], name="partner_inst_country_kind")]


class PartnerContact(TenantModel):
    class Role(models.TextChoices):
        PRIMARY = "primary", _("Main contact")
        LEADERSHIP = "leadership", _("Leadership")
        INTERNATIONAL = "international", _("International office")
        ACADEMIC = "academic", _("Academic contact")
        HR = "hr", _("Human resources")
        LEGAL = "legal", _("Legal or contracts")
        OTHER = "other", _("Other")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("full name (as written)"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PRIMARY)
    position = models.CharField(_("position or title"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("partner contact")
        verbose_name_plural = _("partner contacts")
        ordering = ["role", "name"]
        indexes = [models.Index(fields=["institution", "partner"], name="contact_inst_partner")]

    def __str__(self) -> str:
        return self.name


class ReferenceInstitution(models.Model):
    """Public reference lists shipped with the app, to pick a partner instead of typing it.

    Not tenant data: the same for every institution.
    """

    class Source(models.TextChoices):
        MOE = "moe", _("MoE list of Chinese institutions 2025")
        ECHE = "eche", _("Erasmus charter holders 2021–2027")
        WORLD = "world", _("World universities")

    source = models.CharField(max_length=10, choices=Source.choices)
    name = models.CharField(max_length=300)
    country = models.CharField(max_length=2, blank=True)
    city = models.CharField(max_length=100, blank=True)
    website = models.CharField(max_length=300, blank=True)
    erasmus_code = models.CharField(max_length=20, blank=True)
    pic = models.CharField(max_length=9, blank=True)
    oid = models.CharField(max_length=9, blank=True)
    moe_code = models.CharField(max_length=10, blank=True)
    level = models.CharField(max_length=20, blank=True)
    search_key = models.CharField(max_length=300, db_index=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "search_key"], name="reference_country_key")]

    def __str__(self) -> str:
        return self.name
