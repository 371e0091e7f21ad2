"""Official travel abroad (因公出国(境)): annual plans, trips, delegations, notice, passports, reports.

A trip walks: draft → in approval (the configured chain) → public notice → approved (mission approval
issued) → reported → settled; returned, rejected and cancelled trips keep their history. Days are
counted inclusive of both ends; person-days are members × days.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intercoop.core.models import TenantModel


class Purpose(models.TextChoices):
    TEACHING = "teaching", _("Teaching or training at an overseas base")
    GUIDANCE = "guidance", _("Guidance of students or partners abroad")
    CONFERENCE = "conference", _("International conference")
    STUDY = "study", _("Study or training received")
    NEGOTIATION = "negotiation", _("Negotiation and visit")
    COMPETITION = "competition", _("International competition")
    OTHER = "other", _("Other")


# Purposes whose person-days count as "teachers' time abroad for guidance and training" in the national table.
TEACHING_PURPOSES = (Purpose.TEACHING, Purpose.GUIDANCE)


class FundSource(models.TextChoices):
    SPECIAL_FUND = "special_fund", _("Special fund for international cooperation")
    COLLEGE = "college", _("College budget")
    PROJECT = "project", _("Project funds")
    HOST = "host", _("Paid by the inviting party")
    OTHER = "other", _("Other")


class AnnualPlan(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", pgettext_lazy("plan status", "Approved")
        RETURNED = "returned", _("Returned for revision")

    year = models.PositiveSmallIntegerField(_("year"))
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("college")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted after the deadline"), default=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("annual travel plan")
        verbose_name_plural = _("annual travel plans")
        ordering = ["-year", "org_unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "org_unit"],
                condition=models.Q(archived_at__isnull=True),
                name="travel_plan_one_per_unit_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.org_unit}"


class PlannedTrip(TenantModel):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.PROTECT, related_name="lines")
    title = models.CharField(_("planned trip"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    countries = models.CharField(_("countries"), max_length=100, help_text=_("ISO codes, e.g. DE,FR"))
    month = models.PositiveSmallIntegerField(_("month"))
    people = models.PositiveSmallIntegerField(_("people"))
    days = models.PositiveSmallIntegerField(_("days"))
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inviting partner"),
    )
    budget = models.DecimalField(_("estimated budget (CNY)"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("planned trip")
        verbose_name_plural = _("planned trips")
        ordering = ["plan", "month", "id"]

    def __str__(self) -> str:
        return self.title


class Trip(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_APPROVAL = "in_approval", _("In approval")
        RETURNED = "returned", _("Returned for revision")
        REJECTED = "rejected", _("Rejected")
        NOTICE = "notice", _("Public notice")
        APPROVED = "approved", pgettext_lazy("trip status", "Approved")
        REPORTED = "reported", _("Report filed")
        SETTLED = "settled", _("Settled")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("number"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    org_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("applying unit")
    )
    applicant = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant")
    )
    departure = models.DateField(_("departure"))
    return_on = models.DateField(_("return"))
    inviting_partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inviting organisation"),
    )
    itinerary = models.TextField(_("itinerary"), blank=True)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("under agreement"),
    )
    planned_trip = models.ForeignKey(
        PlannedTrip,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trips",
        verbose_name=_("planned trip"),
    )
    fund_source = models.CharField(_("fund source"), max_length=20, choices=FundSource.choices)
    led_by_school_leader = models.BooleanField(_("led by a school leader"), default=False)
    revision = models.PositiveSmallIntegerField(_("revision"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    notice_starts_on = models.DateField(_("notice from"), null=True, blank=True)
    notice_ends_on = models.DateField(_("notice until"), null=True, blank=True)
    mission_number = models.CharField(_("mission approval number"), max_length=40, blank=True)
    mission_issued_on = models.DateField(_("mission approval issued"), null=True, blank=True)
    status_note = models.TextField(_("note on the last step"), blank=True)
    # Entered after it took place (a college adopting the system brings in earlier years; a trip approved
    # outside it) by the office, with the approval reference it had: counted like an approved trip.
    recorded_afterwards = models.BooleanField(_("recorded afterwards"), default=False)

    class Meta:
        verbose_name = _("trip abroad")
        verbose_name_plural = _("trips abroad")
        ordering = ["-departure", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "number"], name="trip_number_unique"),
            models.UniqueConstraint(
                fields=["institution", "mission_number"],
                condition=~models.Q(mission_number=""),
                name="trip_mission_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(return_on__gte=models.F("departure")),
                name="trip_return_after_departure",
                violation_error_message=_("The return date is before the departure date."),
            ),
        ]
        indexes = [
            models.Index(fields=["institution", "status"], name="trip_inst_status"),
            models.Index(fields=["institution", "departure"], name="trip_inst_departure"),
            # An agreement's latest trip (its health): without it SQLite walks the institution's trips.
            models.Index(fields=["agreement", "departure"], name="trip_agreement_departure"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def days(self) -> int:
        """Days abroad, both ends included."""
        return (self.return_on - self.departure).days + 1


class TripMember(TenantModel):
    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    is_leader = models.BooleanField(_("leader of the delegation"), default=False)

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["trip", "-is_leader", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "person"],
                condition=models.Q(archived_at__isnull=True),
                name="trip_member_once",
            )
        ]
        indexes = [models.Index(fields=["institution", "person"], name="trip_member_person")]

    def __str__(self) -> str:
        return str(self.person)


class TripDestination(TenantModel):
    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, related_name="destinations")
    position = models.PositiveSmallIntegerField(default=1)
    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("city"), max_length=100, blank=True)
    days = models.PositiveSmallIntegerField(_("days"))

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        ordering = ["trip", "position", "id"]

    def __str__(self) -> str:
        return f"{self.country} {self.city}".strip()


class BudgetLine(TenantModel):
    class Item(models.TextChoices):
        FARE = "fare", _("International fares")
        ACCOMMODATION = "accommodation", _("Accommodation")
        MEALS = "meals", _("Meals and incidentals")
        TRANSPORT = "transport", _("Local transport")
        FEES = "fees", _("Conference or training fees")
        VISA = "visa", _("Visa and insurance")
        OTHER = "other", _("Other")

    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, related_name="budget_lines")
    item = models.CharField(_("item"), max_length=20, choices=Item.choices)
    amount = models.DecimalField(_("approved amount (CNY)"), max_digits=12, decimal_places=2)
    fund_source = models.CharField(_("fund source"), max_length=20, choices=FundSource.choices)
    actual = models.DecimalField(_("actual (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)
    # What was spent as the receipts show it: the amount in its currency and the rate applied (yuan per unit).
    actual_currency = models.CharField(_("currency spent"), max_length=3, blank=True)
    actual_in_currency = models.DecimalField(
        _("actual in that currency"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    actual_rate = models.DecimalField(
        _("exchange rate (CNY per unit)"), max_digits=14, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["trip", "id"]

    def __str__(self) -> str:
        return str(self.get_item_display())


class TripDocumentKind(models.TextChoices):
    """What a file on a trip is (its files are ``attachments.Attachment`` rows, see attachables.py)."""

    INVITATION = "invitation", _("Invitation letter")
    ITINERARY = "itinerary", _("Itinerary")
    REPORT = "report", _("Report attachment")
    PHOTO = "photo", _("Photo")
    RECEIPT = "receipt", _("Receipt")
    OTHER = "other", _("Other")


class Objection(TenantModel):
    class Outcome(models.TextChoices):
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        UPHELD = "upheld", _("Upheld")

    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, related_name="objections")
    received_on = models.DateField(_("received on"))
    raised_by = models.CharField(
        _("raised by"), max_length=200, blank=True, help_text=_("May stay anonymous.")
    )
    content = models.TextField(_("objection"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["trip", "received_on", "id"]

    def __str__(self) -> str:
        return self.content[:60]


class TravelDocument(models.TextChoices):
    """The documents the office keeps and hands out: a trip to Hong Kong or Macao needs the exit-entry
    permit, to Taiwan the mainland travel permit, anywhere else the official passport."""

    PASSPORT = "passport", _("Official passport")
    HKMO_PERMIT = "hkmo_permit", _("Exit-entry permit for Hong Kong and Macao")
    TW_PERMIT = "tw_permit", _("Travel permit to Taiwan")


class PassportLoan(TenantModel):
    """An official passport (or a permit for Hong Kong, Macao or Taiwan) kept by the office, handed to a
    traveller for a trip and returned after it."""

    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, related_name="passports")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("traveller")
    )
    document = models.CharField(
        _("document"), max_length=20, choices=TravelDocument.choices, default=TravelDocument.PASSPORT
    )
    issued_on = models.DateField(_("handed out"))
    due_on = models.DateField(_("due back"))
    returned_on = models.DateField(_("returned"), null=True, blank=True)

    class Meta:
        verbose_name = _("passport loan")
        verbose_name_plural = _("passport loans")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "person", "document"],
                condition=models.Q(archived_at__isnull=True),
                name="travel_document_once_per_trip",
            )
        ]
        indexes = [models.Index(fields=["institution", "returned_on", "due_on"], name="passport_open")]

    def __str__(self) -> str:
        return f"{self.person} {self.get_document_display()} ({self.trip.number})"


class TripReport(TenantModel):
    trip = models.OneToOneField(Trip, on_delete=models.PROTECT, related_name="report")
    submitted_on = models.DateField(_("filed on"))
    due_on = models.DateField(_("due on"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("report"))
    outcomes = models.TextField(_("outcomes"), blank=True)

    class Meta:
        verbose_name = _("trip report")
        verbose_name_plural = _("trip reports")

    def __str__(self) -> str:
        return str(self.trip)

    @property
    def on_time(self) -> bool:
        return self.submitted_on <= self.due_on


class ReportLink(TenantModel):
    """A record a trip report points to: a partner met, an agreement signed or discussed."""

    report = models.ForeignKey(TripReport, on_delete=models.PROTECT, related_name="links")
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("report link")
        verbose_name_plural = _("report links")


class Settlement(TenantModel):
    trip = models.OneToOneField(Trip, on_delete=models.PROTECT, related_name="settlement")
    settled_on = models.DateField(_("settled on"))
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    total_approved = models.DecimalField(_("approved total (CNY)"), max_digits=12, decimal_places=2)
    total_actual = models.DecimalField(_("actual total (CNY)"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self) -> str:
        return str(self.trip)
