"""Agreements with partners, what they promise, and the evidence that they are implemented."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intercoop.core.models import TenantModel


class Agreement(TenantModel):
    class Type(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding / framework")
        COOPERATION = "cooperation", _("Cooperation agreement")
        STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
        STAFF_EXCHANGE = "staff_exchange", _("Staff exchange")
        CREDIT_RECOGNITION = "credit_recognition", _("Credit recognition / articulation")
        JOINT_PROGRAMME = "joint_programme", _("Joint or Sino-foreign programme")
        DUAL_DIPLOMA = "dual_diploma", _("Dual diploma")
        INTERNSHIP = "internship", _("Internship / placement")
        ORDER_CLASS = "order_class", _("Order class")
        INDUSTRY_COLLEGE = "industry_college", _("Industry-college co-construction")
        TRAINING_BASE = "training_base", _("Training-base co-construction")
        RESEARCH = "research", _("Research cooperation")
        OVERSEAS_BASE = "overseas_base", _("Overseas base or school")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        SIGNED = "signed", _("Signed")
        ACTIVE = "active", pgettext_lazy("agreement status", "Active")
        EXPIRING = "expiring", _("Expiring")
        EXPIRED = "expired", _("Expired")
        RENEWED = "renewed", _("Renewed")
        TERMINATED = "terminated", _("Terminated")

    number = models.CharField(_("number"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    framework = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("framework agreement"),
    )
    predecessor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        verbose_name=_("renews"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty for no end date."))
    auto_renewal = models.BooleanField(_("renews automatically"), default=False)
    notice_days = models.PositiveIntegerField(_("notice period (days)"), default=90)
    school_responsible = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible person (school)"),
    )
    college_responsible = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible person (college)"),
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Only the owning colleges and school-level staff (international office, leadership, finance) "
            "see it."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    status_note = models.TextField(_("note on the last step"), blank=True)
    # The row an import wrote (the source system's id, or the row's content): the same file again, with
    # or without a number column, changes nothing (issue 18 item 9).
    import_key = models.CharField(_("import key"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="agreement_number_unique"),
            models.UniqueConstraint(
                fields=["institution", "import_key"],
                condition=~models.Q(import_key=""),
                name="agreement_import_key_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="agreement_valid_to_after_from",
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "status"], name="agreement_inst_status"),
            models.Index(fields=["institution", "valid_to"], name="agreement_inst_valid_to"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class AgreementParty(TenantModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="parties")
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("partner"),
    )
    signatory = models.CharField(_("signatory"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partner"],
                condition=models.Q(archived_at__isnull=True),
                name="agreement_party_unique",
            ),
        ]
        indexes = [models.Index(fields=["institution", "partner"], name="party_inst_partner")]

    def __str__(self) -> str:
        return str(self.partner)


class AgreementUnit(TenantModel):
    """A secondary college (or other unit) that owns the agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="owner_units")
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("org unit")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "org_unit"],
                condition=models.Q(archived_at__isnull=True),
                name="agreement_unit_unique",
            ),
        ]
        indexes = [models.Index(fields=["institution", "org_unit"], name="agreementunit_inst_unit")]

    def __str__(self) -> str:
        return str(self.org_unit)


class Condition(TenantModel):
    """What the agreement provides each year, in the manner of the Erasmus Without Paper model."""

    class Direction(models.TextChoices):
        OUT = "out", _("Outgoing (ours go there)")
        IN = "in", _("Incoming (theirs come here)")

    class Activity(models.TextChoices):
        STUDENT_STUDY = "student_study", _("Student study")
        TRAINEESHIP = "traineeship", _("Traineeship")
        STAFF_TEACHING = "staff_teaching", _("Staff teaching")
        STAFF_TRAINING = "staff_training", _("Staff training")
        JOINT_TEACHING = "joint_teaching", _("Joint teaching")
        RESEARCH = "research", _("Research")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="conditions")
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices)
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    places_per_year = models.PositiveIntegerField(_("places per year"), default=0)
    months_per_year = models.DecimalField(
        _("months per year"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    days_per_year = models.PositiveIntegerField(_("days per year"), null=True, blank=True)
    isced_codes = models.CharField(
        _("ISCED-F fields"),
        max_length=200,
        blank=True,
        help_text=_("Codes separated by commas, e.g. 0715, 0716"),
    )
    levels = models.CharField(
        _("levels"), max_length=100, blank=True, help_text=_("e.g. 专科 / short-cycle, bachelor, staff")
    )
    language_requirements = models.CharField(_("language requirements"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cooperation condition")
        verbose_name_plural = _("cooperation conditions")
        ordering = ["direction", "activity"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} · {self.get_activity_display()}"


class Obligation(TenantModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        WAIVED = "waived", _("Waived")

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="obligations")
    party = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owed by"),
        help_text=_("Empty when it is our side's obligation."),
    )
    responsible = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    title = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["institution", "status", "due_on"], name="obligation_inst_status_due")
        ]

    def __str__(self) -> str:
        return self.title


class DocumentKind(models.TextChoices):
    """What a file on an agreement is (its files are ``attachments.Attachment`` rows, see attachables.py)."""

    SIGNED_COPY = "signed_copy", _("Signed copy")
    ANNEX = "annex", _("Annex")
    EVIDENCE = "evidence", _("Evidence of implementation")
    OTHER = "other", _("Other")


class Interaction(TenantModel):
    """A visit, meeting, call or e-mail with a partner: the interaction log, and evidence of use."""

    class Kind(models.TextChoices):
        VISIT_IN = "visit_in", _("Visit received")
        VISIT_OUT = "visit_out", _("Visit made")
        MEETING = "meeting", _("Meeting")
        ONLINE = "online", _("Online meeting")
        CALL = "call", _("Call")
        EMAIL = "email", _("E-mail")
        EVENT = "event", _("Joint event or activity")
        REVIEW = "review", _("Annual implementation review")
        OTHER = "other", _("Other")

    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="interactions", verbose_name=_("partner")
    )
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interactions",
        verbose_name=_("agreement"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=300)
    participants = models.CharField(_("participants"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["institution", "partner", "-occurred_on"], name="interaction_inst_partner"),
            models.Index(fields=["agreement", "-occurred_on"], name="interaction_agreement"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.subject}"
