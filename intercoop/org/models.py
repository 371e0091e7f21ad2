"""Institutions (tenants), their org-unit tree, and people."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from intercoop.core.bounds import validate_phone
from intercoop.core.models import ArchivableModel, TenantModel, TimeStampedModel
from intercoop.core.names import MultilingualNameModel, localized


class Institution(MultilingualNameModel, TimeStampedModel, ArchivableModel):
    """A college: the tenant that owns every other row."""

    code = models.CharField(_("MoE institution code"), max_length=10, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    province = models.CharField(_("province"), max_length=40, blank=True)
    city = models.CharField(_("city"), max_length=40, blank=True)
    level = models.CharField(_("level"), max_length=20, blank=True, help_text=_("e.g. 专科 or 本科"))
    authority = models.CharField(_("competent authority"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    settings = models.JSONField(_("settings"), default=dict, blank=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["code"]


class OrgUnit(MultilingualNameModel, TenantModel):
    """A school-level office, a secondary college or a department, in a tree under its institution."""

    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", _("School leadership")
        SCHOOL_OFFICE = "school_office", _("School-level office")
        SECONDARY_COLLEGE = "secondary_college", _("Secondary college")
        DEPARTMENT = "department", _("Department")
        OTHER = "other", _("Other unit")

    class Function(models.TextChoices):
        NONE = "", _("—")
        INTERNATIONAL = "international", _("International office")
        ACADEMIC = "academic", _("Academic affairs")
        HR = "hr", _("Human resources")
        FINANCE = "finance", _("Finance")
        RESEARCH = "research", _("Research")
        ENTERPRISE = "enterprise", _("Enterprise cooperation")
        STUDENT_AFFAIRS = "student_affairs", _("Student affairs")
        IT = "it", _("Information technology")

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    function = models.CharField(_("function"), max_length=20, choices=Function.choices, blank=True)
    code = models.CharField(_("code"), max_length=30, help_text=_("Short code, unique in the institution."))
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"], name="orgunit_code_unique_per_institution"
            ),
        ]
        indexes = [models.Index(fields=["institution", "path"], name="orgunit_inst_path")]

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit itself, read from the materialised path."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class Person(TenantModel):
    """Anyone the institution deals with: staff, teachers, students and external people."""

    SENSITIVE_FIELDS = ("phone", "passport_number", "id_number", "birth_date")

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        TEACHER = "teacher", _("Teacher")
        STUDENT = "student", _("Student")
        EXTERNAL = "external", _("External person")

    class ExternalRole(models.TextChoices):
        NONE = "", _("—")
        ENTERPRISE_MENTOR = "enterprise_mentor", _("Enterprise mentor")
        FOREIGN_EXPERT = "foreign_expert", _("Foreign expert or teacher")
        PARTNER_CONTACT = "partner_contact", _("Partner contact")
        OTHER = "other", _("Other")

    class Gender(models.TextChoices):
        UNKNOWN = "", _("Not stated")
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        OTHER = "X", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    external_role = models.CharField(
        _("external role"), max_length=30, choices=ExternalRole.choices, blank=True
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("org unit"),
    )
    number = models.CharField(
        _("staff or student number"), max_length=40, blank=True, help_text=_("Unique in the institution.")
    )
    name = models.CharField(_("full name (as written)"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, default="CN", help_text=_("ISO 3166 code"))
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, help_text=_("Employer of an external person.")
    )
    position = models.CharField(_("position or title"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    id_number = models.CharField(_("ID number"), max_length=30, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number"],
                condition=~models.Q(number=""),
                name="person_number_unique_per_institution",
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "kind", "name"], name="person_inst_kind_name"),
            models.Index(fields=["institution", "org_unit"], name="person_inst_unit"),
        ]

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_zh, self.name_en)

    def __str__(self) -> str:
        return self.display_name
