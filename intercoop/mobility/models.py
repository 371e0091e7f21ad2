"""Mobility and exchange: every movement of a person out of or into the institution, recorded once.

A mobility has a direction (outgoing: our student or teacher goes abroad; incoming: someone comes to us),
a type, the partner on the other side, planned and actual dates and credits. Counts and person-days are
computed from these rows (days inclusive of both ends), never typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intercoop.core.models import TenantModel
from intercoop.core.names import localized


class Direction(models.TextChoices):
    OUTGOING = "out", _("Outgoing")
    INCOMING = "in", _("Incoming")


class MobilityType(models.TextChoices):
    STUDY = "study", _("Study exchange")
    INTERNSHIP = "internship", _("Overseas internship")
    CN_ENTERPRISE = "cn_enterprise", _("Internship at a Chinese enterprise operating abroad")
    EMPLOYMENT = "employment", _("Overseas employment")
    TEACHING = "teaching", _("Teaching")
    TRAINING_RECEIVED = "training_received", _("Training received")
    TRAINING_DELIVERED = "training_delivered", _("Training delivered")
    RESEARCH = "research", _("Research visit")
    COMPETITION = "competition", _("Competition")
    SHORT_PROGRAMME = "short_programme", _("Short programme or summer school")


class ParticipantKind(models.TextChoices):
    STUDENT = "student", _("Student")
    TEACHER = "teacher", pgettext_lazy("participant", "Teacher")
    STAFF = "staff", _("Staff")
    OTHER = "other", _("Other")


class Funding(models.TextChoices):
    ERASMUS = "erasmus", _("Erasmus+ grant")
    SPECIAL_FUND = "special_fund", _("Special fund for international cooperation")
    SCHOLARSHIP = "scholarship", _("Government scholarship")
    HOST = "host", _("Paid by the host")
    ENTERPRISE = "enterprise", _("Paid by an enterprise")
    SELF = "self", _("Self-funded")
    OTHER = "other", _("Other")


class Mobility(TenantModel):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("mobility status", "Planned")
        CONFIRMED = "confirmed", _("Took place")
        CANCELLED = "cancelled", pgettext_lazy("mobility status", "Cancelled")

    reference = models.CharField(_("reference"), max_length=30)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    type = models.CharField(_("type"), max_length=30, choices=MobilityType.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    person = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobilities",
        verbose_name=_("person"),
    )
    participant_label = models.CharField(
        _("participant (anonymised)"),
        max_length=120,
        blank=True,
        help_text=_("For records without a named person, such as anonymised open data."),
    )
    participant_kind = models.CharField(
        _("participant kind"), max_length=20, choices=ParticipantKind.choices, default=ParticipantKind.STUDENT
    )
    gender = models.CharField(_("gender"), max_length=1, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    org_unit = models.ForeignKey(
        "org.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("college or unit"),
    )
    home_partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home organisation"),
        help_text=_("For incoming mobility: where the person comes from."),
    )
    host_partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("host organisation"),
        help_text=_("For outgoing mobility: where the person goes."),
    )
    # An outgoing stay's host that is not in the partner directory: an enterprise of an Erasmus placement,
    # which the EC's records name only by its name (issue 18 item 1).
    host_name = models.CharField(
        _("host organisation (name)"),
        max_length=200,
        blank=True,
        help_text=_("When the host is not in the partner directory, its name."),
    )
    country = models.CharField(_("country or region"), max_length=2)
    city = models.CharField(_("city"), max_length=100, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    start_date = models.DateField(_("actual start"), null=True, blank=True)
    end_date = models.DateField(_("actual end"), null=True, blank=True)
    credits_planned = models.DecimalField(
        _("credits planned"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    credits_obtained = models.DecimalField(
        _("credits obtained"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    funding = models.CharField(_("funding"), max_length=20, choices=Funding.choices, blank=True)
    grant_amount = models.DecimalField(_("grant"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agreement"),
        help_text=_("The agreement this mobility uses; it counts as the agreement's activity."),
    )
    project = models.CharField(_("project"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    external_key = models.CharField(
        _("import key"),
        max_length=80,
        blank=True,
        help_text=_(
            "Identifies the row an import wrote, so that importing the same file again changes nothing."
        ),
    )
    import_batch_id = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("mobility")
        verbose_name_plural = _("mobilities")
        ordering = ["-planned_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "reference"],
                name="mobility_reference_unique",
                violation_error_message=_("A mobility with this reference exists already."),
            ),
            models.UniqueConstraint(
                fields=["institution", "external_key"],
                condition=~models.Q(external_key=""),
                name="mobility_external_key_unique",
                violation_error_message=_("This row was imported already."),
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="mobility_planned_dates_ordered",
                violation_error_message=_("The planned end is before the planned start."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="mobility_actual_dates_ordered",
                violation_error_message=_("The actual end is before the actual start."),
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "direction", "type", "start_date"], name="mobility_figures"),
            models.Index(fields=["person", "planned_start"], name="mobility_person"),
            models.Index(fields=["institution", "-planned_start"], name="mobility_list"),
            # An agreement's latest mobility (its health).
            models.Index(fields=["agreement", "start_date"], name="mobility_agreement_start"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.who}"

    @property
    def who(self) -> str:
        return self.person.display_name if self.person_id and self.person else self.participant_label

    @property
    def partner(self) -> Any:
        """The organisation on the other side: the host of an outgoing, the home of an incoming mobility."""
        return self.host_partner if self.direction == Direction.OUTGOING else self.home_partner

    @property
    def partner_name(self) -> str:
        """The other side's name: the partner's, or the host recorded by name (a placement's enterprise)."""
        partner = self.partner
        if partner is not None:
            return str(partner.display_name)
        return self.host_name if self.direction == Direction.OUTGOING else ""

    @property
    def first_day(self) -> dt.date:
        return self.start_date or self.planned_start

    @property
    def last_day(self) -> dt.date:
        return self.end_date or self.planned_end

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


# -- people staying with us: international students and foreign experts -------------------------------


class VisaType(models.TextChoices):
    X1 = "X1", _("X1 (study, more than 180 days)")
    X2 = "X2", _("X2 (study, up to 180 days)")
    Z = "Z", _("Z (work)")
    R = "R", _("R (high-level talent)")
    F = "F", _("F (exchange or visit)")
    OTHER = "other", _("Other")
    NONE = "none", _("No visa needed")


class ForeignStay(TenantModel):
    """What both an international student and a foreign expert have: a person here, on a visa, with
    registrations and permits that have deadlines (DOMAIN.md §3.2)."""

    SENSITIVE_FIELDS: tuple[str, ...] = ("residence_permit_number",)

    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("college or unit")
    )
    responsible = models.ForeignKey(
        "org.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible person"),
        help_text=_("Receives the reminders before each deadline; the international office when empty."),
    )
    home_partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home organisation"),
    )
    visa_type = models.CharField(_("visa"), max_length=10, choices=VisaType.choices, blank=True)
    entry_date = models.DateField(_("entry into China"), null=True, blank=True)
    accommodation_registered_on = models.DateField(_("accommodation registered"), null=True, blank=True)
    residence_permit_number = models.CharField(_("residence permit number"), max_length=40, blank=True)
    residence_permit_expiry = models.DateField(_("residence permit valid until"), null=True, blank=True)
    insurance_until = models.DateField(_("insurance valid until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True


class InternationalStudent(ForeignStay):
    class Programme(models.TextChoices):
        DEGREE = "degree", _("Full-time degree programme")
        NON_DEGREE = "non_degree", _("Non-degree programme")
        SHORT_TERM = "short_term", _("Short-term programme")

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        SUSPENDED = "suspended", _("Suspended")
        GRADUATED = "graduated", _("Graduated")
        LEFT = "left", _("Left")

    programme = models.CharField(_("programme kind"), max_length=20, choices=Programme.choices)
    programme_name = models.CharField(_("programme"), max_length=200)
    full_time = models.BooleanField(_("full-time"), default=True)
    enrolled_on = models.DateField(_("enrolled on"))
    expected_end = models.DateField(_("expected end"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ENROLLED)
    scholarship = models.CharField(_("scholarship"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("international student")
        verbose_name_plural = _("international students")
        ordering = ["-enrolled_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expected_end__gte=models.F("enrolled_on")),
                name="intl_student_dates_ordered",
                violation_error_message=_("The expected end is before the enrolment."),
            ),
        ]
        indexes = [models.Index(fields=["institution", "enrolled_on"], name="intl_student_enrolled")]

    def __str__(self) -> str:
        return f"{self.person} · {self.programme_name}"


class ForeignExpert(ForeignStay):
    class Kind(models.TextChoices):
        TEACHER = "teacher", _("Foreign teacher")
        EXPERT = "expert", _("Foreign expert")

    SENSITIVE_FIELDS = ("residence_permit_number", "work_permit_number")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEACHER)
    contract_start = models.DateField(_("contract start"))
    contract_end = models.DateField(_("contract end"))
    work_permit_number = models.CharField(_("work permit number"), max_length=40, blank=True)
    work_permit_expiry = models.DateField(_("work permit valid until"), null=True, blank=True)
    courses = models.TextField(_("courses taught"), blank=True)
    evaluation_score = models.PositiveSmallIntegerField(_("evaluation score (0–100)"), null=True, blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)

    class Meta:
        verbose_name = _("foreign expert or teacher")
        verbose_name_plural = _("foreign experts and teachers")
        ordering = ["-contract_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_end__gte=models.F("contract_start")),
                name="foreign_expert_dates_ordered",
                violation_error_message=_("The contract ends before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(evaluation_score__isnull=True) | models.Q(evaluation_score__lte=100),
                name="foreign_expert_score_range",
                violation_error_message=_("The evaluation score is at most 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"


# -- training for foreign trainees, and competitions ---------------------------------------------------


class TrainingEvent(TenantModel):
    """Training delivered to non-full-time foreign trainees (row 2 of the national table): at home or at an
    overseas base. Person-days = participants × days, both ends included."""

    reference = models.CharField(_("reference"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("college or unit")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner"),
    )
    host = models.CharField(
        _("host or venue"), max_length=200, blank=True, help_text=_("For example an overseas training base.")
    )
    country = models.CharField(_("country or region where it is held"), max_length=2)
    language = models.CharField(_("language of instruction"), max_length=40, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    participants_count = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        help_text=_("The number of trainees, when they are not listed by name."),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agreement"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("training for foreign trainees")
        verbose_name_plural = _("training for foreign trainees")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "reference"],
                name="training_reference_unique",
                violation_error_message=_("A training with this reference exists already."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="training_dates_ordered",
                violation_error_message=_("The last day is before the first day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def display_title(self) -> str:
        """The title in the reader's language (the English one on English pages, where there is one)."""
        return localized(self.title, en=self.title_en)

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class TrainingParticipant(TenantModel):
    event = models.ForeignKey(TrainingEvent, on_delete=models.PROTECT, related_name="participants")
    name = models.CharField(_("name"), max_length=200)
    nationality = models.CharField(_("nationality"), max_length=2)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    external_key = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "external_key"],
                condition=~models.Q(external_key=""),
                name="trainee_key_unique",
                violation_error_message=_("This trainee is listed already."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class AwardLevel(models.TextChoices):
    NONE = "none", _("No award")
    GRAND = "grand", _("Grand prize or special award")
    FIRST = "first", _("First prize or gold")
    SECOND = "second", _("Second prize or silver")
    THIRD = "third", _("Third prize or bronze")
    EXCELLENCE = "excellence", _("Excellence award")
    OTHER = "other", _("Other award")


class Competition(TenantModel):
    """An entry in a skills competition abroad or an international one; with an award it counts in row 8."""

    event = models.CharField(_("competition"), max_length=200)
    event_en = models.CharField(_("competition in English"), max_length=200, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    country = models.CharField(_("country or region where it is held"), max_length=2)
    international = models.BooleanField(
        _("international competition"),
        default=True,
        help_text=_("Held abroad, or open to several countries."),
    )
    held_on = models.DateField(_("date of the final or the award"))
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("college or unit")
    )
    participants = models.TextField(_("participants"), help_text=_("Students and supervising teachers."))
    award_level = models.CharField(
        _("award"), max_length=20, choices=AwardLevel.choices, default=AwardLevel.NONE
    )
    award_title = models.CharField(_("award title"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.event

    @property
    def display_event(self) -> str:
        """The competition's name in the reader's language."""
        return localized(self.event, en=self.event_en)

    @property
    def counts_as_award(self) -> bool:
        return self.award_level != AwardLevel.NONE and (self.international or self.country != "CN")


# -- exchange calls for students ------------------------------------------------------------------------


class ExchangeCall(TenantModel):
    """A call for students to apply for places at partners; places cannot be over-allocated."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("call status", "Draft")
        OPEN = "open", pgettext_lazy("call status", "Open")
        CLOSED = "closed", pgettext_lazy("call status", "Closed")

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    org_unit = models.ForeignKey(
        "org.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("open to the students of"),
        help_text=_("Empty: every college."),
    )
    type = models.CharField(
        _("type"), max_length=30, choices=MobilityType.choices, default=MobilityType.STUDY
    )
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    mobility_start = models.DateField(_("mobility starts"))
    mobility_end = models.DateField(_("mobility ends"))
    min_year = models.PositiveSmallIntegerField(_("minimum year of study"), default=1)
    min_gpa = models.DecimalField(_("minimum GPA"), max_digits=3, decimal_places=2, null=True, blank=True)
    language_requirement = models.CharField(_("language requirement"), max_length=200, blank=True)
    documents_required = models.CharField(
        _("documents to upload"),
        max_length=300,
        blank=True,
        help_text=_("For example transcript, language certificate."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        verbose_name = _("exchange call")
        verbose_name_plural = _("exchange calls")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="call_dates_ordered",
                violation_error_message=_("Applications close before they open."),
            ),
            models.CheckConstraint(
                condition=models.Q(mobility_end__gte=models.F("mobility_start")),
                name="call_mobility_dates_ordered",
                violation_error_message=_("The mobility ends before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the reader's language (the English one on English pages, where there is one)."""
        return localized(self.title, en=self.title_en)


class CallPlace(TenantModel):
    call = models.ForeignKey(ExchangeCall, on_delete=models.PROTECT, related_name="places")
    partner = models.ForeignKey(
        "partners.Partner", on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agreement"),
    )
    places = models.PositiveSmallIntegerField(_("places"))
    nominated = models.PositiveSmallIntegerField(_("nominated"), default=0)

    class Meta:
        verbose_name = _("place at a partner")
        verbose_name_plural = _("places at partners")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "partner"],
                name="call_place_partner_unique",
                violation_error_message=_("This partner is in the call already."),
            ),
            models.CheckConstraint(
                condition=models.Q(nominated__lte=models.F("places")),
                name="call_place_not_over_allocated",
                violation_error_message=_("More students nominated than places."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.places})"

    @property
    def free(self) -> int:
        return self.places - self.nominated


class Application(TenantModel):
    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("In review at the college")
        RETURNED = "returned", _("Returned for revision")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Not eligible")
        NOMINATED = "nominated", _("Nominated to the partner")
        ACCEPTED = "accepted", _("Accepted by the partner")
        DECLINED = "declined", _("Declined by the partner")
        NOT_SELECTED = "not_selected", _("Not selected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(ExchangeCall, on_delete=models.PROTECT, related_name="applications")
    student = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("college")
    )
    first_choice = models.ForeignKey(
        CallPlace, on_delete=models.PROTECT, related_name="+", verbose_name=_("first choice")
    )
    second_choice = models.ForeignKey(
        CallPlace,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("second choice"),
    )
    year_of_study = models.PositiveSmallIntegerField(_("year of study"))
    gpa = models.DecimalField(_("GPA"), max_digits=3, decimal_places=2)
    language_level = models.CharField(_("language level"), max_length=120)
    statement = models.TextField(_("motivation"))
    document = models.ForeignKey(
        "attachments.Attachment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("documents (PDF)"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_REVIEW)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    place = models.ForeignKey(
        CallPlace,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nominated to"),
    )
    mobility = models.ForeignKey(
        Mobility,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("mobility"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("exchange application")
        verbose_name_plural = _("exchange applications")
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "student"],
                condition=~models.Q(status="withdrawn"),
                name="application_once_per_call",
                violation_error_message=_("You have applied to this call already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.call}"
