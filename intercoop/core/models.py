"""Cross-cutting model pieces: timestamps, the tenant key, archiving, and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ArchivableQuerySet(models.QuerySet):
    def active(self) -> ArchivableQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ArchivableQuerySet:
        return self.filter(archived_at__isnull=False)


class ArchivableModel(models.Model):
    """Nothing a user made is deleted: it is archived, and can be restored."""

    archived_at = models.DateTimeField(_("archived"), null=True, blank=True, db_index=True)

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class TenantModel(TimeStampedModel, ArchivableModel):
    """A row that belongs to one institution (the tenant). Child tables carry the key too."""

    institution = models.ForeignKey(
        "org.Institution", on_delete=models.PROTECT, related_name="+", verbose_name=_("institution")
    )

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change, written by a service: who, when, what, before → after."""

    institution = models.ForeignKey(
        "org.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=100)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["institution", "-at"], name="audit_inst_at"),
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_at"),
            models.Index(fields=["action"], name="audit_action"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_label}"


class ReminderLog(models.Model):
    """A reminder that was sent, by its stable key, so that it is never sent twice."""

    key = models.CharField(max_length=200, unique=True)
    institution = models.ForeignKey("org.Institution", null=True, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.TextField(blank=True)
    subject = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        indexes = [models.Index(fields=["institution", "-sent_at"], name="reminder_inst_sent")]

    def __str__(self) -> str:
        return self.key


class RecordChange(models.Model):
    """A write in an institution that the figures derived from its records (the pre-aggregated indicator
    values) have not yet taken in. One is inserted with every audit entry about a record; refreshing the
    figures consumes those it saw. Insert-only, so writers never wait for one another or for a reader."""

    institution = models.ForeignKey("org.Institution", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=60)  # the app of the changed record ("mobility", "travel"…)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("record change not yet aggregated")
        verbose_name_plural = _("record changes not yet aggregated")
        indexes = [models.Index(fields=["institution", "id"], name="recordchange_inst")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.at:%Y-%m-%d %H:%M:%S}"


class CalendarDay(TenantModel):
    """A day the institution's calendar adds to the published arrangement (core.workdays): a public
    holiday, or a make-up working day (调休) on a weekend, kept by the office on the calendar page."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (day off)")
        WORKDAY = "workday", _("Make-up working day")

    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("e.g. 春节 Spring Festival"))

    class Meta:
        verbose_name = _("holiday calendar day")
        verbose_name_plural = _("holiday calendar days")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "day"],
                condition=models.Q(archived_at__isnull=True),
                name="calendar_day_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.get_kind_display()} {self.name}".strip()


class CalendarYear(TenantModel):
    """The office has entered a year's whole arrangement: working days of that year are counted with it,
    and pages stop warning that the year's holidays are missing."""

    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("holiday calendar year")
        verbose_name_plural = _("holiday calendar years")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"],
                condition=models.Q(archived_at__isnull=True),
                name="calendar_year_once",
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class Notification(models.Model):
    """A reminder or request shown in the app's notification centre, beside the e-mail it was sent as
    (``core.reminders``): one per user and reminder key, read or not."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications")
    institution = models.ForeignKey(
        "org.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    key = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.subject


class CalendarFeed(models.Model):
    """A user's secret iCalendar address of their deadlines. Only its SHA-256 is kept; the address is
    shown once, when it is made, and making a new one ends the old."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="calendar_feeds"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"


class FormSubmission(models.Model):
    """One sending of a page's form, by its one-time token (``core.once``): a form sent twice (a double
    click, a reload that re-posts) is carried out once, and the second sending is shown the first's
    result. ``released`` marks a sending whose answer was not a redirect (a form shown again with its
    errors, a download): its token may be sent again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    location = models.CharField(max_length=500, blank=True)
    released = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("form sending")
        verbose_name_plural = _("form sendings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token"], condition=models.Q(released=False), name="form_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.created_at:%Y-%m-%d %H:%M}"
