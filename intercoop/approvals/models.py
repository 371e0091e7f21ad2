"""The approval engine: chains of steps per kind of request, requests that walk them, decisions, delegations.

A chain is configuration (per institution and kind). When something is submitted, the steps that apply
to it are copied into the request (``RequestStep``), resolved to org units, so that a later change to the
chain never changes a request already in flight and every decision stays attached to the step it decided.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intercoop.core.models import TenantModel
from intercoop.core.roles import Role


class Level(models.TextChoices):
    APPLICANT_COLLEGE = "applicant_college", _("The applicant's college")
    UNIT = "unit", _("A named unit")
    INSTITUTION = "institution", _("Anyone with the role in the institution")


class Condition(models.TextChoices):
    ALWAYS = "always", _("Always")
    AMOUNT_OVER = "amount_over", _("Budget above a threshold")
    COUNTRY_IN = "country_in", _("Destination among given countries")
    LEADER_LED = "leader_led", _("Delegation led by a school leader")
    DAYS_OVER = "days_over", _("Longer than a number of days")
    OUTSIDE_PLAN = "outside_plan", _("Outside the annual plan")


class ApprovalChain(TenantModel):
    kind = models.CharField(_("kind of request"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    remind_after_days = models.PositiveSmallIntegerField(
        _("remind the approver after (days)"), default=3, help_text=_("A step waiting longer is reminded.")
    )

    class Meta:
        verbose_name = _("approval chain")
        verbose_name_plural = _("approval chains")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "kind"],
                condition=models.Q(archived_at__isnull=True),
                name="approval_chain_one_per_kind",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ChainStep(TenantModel):
    chain = models.ForeignKey(ApprovalChain, on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=200)
    name_en = models.CharField(_("step in English"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    level = models.CharField(pgettext_lazy("approval step", "level"), max_length=20, choices=Level.choices)
    org_unit = models.ForeignKey(
        "org.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    condition = models.CharField(
        _("applies when"), max_length=20, choices=Condition.choices, default=Condition.ALWAYS
    )
    threshold = models.DecimalField(
        _("threshold"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Amount in CNY or number of days, for the conditions that need one."),
    )
    countries = models.CharField(
        _("countries"), max_length=300, blank=True, help_text=_("ISO codes separated by commas, e.g. US,GB")
    )

    class Meta:
        verbose_name = _("chain step")
        verbose_name_plural = _("chain steps")
        ordering = ["chain", "position", "id"]

    def __str__(self) -> str:
        return self.name


class ApprovalRequest(TenantModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for revision")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(_("kind of request"), max_length=50)
    object_id = models.PositiveBigIntegerField()
    subject_label = models.CharField(_("subject"), max_length=300)
    chain = models.ForeignKey(ApprovalChain, on_delete=models.PROTECT, related_name="requests")
    applicant_unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    current_position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveIntegerField(default=0)
    facts = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["institution", "kind", "object_id"], name="approval_req_subject"),
            models.Index(fields=["institution", "status"], name="approval_req_status"),
        ]

    def __str__(self) -> str:
        return self.subject_label


class RequestStep(TenantModel):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Not reached yet")
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        RETURNED = "returned", _("Returned for revision")
        CLOSED = "closed", _("Not needed any more")

    request = models.ForeignKey(ApprovalRequest, on_delete=models.PROTECT, related_name="steps")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("step"), max_length=200)
    name_en = models.CharField(_("step in English"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    org_unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("why this step applies"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    reached_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    attachment = models.ForeignKey(
        "attachments.Attachment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("attachment"),
    )

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="approval_step_position_unique")
        ]
        indexes = [models.Index(fields=["institution", "status", "role"], name="approval_step_waiting")]

    def __str__(self) -> str:
        return self.name


class Delegation(TenantModel):
    """While away, an approver lets a substitute decide in their place (recorded as on their behalf)."""

    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("approver")
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("substitute")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="delegation_ends_after_start",
                violation_error_message=_("The end date is before the start date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate}"
